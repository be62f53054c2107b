import { inspectPdf } from '../../referrals/pdf-inspector';
import { renderPackagePdf } from './package-pdf';
import { casePackage, DIGEST, pageTexts, referral, stamp, v1Package } from './package-pdf.spec-kit';
import { CHECKPOINT_PENDING } from './package-stamp';

/** The real renderer, read back by pdfjs-dist: what an agency's printout says on every page. */
describe('renderPackagePdf', () => {
  const many = Array.from({ length: 8 }, (_, i) => referral(i + 1));
  let pages: string[];
  let pdf: Buffer;

  beforeAll(async () => {
    pdf = await renderPackagePdf(casePackage(many), stamp());
    pages = await pageTexts(pdf);
  });

  it('should spread a package of many referrals over several pages', () => {
    expect(pages.length).toBeGreaterThan(1);
  });

  it('should number every page "Page i of N"', () => {
    pages.forEach((text, i) => expect(text).toContain(`Page ${i + 1} of ${pages.length}`));
  });

  it('should mark every page with its TLP and PAP at the top and at the bottom', () => {
    for (const text of pages) {
      expect(text.match(/^TLP:RED$/gm)).toHaveLength(2);
      expect(text.match(/^PAP:AMBER$/gm)).toHaveLength(2);
    }
  });

  it('should stamp every page with who printed it, when (UTC), the digest and the checkpoint', () => {
    for (const text of pages) {
      expect(text).toContain('Printed by Liaison Officer Example at 2026-04-03 08:15:42 UTC');
      expect(text.replace(/\s+/g, '')).toContain(DIGEST);
      expect(text).toContain(
        'Audit checkpoint ckpt-0007 (sequence 7, signed 2026-04-03 00:00:00 UTC)',
      );
    }
  });

  it('should say on every page that the checkpoint is pending when none is signed yet', async () => {
    const pending = await pageTexts(
      await renderPackagePdf(casePackage(many.slice(0, 3)), stamp({ checkpoint: null })),
    );
    expect(pending.length).toBeGreaterThan(1);
    for (const text of pending) expect(text).toContain(CHECKPOINT_PENDING);
  });

  it('should print categories, indicators and observable types as plain labels, never as codes', () => {
    const all = pages.join('\n');
    expect(all).toContain('Commercial sale of child sexual abuse material (CSAM)');
    expect(all).toContain('Rapid small-value purchases');
    expect(all).toContain('Descriptor mismatch');
    expect(all).toContain('Web address (URL)');
    expect(all).toContain('File hash');
    for (const code of [
      'commercial_csam_sale',
      'rapid_small_value',
      'descriptor_mismatch',
      'file_hash',
      'merchant_country',
      'Url (',
      'text/csv',
    ]) {
      expect(all).not.toContain(code);
    }
  });

  it('should say for each observable whether the reporter viewed it: yes, no or unknown', () => {
    const all = pages.join('\n');
    expect(all).toMatch(/https:\/\/shady\.example\/item\/1\n[\s\S]*viewed by the reporter: yes/);
    expect(all).toMatch(/SHA-256 · viewed by the reporter: no/);
    expect(all).toMatch(/At a purchase · viewed by the reporter: unknown/i);
  });

  it('should list each document with its file name, size and SHA-256', () => {
    const all = pages.join('\n');
    for (const r of many) {
      const doc = r.documents![0];
      expect(all).toContain(`${doc.filename} — CSV, 20.0 KB (20,480 bytes)`);
      expect(all).toContain(`SHA-256: ${doc.sha256}`);
    }
  });

  it('should name who proposed and approved the routing, and the answered questions', () => {
    const all = pages.join('\n');
    expect(all).toMatch(/Proposed by\n[\s\S]*Casey Coordinator, 2026-04-01 15:00 UTC/);
    expect(all).toMatch(/Approved by\n[\s\S]*Lee Lead, 2026-04-02 09:30 UTC/);
    expect(all).toContain('Which acquirer processed the payments?');
    expect(all).toContain('Example Acquiring, under BIN 412345.');
  });

  it('should show the merchant identifiers masked as the package gives them, and the filer as allowed', () => {
    const all = pages.join('\n');
    expect(all).toContain('•••• 6789');
    expect(all).toContain('MID 4111 11•• •••• 1111');
    expect(all).toContain('Example Bank 2 plc');
    expect(all).not.toContain('Example Bank 1 plc');
    expect(all).toContain('coalition member');
  });

  it('should hold no image at all, only text (the upload inspector finds none)', async () => {
    expect(pdf.toString('latin1')).not.toMatch(/\/Subtype\s*\/Image/);
    const inspection = await inspectPdf(pdf);
    expect(inspection).not.toHaveProperty('refusal');
  });

  it('should print a v1 package, saying which sections it does not record', async () => {
    const v1 = (await pageTexts(await renderPackagePdf(v1Package(), stamp()))).join('\n');
    expect(v1).toContain('PAP not recorded');
    expect(v1).toMatch(/Who proposed and approved the routing: Not recorded in this package/);
    expect(v1).toContain(
      'Not listed in this package (it was approved before documents were included).',
    );
    expect(v1).toMatch(/the answers\n[\s\S]*Not recorded in this package/);
    expect(v1).toContain('Page 1 of');
  });

  it('should print text the font cannot draw as visible code points, never drop it', async () => {
    const narrative = 'Zoë – Москва – 東京 – \u202Egnp.exe';
    const text = (
      await pageTexts(
        await renderPackagePdf(
          casePackage([
            referral(1, { narrative, filer: { legalName: 'Банк Ё', namedInDispatches: true } }),
          ]),
          stamp({ printedBy: 'Zoë Ångström 李' }),
        ),
      )
    ).join('\n');
    expect(text).toContain('Zoë – Москва – [U+6771][U+4EAC] – [U+202E]gnp.exe');
    expect(text).toContain('Банк Ё');
    expect(text).toContain('Printed by Zoë Ångström [U+674E] at');
  });
});
