import { createRoutedCase, type RoutedCaseFixture } from './case-fixtures';
import { login, type Session } from './factories';
import type { TestApi } from './test-app';

/** The agency case number acceptedRoutedCase records. */
export const AGENCY_CASE_NUMBER = 'MCU-2026-0042';

export interface AcceptedRoutedCase extends RoutedCaseFixture {
  liaisonSession: Session;
  filerSession: Session;
}

/**
 * A routed case whose dispatch the liaison accepted through the API with a
 * case number (so an outcome can be recorded), and both sides signed in.
 */
export async function acceptedRoutedCase(
  api: TestApi,
  options: { namedFiler?: boolean } = {},
): Promise<AcceptedRoutedCase> {
  const fixture = await createRoutedCase(api.dataSource, {
    dispatchStatus: 'acknowledged',
    namedFiler: options.namedFiler,
  });
  const liaisonSession = await login(api.http, fixture.liaison.email);
  const res = await api.http
    .post(`/api/v1/dispatches/${fixture.dispatch.id}/accept`)
    .set(liaisonSession.auth)
    .send({ leCaseNumber: AGENCY_CASE_NUMBER });
  if (res.status !== 200) throw new Error(`accept failed: ${res.status} ${res.text}`);
  return {
    ...fixture,
    liaisonSession,
    filerSession: await login(api.http, fixture.filer.user.email),
  };
}
