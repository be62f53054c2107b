import type { CaseInfoRequestRow } from '@app/persistence';
import { caseInfoRequestView, infoRequestView } from './case-info-requests.reader';

const T = new Date('2026-03-01T10:00:00.000Z');
const row: CaseInfoRequestRow = {
  id: 'i1',
  case_id: 'c1',
  referral_id: 'r1',
  reference: 'FCR-1',
  question: 'Which acquirer?',
  status: 'answered',
  answer: 'Acme',
  asked_by: 'lead',
  asker: 'Lee',
  answered_by: 'u-a',
  answerer: 'Ann',
  created_at: T,
  answered_at: T,
};

describe('infoRequestView', () => {
  it('tells a member neither the case nor who asked or answered', () => {
    const view = infoRequestView(row, true);
    expect(view).toEqual({
      id: 'i1',
      referralId: 'r1',
      referralReference: 'FCR-1',
      question: 'Which acquirer?',
      status: 'answered',
      answer: 'Acme',
      askedAt: T.toISOString(),
      answeredAt: T.toISOString(),
    });
  });

  it('tells a coordinator the case and who asked and answered', () => {
    const view = infoRequestView(row, false);
    expect(view.caseId).toBe('c1');
    expect(view.askedBy).toEqual({ id: 'lead', displayName: 'Lee' });
    expect(view.answeredBy).toEqual({ id: 'u-a', displayName: 'Ann' });
  });

  it('has nobody answering an open request', () => {
    const view = infoRequestView(
      {
        ...row,
        status: 'open',
        answer: null,
        answered_by: null,
        answerer: null,
        answered_at: null,
      },
      false,
    );
    expect(view.answeredBy).toBeNull();
    expect(view.answeredAt).toBeNull();
  });

  it('always sends a coordinator who answered, as null before the answer', () => {
    const view = caseInfoRequestView({
      ...row,
      status: 'open',
      answer: null,
      answered_by: null,
      answerer: null,
      answered_at: null,
    });
    expect(Object.keys(view).sort()).toEqual(
      [
        'answer',
        'answeredAt',
        'answeredBy',
        'askedAt',
        'askedBy',
        'caseId',
        'id',
        'question',
        'referralId',
        'referralReference',
        'status',
      ].sort(),
    );
    expect(view.answeredBy).toBeNull();
  });
});
