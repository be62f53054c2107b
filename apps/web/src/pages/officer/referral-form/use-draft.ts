import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { api, unwrap, type Schemas } from '../../../api/client';
import { ApiError, toProblem, type FieldProblem } from '../../../api/problem';
import { changedFields } from '../referral-form-body';
import { newKey, type ReferralBody } from '../referral-form-model';

type Referral = Schemas['ReferralResponse'];

/** How long typing pauses before the API checks the form. */
const VALIDATE_AFTER_MS = 400;

/**
 * The draft on the server: created by the first save (POST /referrals, with
 * an Idempotency-Key), then changed field by field (PATCH). Every step's
 * Next saves it, so a reload (or another device) finds the draft as it was
 * at the last step left; values the API never sends back (tax id, national
 * ids) stay on file and show masked.
 */
export function useDraft(props: {
  referral: Referral | undefined;
  body: Record<string, unknown>;
  initialBody: Record<string, unknown>;
  initialSavedAt: string | null;
}) {
  const { referral, body } = props;
  const queryClient = useQueryClient();
  const [savedBody, setSavedBody] = useState(props.initialBody);
  const [savedAt, setSavedAt] = useState(props.initialSavedAt);
  const createKey = useRef(newKey());
  const id = referral?.id;

  async function save(): Promise<{ id: string; reference: string; updatedAt: string }> {
    if (!id) {
      const created = await unwrap(
        api.POST('/api/v1/referrals', {
          params: { header: { 'Idempotency-Key': createKey.current } },
          body: body as ReferralBody,
        }),
      );
      queryClient.setQueryData(['referral', created.id], created);
      await queryClient.invalidateQueries({ queryKey: ['referrals'] });
      setSavedBody(body);
      setSavedAt(created.updatedAt);
      return created;
    }
    const patch = changedFields(body, savedBody);
    let saved = referral;
    if (Object.keys(patch).length > 0) {
      saved = await unwrap(
        api.PATCH('/api/v1/referrals/{id}', {
          params: { path: { id } },
          body: patch as Schemas['UpdateReferralDto'],
        }),
      );
      queryClient.setQueryData(['referral', id], saved);
      await queryClient.invalidateQueries({ queryKey: ['referrals'] });
    }
    const updatedAt = saved?.updatedAt ?? new Date().toISOString();
    setSavedBody(body);
    setSavedAt(updatedAt);
    return { id, reference: saved?.reference ?? '', updatedAt };
  }

  const dirty = JSON.stringify(body) !== JSON.stringify(savedBody);
  return { save, savedAt, dirty };
}

/** The API's check of a body (POST /referrals/validation): its problems, or none. */
export async function validate(
  body: Record<string, unknown>,
  stage: 'draft' | 'submit',
): Promise<FieldProblem[]> {
  const { response, error } = await api.POST('/api/v1/referrals/validation', {
    params: { query: { stage } },
    body: body as ReferralBody,
  });
  if (response.ok) return [];
  const problem = toProblem(error, response);
  if (response.status === 400) return problem.errors ?? [];
  throw new ApiError({ ...problem, status: response.status });
}

/** The API's problems with the form as it stands, asked for when typing pauses. */
export function useLiveProblems(
  bodyJson: string,
  stage: 'draft' | 'submit',
): [FieldProblem[], (problems: FieldProblem[]) => void] {
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const sequence = useRef(0);
  useEffect(() => {
    const timer = setTimeout(() => {
      const mine = ++sequence.current;
      void validate(JSON.parse(bodyJson) as Record<string, unknown>, stage)
        .then((found) => {
          if (mine === sequence.current) setProblems(found);
        })
        .catch(() => undefined); // Offline: saving will say so.
    }, VALIDATE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [bodyJson, stage]);
  const replace = (found: FieldProblem[]) => {
    sequence.current += 1; // An answer still on its way is older than these.
    setProblems(found);
  };
  return [problems, replace];
}
