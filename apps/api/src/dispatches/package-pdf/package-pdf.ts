import type { CasePackage } from '@app/domain';
import { readPackage } from './package-reader';
import {
  approvalSection,
  informationRequestsSection,
  routingSection,
  summarySection,
  titleSection,
} from './package-sections';
import { stampPages, type PdfStamp } from './package-stamp';
import { PdfWriter } from './pdf-layout';
import { referralSection } from './referral-section';

/**
 * The case package as a paginated PDF, for an agency's printed file: the
 * package exactly as stored (v1 or v2), in plain words, every page marked
 * with its TLP and PAP and stamped with who printed it, the package digest
 * and the audit checkpoint that covers it. Text and vector rules only: no
 * image is ever drawn or embedded (hard rule 1), and nothing but the package
 * and the stamp is read, so the caller decides who may print it and audits it.
 */
export async function renderPackagePdf(pkg: CasePackage, stamp: PdfStamp): Promise<Buffer> {
  const p = readPackage(pkg);
  const title = `${p.caseReference} · ${p.dispatchReference}`;
  const w = new PdfWriter({ title: `Case package ${title}` });

  titleSection(w, p);
  summarySection(w, p);
  routingSection(w, p);
  approvalSection(w, p);
  p.referrals.forEach((r, i) => referralSection(w, r, i, p.referrals.length));
  informationRequestsSection(w, p);

  stampPages(w, stamp, { tlp: p.tlp, pap: p.pap, title });
  return await w.finish();
}
