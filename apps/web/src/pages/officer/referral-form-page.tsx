import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { api, unwrap, type Schemas } from '../../api/client';
import { ApiError } from '../../api/problem';
import { forgetWhenSessionEnds } from '../../auth/forget';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { PageHeader, ProblemMessage, QueryView } from '../../components/ui';
import { AttachmentsPanel } from './attachments';
import { FieldErrorsContext, fieldId } from './form-fields';
import { userLocale } from './referral-form/amounts';
import {
  gapsOf,
  mergeProblems,
  problemsOfStep,
  valueProblems,
} from './referral-form/client-checks';
import { StepBar, StepProgress } from './referral-form/form-chrome';
import { MerchantSection } from './referral-form/merchant-section';
import { NarrativeSection } from './referral-form/narrative-section';
import { ObservablesSection } from './referral-form/observables-section';
import { ProblemSummary } from './referral-form/problem-summary';
import { ReviewSection } from './referral-form/review-section';
import { TransactionsSection } from './referral-form/transactions-section';
import { useDraft, useLiveProblems, validate } from './referral-form/use-draft';
import { useLeaveGuard, useStepFocus } from './referral-form/use-step-page';
import { bodyFromForm } from './referral-form-body';
import {
  emptyForm,
  formFromReferral,
  newKey,
  type FormState,
  type MerchantState,
  type ReferralBody,
} from './referral-form-model';
import { isStepId, placeProblems, STEPS, stepOf, type StepId } from './referral-form-problems';

type Referral = Schemas['ReferralResponse'];

/**
 * What the new-referral form hands to the edit page it moves to after the
 * first save: the form as typed (with values the API never sends back, such
 * as a tax id) and the steps already checked. In memory only; a reload starts
 * from the stored draft, at the step in the address.
 */
interface Handoff {
  state: FormState;
  savedAt: string;
  checked: StepId[];
}
const handoffs = new Map<string, Handoff>();
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

const stepIndex = (step: StepId) => STEPS.findIndex((s) => s.id === step);
const dot = (field: string) => field.replace(/\[(\d+)\]/g, '.$1');

/**
 * The referral form in steps (merchant, evidence, transactions, narrative,
 * review). Next checks the step (the console's own checks, then the API's
 * rules for a complete referral) and saves the draft; the step is in the
 * address (`?step=`), so a reload shows the saved draft at the same step.
 */
function ReferralForm({ referral }: { referral?: Referral }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const locale = userLocale();
  const [params, setParams] = useSearchParams();
  // Read while rendering, forgotten once shown: a render may be thrown away and redone.
  const [handoff] = useState(() => (referral ? handoffs.get(referral.id) : undefined));
  useEffect(() => {
    if (referral) handoffs.delete(referral.id);
  }, [referral]);
  const [state, setState] = useState<FormState>(
    () => handoff?.state ?? (referral ? formFromReferral(referral) : emptyForm()),
  );
  const [initialBody] = useState(() => bodyFromForm(state, locale));
  const id = referral?.id;
  const asked = params.get('step');
  const step: StepId = id && isStepId(asked) ? asked : 'merchant';

  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [checked, setChecked] = useState<ReadonlySet<StepId>>(new Set(handoff?.checked ?? []));
  const [submitAttempted, setSubmitAttempted] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const [busy, setBusy] = useState<'save' | 'submit' | 'next' | null>(null);
  const [justSaved, setJustSaved] = useState(handoff !== undefined);
  const [confirmingSubmit, setConfirmingSubmit] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  const submitKey = useRef(newKey());
  const leaving = useRef(false);

  // The object the review shows is the object that is sent.
  const body = useMemo(() => bodyFromForm(state, locale), [state, locale]);
  const bodyJson = JSON.stringify(body);
  const draft = useDraft({
    referral,
    body,
    initialBody,
    initialSavedAt: handoff?.savedAt ?? referral?.updatedAt ?? null,
  });
  const stage = checked.size > 0 || step === 'review' || submitAttempted ? 'submit' : 'draft';
  const [apiProblems, setApiProblems] = useLiveProblems(bodyJson, stage);

  const focusNextRef = useStepFocus(step, handoff !== undefined);
  const blocker = useLeaveGuard(draft.dirty, leaving);

  const own = useMemo(
    () => [...valueProblems(state, locale), ...[...checked].flatMap((s) => gapsOf(s, state))],
    [state, locale, checked],
  );
  const problems = useMemo(() => mergeProblems(apiProblems, own), [apiProblems, own]);
  const { byField, unplaced } = useMemo(() => placeProblems(problems, state), [problems, state]);
  const shows = useCallback(
    (field: string) => submitAttempted || checked.has(stepOf(field)) || touched.has(field),
    [submitAttempted, checked, touched],
  );
  const errorsFor = useCallback(
    (path: string) => (shows(path) ? (byField.get(path) ?? []) : []),
    [shows, byField],
  );
  const touch = useCallback(
    (path: string) =>
      setTouched((previous) => (previous.has(path) ? previous : new Set(previous).add(path))),
    [],
  );
  const fieldErrors = useMemo(() => ({ errorsFor, touch }), [errorsFor, touch]);
  const visible = [...byField.entries()].filter(([field]) => shows(field));
  const perStep = new Map<string, number>();
  for (const [field] of visible) perStep.set(stepOf(field), (perStep.get(stepOf(field)) ?? 0) + 1);
  if (unplaced.length > 0 && stage === 'submit') perStep.set('review', unplaced.length);
  const summary =
    step === 'review' ? [...byField.entries()] : visible.filter(([f]) => stepOf(f) === step);

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
      setApiProblems(error.problem.errors);
    }
    requestAnimationFrame(() => summaryRef.current?.focus());
  }

  /**
   * Shows another step (and, when given, puts the focus in one of its fields).
   * After the first save of a new referral, moves to the draft's own address.
   */
  function show(target: StepId, focus?: string, created?: { id: string; updatedAt: string }) {
    focusNextRef.current = focus ?? null;
    setActionError(null);
    if (created && created.id !== id) {
      const savedId = created.id;
      handoffs.set(savedId, { state, savedAt: created.updatedAt, checked: [...checked] });
      leaving.current = true;
      void navigate(`/referrals/${savedId}/edit?step=${target}`, { replace: true });
    } else if (target !== step) {
      setParams({ step: target });
    } else if (focus) {
      document.getElementById(focus)?.focus();
    }
  }

  /** Forward: checks each step left behind, saves the draft, then shows `target`. Back: shows it. */
  async function goTo(target: StepId) {
    if (stepIndex(target) <= stepIndex(step)) return show(target);
    const behind = STEPS.slice(stepIndex(step), stepIndex(target)).map((s) => s.id);
    setChecked((previous) => new Set([...previous, ...behind]));
    setActionError(null);
    setBusy('next');
    try {
      const mine = [...valueProblems(state, locale), ...behind.flatMap((s) => gapsOf(s, state))];
      const found = mine.length > 0 ? [] : await validate(body, 'submit');
      if (mine.length === 0) setApiProblems(found);
      const blocking = behind
        .map((s) => problemsOfStep(s, mergeProblems(found, mine)))
        .findIndex((list) => list.length > 0);
      if (blocking !== -1) {
        if (behind[blocking] !== step) show(behind[blocking]);
        requestAnimationFrame(() => summaryRef.current?.focus());
        return;
      }
      const saved = await draft.save();
      setJustSaved(true);
      show(target, undefined, saved);
    } catch (error) {
      refused(error);
    } finally {
      setBusy(null);
    }
  }

  async function onSave() {
    setActionError(null);
    setBusy('save');
    try {
      const saved = await draft.save();
      setJustSaved(true);
      if (!id) show(step, undefined, saved);
    } catch (error) {
      refused(error);
    } finally {
      setBusy(null);
    }
  }

  async function onSubmit() {
    setSubmitAttempted(true);
    setActionError(null);
    setBusy('submit');
    try {
      // The submit checks first, so an incomplete referral is neither saved nor filed.
      const found = await validate(body, 'submit');
      if (found.length > 0 || own.length > 0) {
        setApiProblems(found);
        requestAnimationFrame(() => summaryRef.current?.focus());
        return;
      }
      const saved = await draft.save();
      const submitted = await unwrap(
        api.POST('/api/v1/referrals/{id}/submit', {
          params: { path: { id: saved.id }, header: { 'Idempotency-Key': submitKey.current } },
        }),
      );
      queryClient.setQueryData(['referral', submitted.id], submitted);
      await queryClient.invalidateQueries({ queryKey: ['referrals'] });
      leaving.current = true;
      void navigate(`/referrals/${submitted.id}/receipt`, { replace: true });
    } catch (error) {
      refused(error);
    } finally {
      setBusy(null);
    }
  }

  const title = referral ? `Draft referral ${referral.reference}` : 'New referral';
  const sectionProps = { state, update };
  const summaryTitle =
    step !== 'review'
      ? 'Correct these fields before going on:'
      : submitAttempted
        ? 'The referral cannot be submitted yet. Correct these fields:'
        : 'Before submitting, correct these fields:';

  return (
    <FieldErrorsContext.Provider value={fieldErrors}>
      <PageHeader
        title={title}
        subtitle="Metadata only: URLs, hashes, masked cards and documents. Never attach or link to abuse imagery."
      />
      <StepProgress
        step={step}
        perStep={perStep}
        canOpen={id !== undefined && busy === null}
        onOpen={(target) => void goTo(target)}
      />
      <form
        className="officer-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void onSave();
        }}
      >
        <div ref={summaryRef} tabIndex={-1} className="officer-summary-anchor">
          {summary.length > 0 || (step === 'review' && unplaced.length > 0) ? (
            <ProblemSummary
              title={summaryTitle}
              placed={summary}
              unplaced={step === 'review' ? unplaced : []}
              onOpen={(field) => {
                // The field's step shows its messages at once, so the officer sees what to fix.
                setChecked((previous) => new Set([...previous, stepOf(field)]));
                show(stepOf(field), fieldId(dot(field)));
              }}
            />
          ) : null}
          {actionError && !(actionError instanceof ApiError && actionError.status === 400) ? (
            <ProblemMessage error={actionError} />
          ) : null}
        </div>
        {step !== 'review' ? (
          <p className="field-hint">
            <span aria-hidden="true">*</span> Required before the referral can be submitted. A draft
            can be saved at any time; Next saves it too.
          </p>
        ) : null}

        {step === 'merchant' ? (
          <MerchantSection merchant={state.merchant} updateMerchant={updateMerchant} />
        ) : step === 'evidence' ? (
          <ObservablesSection {...sectionProps}>
            <h3>Documents</h3>
            {id ? <AttachmentsPanel referralId={id} /> : null}
          </ObservablesSection>
        ) : step === 'transactions' ? (
          <TransactionsSection {...sectionProps} />
        ) : step === 'narrative' ? (
          <NarrativeSection {...sectionProps} />
        ) : (
          <ReviewSection
            {...sectionProps}
            body={body as ReferralBody}
            busy={busy === 'next' ? null : busy}
            onEdit={(target) => show(target)}
            onSubmit={() => setConfirmingSubmit(true)}
          />
        )}

        <StepBar
          id={id}
          step={step}
          busy={busy}
          dirty={draft.dirty}
          savedAt={draft.savedAt}
          justSaved={justSaved}
          onBack={() => show(STEPS[stepIndex(step) - 1].id)}
          onNext={() => void goTo(STEPS[stepIndex(step) + 1].id)}
        />
      </form>
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
