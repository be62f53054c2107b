import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useBlocker, useNavigate, useParams } from 'react-router-dom';
import { api, unwrap, type Schemas } from '../../api/client';
import { ApiError, toProblem, type FieldProblem } from '../../api/problem';
import { forgetWhenSessionEnds } from '../../auth/forget';
import { PageHeader, ProblemMessage, QueryView } from '../../components/ui';
import { AttachmentsPanel } from './attachments';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { FieldErrorsContext } from './form-fields';
import { ActivitySection } from './referral-form/activity-section';
import { FormIndex, SaveBar } from './referral-form/form-chrome';
import { Section } from './referral-form/layout';
import { MerchantSection } from './referral-form/merchant-section';
import { ObservablesSection } from './referral-form/observables-section';
import { ProblemSummary } from './referral-form/problem-summary';
import { ReviewSection } from './referral-form/review-section';
import { TransactionsSection } from './referral-form/transactions-section';
import { bodyFromForm, changedFields } from './referral-form-body';
import {
  emptyForm,
  formFromReferral,
  newKey,
  type FormState,
  type MerchantState,
  type ReferralBody,
} from './referral-form-model';
import { placeProblems, sectionOf } from './referral-form-problems';

type Referral = Schemas['ReferralResponse'];

/** How long typing pauses before the API checks the form. */
const VALIDATE_AFTER_MS = 400;

/**
 * What the new-referral form hands to the edit page it moves to after the
 * first save: the form as typed (with values the API never sends back, such
 * as a tax id). In memory only; a reload starts from the stored draft.
 */
const handoffs = new Map<string, { state: FormState; savedAt: string }>();
forgetWhenSessionEnds(() => handoffs.clear());

export function NewReferralPage() {
  return <ReferralForm />;
}

export function EditReferralPage() {
  const { id = '' } = useParams();
  const query = useQuery({
    queryKey: ['referral', id],
    queryFn: () => unwrap(api.GET('/api/v1/referrals/{id}', { params: { path: { id } } })),
  });
  return (
    <QueryView query={query} what="Loading the draft">
      {(referral) =>
        referral.status === 'draft' ? (
          <ReferralForm referral={referral} />
        ) : (
          <>
            <PageHeader title={`Referral ${referral.reference}`} />
            <p className="warning" role="status">
              This referral has been submitted and can no longer be edited.{' '}
              <Link to={`/referrals/${referral.id}`}>Open the referral</Link>
            </p>
          </>
        )
      }
    </QueryView>
  );
}

function ReferralForm({ referral }: { referral?: Referral }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [handoff] = useState(() => {
    if (!referral) return undefined;
    const found = handoffs.get(referral.id);
    handoffs.delete(referral.id);
    return found;
  });
  const [state, setState] = useState<FormState>(
    () => handoff?.state ?? (referral ? formFromReferral(referral) : emptyForm()),
  );
  const [savedBody, setSavedBody] = useState<Record<string, unknown>>(() =>
    bodyFromForm(handoff?.state ?? (referral ? formFromReferral(referral) : emptyForm())),
  );
  const [savedAt, setSavedAt] = useState<string | null>(
    handoff?.savedAt ?? referral?.updatedAt ?? null,
  );
  const [justSaved, setJustSaved] = useState(handoff !== undefined);
  const id = referral?.id;

  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [attempted, setAttempted] = useState(false);
  const [submitAttempted, setSubmitAttempted] = useState(false);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [actionError, setActionError] = useState<unknown>(null);
  const [busy, setBusy] = useState<'save' | 'submit' | null>(null);
  const [confirmingSubmit, setConfirmingSubmit] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  const createKey = useRef(newKey());
  const submitKey = useRef(newKey());
  const leaving = useRef(false);

  const body = useMemo(() => bodyFromForm(state), [state]);
  const bodyJson = JSON.stringify(body);
  const dirty = bodyJson !== JSON.stringify(savedBody);
  const stage = submitAttempted ? 'submit' : 'draft';

  // Validate as the person types, with the API's rules and messages.
  const sequence = useRef(0);
  useEffect(() => {
    const timer = setTimeout(() => {
      const mine = ++sequence.current;
      void api
        .POST('/api/v1/referrals/validation', {
          params: { query: { stage } },
          body: JSON.parse(bodyJson) as ReferralBody,
        })
        .then(({ response, error }) => {
          if (mine !== sequence.current) return;
          if (response.ok) setProblems([]);
          else if (response.status === 400) setProblems(toProblem(error, response).errors ?? []);
        })
        .catch(() => undefined); // Offline: saving will say so.
    }, VALIDATE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [bodyJson, stage]);

  // Unsaved work: the browser asks before the tab closes or reloads...
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
  // ...and the console asks before it navigates away.
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty && !leaving.current && currentLocation.pathname !== nextLocation.pathname,
  );

  const { byField, unplaced } = useMemo(() => placeProblems(problems, state), [problems, state]);
  const errorsFor = useCallback(
    (path: string) => (attempted || touched.has(path) ? (byField.get(path) ?? []) : []),
    [attempted, touched, byField],
  );
  const touch = useCallback(
    (path: string) =>
      setTouched((previous) => (previous.has(path) ? previous : new Set(previous).add(path))),
    [],
  );
  const fieldErrors = useMemo(() => ({ errorsFor, touch }), [errorsFor, touch]);
  const visibleProblems = [...byField.entries()].filter(
    ([field]) => attempted || touched.has(field),
  );
  const perSection = new Map<string, number>();
  for (const [field] of visibleProblems) {
    const section = sectionOf(field);
    perSection.set(section, (perSection.get(section) ?? 0) + 1);
  }

  const update = (change: Partial<FormState>) => {
    setJustSaved(false);
    setState((s) => ({ ...s, ...change }));
  };
  const updateMerchant = (change: Partial<MerchantState>) => {
    setJustSaved(false);
    setState((s) => ({ ...s, merchant: { ...s.merchant, ...change } }));
  };

  function refused(error: unknown) {
    setActionError(error);
    if (error instanceof ApiError && error.status === 400 && error.problem.errors) {
      setProblems(error.problem.errors);
    }
    requestAnimationFrame(() => summaryRef.current?.focus());
  }

  /** Save what is typed: create the draft the first time, then PATCH what changed. */
  async function saveDraft(): Promise<{ id: string; reference: string; updatedAt: string }> {
    if (!id) {
      const created = await unwrap(
        api.POST('/api/v1/referrals', {
          params: { header: { 'Idempotency-Key': createKey.current } },
          body: body as ReferralBody,
        }),
      );
      queryClient.setQueryData(['referral', created.id], created);
      await queryClient.invalidateQueries({ queryKey: ['referrals'] });
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
    setJustSaved(true);
    return { id, reference: saved?.reference ?? '', updatedAt };
  }

  async function onSave() {
    setAttempted(true);
    setActionError(null);
    setBusy('save');
    try {
      const saved = await saveDraft();
      if (!id) {
        handoffs.set(saved.id, { state, savedAt: saved.updatedAt });
        leaving.current = true;
        void navigate(`/referrals/${saved.id}/edit`, { replace: true });
      }
    } catch (error) {
      refused(error);
    } finally {
      setBusy(null);
    }
  }

  async function onSubmit() {
    setAttempted(true);
    setSubmitAttempted(true);
    setActionError(null);
    setBusy('submit');
    try {
      // The submit checks first, so an incomplete referral is neither saved nor filed.
      const check = await api.POST('/api/v1/referrals/validation', {
        params: { query: { stage: 'submit' } },
        body: body as ReferralBody,
      });
      if (!check.response.ok) {
        const problem = toProblem(check.error, check.response);
        throw new ApiError({ ...problem, status: check.response.status });
      }
      const saved = await saveDraft();
      const submitted = await unwrap(
        api.POST('/api/v1/referrals/{id}/submit', {
          params: { path: { id: saved.id }, header: { 'Idempotency-Key': submitKey.current } },
        }),
      );
      queryClient.setQueryData(['referral', submitted.id], submitted);
      await queryClient.invalidateQueries({ queryKey: ['referrals'] });
      leaving.current = true;
      void navigate(`/referrals/${submitted.id}`, {
        replace: true,
        state: {
          notice: `Referral ${submitted.reference} submitted. The coalition’s intake takes it into review shortly.`,
        },
      });
    } catch (error) {
      refused(error);
    } finally {
      setBusy(null);
    }
  }

  const title = referral ? `Draft referral ${referral.reference}` : 'New referral';

  return (
    <FieldErrorsContext.Provider value={fieldErrors}>
      <PageHeader
        title={title}
        subtitle="Metadata only: URLs, hashes, masked cards and documents. Never attach or link to abuse imagery."
      />
      <div className="officer-form-layout">
        <FormIndex perSection={perSection} />
        <form
          className="officer-form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void onSave();
          }}
        >
          <div ref={summaryRef} tabIndex={-1} className="officer-summary-anchor">
            {attempted && (visibleProblems.length > 0 || unplaced.length > 0) ? (
              <ProblemSummary
                title={
                  submitAttempted
                    ? 'The referral cannot be submitted yet. Correct these fields:'
                    : 'Some of what was entered needs correcting:'
                }
                placed={visibleProblems}
                unplaced={unplaced}
              />
            ) : unplaced.length > 0 ? (
              <ProblemSummary
                title="Some of what was entered needs correcting:"
                placed={[]}
                unplaced={unplaced}
              />
            ) : null}
            {actionError && !(actionError instanceof ApiError && actionError.status === 400) ? (
              <ProblemMessage error={actionError} />
            ) : null}
          </div>
          <p className="field-hint">
            <span aria-hidden="true">*</span> Required before the referral can be submitted. A draft
            can be saved at any time.
          </p>

          <MerchantSection merchant={state.merchant} updateMerchant={updateMerchant} />

          <ObservablesSection state={state} update={update} />

          <TransactionsSection state={state} update={update} />

          <ActivitySection state={state} update={update} />

          <Section id="attachments" title="5. Attachments">
            {id ? (
              <AttachmentsPanel referralId={id} />
            ) : (
              <p>
                Save the draft first; then you can add documents (PDF, CSV or plain text, such as
                transaction exports or correspondence).
              </p>
            )}
          </Section>

          <ReviewSection
            state={state}
            update={update}
            busy={busy}
            onSubmit={() => setConfirmingSubmit(true)}
          />

          <SaveBar id={id} busy={busy} dirty={dirty} savedAt={savedAt} justSaved={justSaved} />
        </form>
      </div>
      <ConfirmDialog
        open={confirmingSubmit}
        title="Submit this referral to the coalition?"
        confirm="Submit referral"
        cancel="Keep editing"
        onConfirm={() => {
          setConfirmingSubmit(false);
          void onSubmit();
        }}
        onCancel={() => setConfirmingSubmit(false)}
      >
        <p>
          The coalition’s coordinators receive it and may route it to law enforcement. Once
          submitted it can no longer be edited, only withdrawn; this cannot be undone.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={blocker.state === 'blocked'}
        title="Leave without saving?"
        confirm="Leave without saving"
        cancel="Stay on this page"
        danger
        onConfirm={() => blocker.proceed?.()}
        onCancel={() => blocker.reset?.()}
      >
        <p>This referral has changes that are not saved. If you leave now, they are lost.</p>
      </ConfirmDialog>
    </FieldErrorsContext.Provider>
  );
}
