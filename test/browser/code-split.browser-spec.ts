import type { Role } from '@app/domain';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { createOrganization, createUser } from '../support/factories';
import { pageShown, signIn } from './support/browser';
import { useConsoleSuite } from './support/console-suite';

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

const manifest = JSON.parse(
  readFileSync(join(__dirname, '../../dist/web/.vite/manifest.json'), 'utf8'),
) as Record<string, ManifestChunk>;

const AREAS = ['officer', 'coordinator', 'liaison', 'auditor', 'admin', 'account'] as const;
type AreaName = (typeof AREAS)[number];

/** The area of a page module (`src/pages/<area>/...`, from the console's root), or undefined for the shell. */
function areaOf(src: string | undefined): AreaName | undefined {
  const match = /^src\/pages\/([^/]+)\//.exec(src ?? '');
  return AREAS.find((area) => area === match?.[1]);
}

/**
 * Which areas' pages each script file serves: a page's own chunk serves its
 * area; a chunk split out of pages (shared helpers) serves every area whose
 * pages import it, directly or through another chunk. The entry and what it
 * imports is the shell (every page's).
 */
function areasByFile(): Map<string, Set<AreaName | 'shell'>> {
  const byFile = new Map<string, Set<AreaName | 'shell'>>();
  const mark = (key: string, area: AreaName | 'shell', seen = new Set<string>()) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    const areas = byFile.get(chunk.file) ?? new Set();
    areas.add(area);
    byFile.set(chunk.file, areas);
    for (const imported of chunk.imports ?? []) mark(imported, area, seen);
  };
  for (const [key, chunk] of Object.entries(manifest)) {
    if (chunk.isEntry) mark(key, 'shell');
    const area = areaOf(chunk.src);
    if (chunk.isDynamicEntry && area) mark(key, area);
  }
  return byFile;
}

/** The scripts the page loads from now on (paths under /assets). */
function recordScripts(page: Page): string[] {
  const scripts: string[] = [];
  page.on('response', (response) => {
    const path = new URL(response.url()).pathname;
    if (response.request().resourceType() === 'script' && path.startsWith('/assets/')) {
      scripts.push(path.slice(1));
    }
  });
  return scripts;
}

/** Each role's pages are chunks of their own: a page loads the shell and its own area's code. */
describe('Console code split per role (browser)', () => {
  const suite = useConsoleSuite();
  const byFile = areasByFile();

  async function person(role: Role) {
    const kind =
      role === 'member_reporter'
        ? 'member'
        : role === 'le_liaison'
          ? 'law_enforcement'
          : 'coalition';
    const org = await createOrganization(suite.server.api.dataSource, kind);
    return createUser(suite.server.api.dataSource, org, role);
  }

  /** Scripts that are neither the shell's nor serve a page of `area`. */
  function foreign(scripts: string[], area: AreaName): string[] {
    return scripts.filter((script) => {
      const owners = byFile.get(script);
      return owners === undefined || (!owners.has('shell') && !owners.has(area));
    });
  }

  /** Page chunks of other areas than `area` among the scripts. */
  function othersPages(scripts: string[], area: AreaName): string[] {
    const theirs = Object.values(manifest)
      .filter((chunk) => chunk.isDynamicEntry && areaOf(chunk.src) !== area)
      .map((chunk) => chunk.file);
    return scripts.filter((script) => theirs.includes(script));
  }

  /** Whether one of the scripts is a page chunk of `area` (the page did come as its own chunk). */
  function ownPageLoaded(scripts: string[], area: AreaName): boolean {
    return Object.values(manifest).some(
      (chunk) => chunk.isDynamicEntry && areaOf(chunk.src) === area && scripts.includes(chunk.file),
    );
  }

  it("should load only the shell and the officer's own pages for a bank officer", async () => {
    const user = await person('member_reporter');
    const { page } = suite.tab;
    const scripts = recordScripts(page);
    await signIn(page, user.email);
    await page.waitForURL('**/referrals');
    await pageShown(page);
    await page.getByRole('link', { name: 'New referral' }).first().click();
    await page.waitForURL('**/referrals/new');
    await pageShown(page);

    // Every script the officer's pages needed is the shell's or serves officer pages;
    // none is another area's page (a coordinator's, an admin's, ...).
    expect(foreign(scripts, 'officer')).toEqual([]);
    expect(othersPages(scripts, 'officer')).toEqual([]);
    expect(ownPageLoaded(scripts, 'officer')).toBe(true);
  });

  it("should load a coordinator's pages only when a coordinator opens them", async () => {
    const user = await person('coordinator');
    const { page } = suite.tab;
    const scripts = recordScripts(page);
    await signIn(page, user.email);
    await page.waitForURL('**/cases');
    await pageShown(page);
    expect(foreign(scripts, 'coordinator')).toEqual([]);
    expect(othersPages(scripts, 'coordinator')).toEqual([]);
    expect(ownPageLoaded(scripts, 'coordinator')).toBe(true);
  });
});
