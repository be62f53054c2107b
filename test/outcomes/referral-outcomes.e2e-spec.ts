import { DispatchEntity } from '@app/persistence';
import { createAgency, createDispatch, createLiaison } from '../support/case-fixtures';
import { login, type Session } from '../support/factories';
import { AGENCY_CASE_NUMBER, acceptedRoutedCase } from '../support/outcome-fixtures';
import { startTestApi, type TestApi } from '../support/test-app';

const V1 = '/api/v1';

interface Outcome {
  agency: string;
  status: string;
  summary: string;
  recordedAt: string;
  agencyCaseNumber: string | null;
}

/** The outcome loop: an agency's outcome reaches the filing members, in plain words. */
describe("What filing members see of agencies' outcomes (e2e)", () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({
      QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-referral-outcomes`,
    });
  });
  afterAll(async () => {
    await api.close();
  });

  const sessionOf = (user: { email: string }) => login(api.http, user.email);
  const get = (s: Session, path: string) => api.http.get(`${V1}${path}`).set(s.auth);
  const post = (s: Session, path: string, body: object = {}) =>
    api.http.post(`${V1}${path}`).set(s.auth).send(body);

  const accepted = (options: { namedFiler?: boolean } = {}) => acceptedRoutedCase(api, options);

  describe('what the filing member sees of outcomes', () => {
    it('should show the agency’s outcome in plain words, without the case number unless the agency shares it', async () => {
      const f = await accepted();
      const before = await get(f.filerSession, `/referrals/${f.referrals[0].id}`);
      expect(before.status).toBe(200);
      expect(before.body.agencyOutcomes).toEqual([]);

      const recorded = await post(f.liaisonSession, `/dispatches/${f.dispatch.id}/outcome`, {
        outcome: 'investigation_opened',
        note: 'Internal: operation NIGHTJAR.',
      });
      expect(recorded.status).toBe(200);
      expect(recorded.body.shareCaseNumberWithFilers).toBe(false);

      const res = await get(f.filerSession, `/referrals/${f.referrals[0].id}`);
      expect(res.status).toBe(200);
      expect(res.body.agencyOutcomes).toEqual([
        {
          agency: f.agency.agency.name,
          status: 'investigation_opened',
          summary: 'A law-enforcement agency opened an investigation.',
          recordedAt: expect.any(String),
          agencyCaseNumber: null,
        },
      ]);
      // Neither the case number nor the agency's note reaches the filer.
      expect(JSON.stringify(res.body)).not.toContain(AGENCY_CASE_NUMBER);
      expect(JSON.stringify(res.body)).not.toContain('NIGHTJAR');

      const shared = await post(f.liaisonSession, `/dispatches/${f.dispatch.id}/outcome`, {
        outcome: 'arrest',
        shareCaseNumberWithFilers: true,
      });
      expect(shared.status).toBe(200);
      expect(shared.body.shareCaseNumberWithFilers).toBe(true);
      const stored = await api.dataSource.manager.findOneByOrFail(DispatchEntity, {
        id: f.dispatch.id,
      });
      expect(stored.shareCaseNumberWithFilers).toBe(true);

      const list = await get(f.filerSession, '/referrals?limit=200');
      expect(list.status).toBe(200);
      const item = (list.body.items as { id: string; agencyOutcomes: Outcome[] }[]).find(
        (r) => r.id === f.referrals[0].id,
      );
      expect(item?.agencyOutcomes).toEqual([
        expect.objectContaining({ status: 'arrest', agencyCaseNumber: AGENCY_CASE_NUMBER }),
      ]);
    });

    it('should show one entry per agency, the latest report of each, newest first', async () => {
      const f = await accepted();
      const second = await createAgency(api.dataSource);
      const secondDispatch = await createDispatch(
        api.dataSource,
        { caseRow: f.caseRow, referrals: f.referrals },
        second,
        { status: 'accepted' },
      );
      const secondLiaison = await sessionOf(await createLiaison(api.dataSource, second));
      await post(f.liaisonSession, `/dispatches/${f.dispatch.id}/outcome`, {
        outcome: 'investigation_opened',
      });
      await post(secondLiaison, `/dispatches/${secondDispatch.id}/outcome`, {
        outcome: 'referred_onward',
      });
      await post(f.liaisonSession, `/dispatches/${f.dispatch.id}/outcome`, {
        outcome: 'charges_filed',
      });

      const res = await get(f.filerSession, `/referrals/${f.referrals[0].id}`);
      expect((res.body.agencyOutcomes as Outcome[]).map((o) => [o.agency, o.status])).toEqual([
        [f.agency.agency.name, 'charges_filed'],
        [second.agency.name, 'referred_onward'],
      ]);
    });

    it('should show nothing to a member who withdrew from the case', async () => {
      const f = await accepted();
      await post(f.liaisonSession, `/dispatches/${f.dispatch.id}/outcome`, { outcome: 'arrest' });
      await api.dataSource.query(`UPDATE referrals SET status = 'withdrawn' WHERE id = $1`, [
        f.referrals[0].id,
      ]);
      const res = await get(f.filerSession, `/referrals/${f.referrals[0].id}`);
      expect(res.body.agencyOutcomes).toEqual([]);
    });

    it('should refuse a shareCaseNumberWithFilers that is not a boolean, naming it', async () => {
      const f = await accepted();
      const res = await post(f.liaisonSession, `/dispatches/${f.dispatch.id}/outcome`, {
        outcome: 'bogus',
        shareCaseNumberWithFilers: 'yes',
      });
      expect(res.status).toBe(400);
      const fields = (res.body.errors as { field: string }[]).map((e) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['outcome', 'shareCaseNumberWithFilers']));
      expect(JSON.stringify(res.body)).not.toMatch(/\bat .*\.ts/);
    });
  });
});
