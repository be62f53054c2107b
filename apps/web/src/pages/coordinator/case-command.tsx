import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, unwrap, type Schemas } from '../../api/client';
import { ApiError } from '../../api/problem';
import { label } from '../../components/format';
import { Notice, ProblemMessage } from '../../components/ui';

export type CaseDetail = Schemas['CaseDetailResponse'];
export type CaseSummary = Schemas['CaseSummaryResponse'];

/** The statuses of a case still being worked on (the inbox's default, and merge targets). */
export const OPEN_CASE_STATUSES: CaseSummary['status'][] = [
  'triage',
  'in_review',
  'pending_approval',
  'approved',
  'routed',
];

/** The inbox takes several statuses as one comma-separated value: `status=triage,in_review`. */
export const STATUS_LIST_QUERY = { array: { style: 'form', explode: false } } as const;
export type Assignee = Schemas['AssigneeResponse'];

/** Query keys of the coordinator area, so every page refreshes the same entries. */
export const caseKeys = {
  inbox: ['cases'] as const,
  detail: (id: string) => ['case', id] as const,
  routing: (id: string) => ['case', id, 'routing-suggestion'] as const,
  alerts: ['alerts'] as const,
  assignees: ['cases', 'assignees'] as const,
};

/**
 * The colleagues a case can be assigned to (active coordinators and leads),
 * by name; fetched once and kept for a few minutes. Only for those who may
 * assign (`enabled`).
 */
export function useAssignees(enabled: boolean) {
  return useQuery({
    queryKey: caseKeys.assignees,
    queryFn: () => unwrap(api.GET('/api/v1/cases/assignees')).then((r) => r.items),
    enabled,
    staleTime: 5 * 60_000,
  });
}

/** Refusal codes the API gives, in the words a coordinator reads. */
const CODE_WORDS: Record<string, string> = {
  four_eyes_required: 'Another lead must approve a proposal you made.',
  case_approve_forbidden: 'Only a lead coordinator can approve a routing.',
  case_send_back_forbidden: 'Only a lead coordinator can send a proposal back.',
  case_reopen_forbidden: 'Only a lead coordinator can reopen a case.',
  agencies_required: 'Choose at least one agency to route the case to.',
  case_has_no_referrals:
    'Every referral of this case has been withdrawn, so there is nothing to route.',
  dispatches_unfinished:
    'The case can be closed only once every agency has accepted or declined its dispatch.',
  merge_target_invalid: 'A case can be merged only into another case that is still open.',
  referral_already_on_case: 'That referral is already on this case.',
  referral_moved: 'The referral moved to another case meanwhile. Reload the case.',
  referral_link_source_not_allowed:
    'The referral’s current case is past review, so its referrals can no longer move.',
  referral_request_info_not_allowed:
    'That referral’s filer cannot be asked a question in the referral’s current status.',
};

/** What "cannot be … now" says for each command refused in the record's state. */
const REFUSED_ACTION: Record<string, string> = {
  assign: 'assigned',
  propose: 'proposed for approval',
  approve: 'approved',
  send_back: 'sent back',
  reject: 'rejected',
  merge: 'merged',
  close: 'closed',
  reopen: 'reopened',
  link: 'given more referrals (only in triage or in review)',
  info_request: 'sent information requests (only in triage or in review)',
  retry: 'delivered again (only a failed delivery can be retried)',
};

/** The plain-words title of a refusal, from its `code`; undefined when the code is not known. */
export function refusalTitle(error: unknown): string | undefined {
  if (!(error instanceof ApiError) || !error.code) return undefined;
  const known = CODE_WORDS[error.code];
  if (known) return known;
  const state = /^(case|dispatch)_(.+)_not_allowed_from_(.+)$/.exec(error.code);
  if (state) {
    const [, record, action, status] = state;
    const what = REFUSED_ACTION[action] ?? label(action).toLowerCase();
    return `This ${record} is ${label(status).toLowerCase()}, so it cannot be ${what} now.`;
  }
  const role = /^(case|dispatch)_(.+)_forbidden$/.exec(error.code);
  if (role) {
    return `Your role cannot do this to a ${role[1]} (${label(role[2]).toLowerCase()}).`;
  }
  return undefined;
}

/** A refused command: the plain-words title, the API's detail and each bad field. */
export function CommandProblem({ error }: { error: unknown }) {
  return <ProblemMessage error={error} title={refusalTitle(error)} />;
}

function isCaseDetail(value: unknown, caseId: string): value is CaseDetail {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as CaseDetail).id === caseId &&
    Array.isArray((value as CaseDetail).referrals)
  );
}

/**
 * One command on a case. A case answer replaces the cached case (no second,
 * audited read); anything else refreshes it. `caseOf` is the case's id, or
 * how to find it in the command's arguments. The inbox and alerts refresh
 * too. `describe` words the notice shown after success.
 */
export function useCaseCommand<TArgs, TResult>(
  caseOf: string | ((args: TArgs) => string),
  run: (args: TArgs) => Promise<TResult>,
  describe: (result: TResult, args: TArgs) => string,
  /** Runs first on success, even if the section that started the command is gone by then. */
  then?: (result: TResult, args: TArgs) => void,
) {
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: run,
    onMutate: () => setNotice(null),
    onSuccess: async (result, args) => {
      then?.(result, args);
      const caseId = typeof caseOf === 'string' ? caseOf : caseOf(args);
      if (isCaseDetail(result, caseId)) queryClient.setQueryData(caseKeys.detail(caseId), result);
      else await queryClient.invalidateQueries({ queryKey: caseKeys.detail(caseId) });
      setNotice(describe(result, args));
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: caseKeys.inbox }),
        queryClient.invalidateQueries({ queryKey: caseKeys.alerts }),
      ]);
    },
  });
  return { ...mutation, notice };
}

/** The outcome of the last command of a section: what happened, or why it was refused. */
export function CommandFeedback(props: { notice: string | null; error: unknown }) {
  if (props.error) return <CommandProblem error={props.error} />;
  if (props.notice) return <Notice>{props.notice}</Notice>;
  return null;
}

/** Field messages of a failed command (empty when it did not fail on that field). */
export function fieldErrors(error: unknown, field: string): string[] {
  return error instanceof ApiError ? error.fieldMessages(field) : [];
}

/** The current time, renewed every minute, so "due in 3 hours" stays true while the page is open. */
export function useNow(intervalMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
