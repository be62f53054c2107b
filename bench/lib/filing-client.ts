import { randomUUID } from 'node:crypto';
import { sleep } from './stats';

/** Create + submit one referral body through the API; the referral id. */
export async function fileReferral(baseUrl: string, token: string, body: object): Promise<string> {
  const auth = { authorization: `Bearer ${token}` };
  const created = await fetch(`${baseUrl}/api/v1/referrals`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: JSON.stringify(body),
  });
  if (created.status !== 201) {
    throw new Error(`create failed: ${created.status} ${await created.text()}`);
  }
  const { id } = (await created.json()) as { id: string };
  const submitted = await fetch(`${baseUrl}/api/v1/referrals/${id}/submit`, {
    method: 'POST',
    headers: { ...auth, 'idempotency-key': randomUUID() },
  });
  if (submitted.status !== 200) {
    throw new Error(`submit failed: ${submitted.status} ${await submitted.text()}`);
  }
  return id;
}

/** Files all bodies with a bounded number in flight. */
export async function fileAll(
  baseUrl: string,
  token: string,
  bodies: object[],
  concurrency = 8,
): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  const lanes = Array.from({ length: concurrency }, async () => {
    while (next < bodies.length) {
      const body = bodies[next++];
      ids.push(await fileReferral(baseUrl, token, body));
    }
  });
  await Promise.all(lanes);
  return ids;
}

/** Polls until `check` is true or the timeout passes; whether it became true. */
export async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  intervalMs = 250,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(intervalMs);
  }
  return check();
}
