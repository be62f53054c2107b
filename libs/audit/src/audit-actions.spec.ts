import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AUDIT_ACTIONS } from './audit-actions';

const ROOT = join(__dirname, '..', '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

/** The dotted action names the code records: `action: 'x.y'` and the MFA service's `record(…, 'auth.x'`. */
function recordedActions(): Set<string> {
  const found = new Set<string>();
  const patterns = [
    /action: '([a-z_]+\.[a-z_]+)'/g,
    /this\.record\(\w+, \w+, \w+, '([a-z_]+\.[a-z_]+)'/g,
  ];
  for (const file of [...sourceFiles(join(ROOT, 'apps')), ...sourceFiles(join(ROOT, 'libs'))]) {
    if (file.includes(join('apps', 'web'))) continue;
    const text = readFileSync(file, 'utf8');
    for (const pattern of patterns) for (const m of text.matchAll(pattern)) found.add(m[1]);
  }
  return found;
}

describe('the audit action list', () => {
  const listed = AUDIT_ACTIONS.map(([action]) => action);

  it('should list every action the code records, each once, with a label', () => {
    const missing = [...recordedActions()].filter((a) => !listed.includes(a));
    expect(missing).toEqual([]);
    expect(new Set(listed).size).toBe(listed.length);
    for (const [, label] of AUDIT_ACTIONS) expect(label.length).toBeGreaterThan(3);
  });

  it('should keep actions recorded from computed names (case and dispatch steps, STIX exports)', () => {
    for (const step of [
      'assign',
      'propose',
      'approve',
      'send_back',
      'route',
      'reject',
      'merge',
      'close',
      'reopen',
    ]) {
      expect(listed).toContain(`case.${step}`);
    }
    for (const step of ['deliver', 'fail', 'retry', 'acknowledge', 'accept', 'decline']) {
      expect(listed).toContain(`dispatch.${step}`);
    }
    expect(listed).toEqual(expect.arrayContaining(['case.export_stix', 'dispatch.export_stix']));
  });
});
