import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Link, useBlocker, useNavigate, useParams } from 'react-router-dom';
import { api, unwrap, type Schemas } from '../../api/client';
import { ApiError, toProblem, type FieldProblem } from '../../api/problem';
import { formatDateTime } from '../../components/format';
import { PageHeader, ProblemMessage, QueryView } from '../../components/ui';
import { AttachmentsPanel } from './attachments';
import { ConfirmDialog } from './confirm-dialog';
import {
  FieldErrorsContext,
  fieldId,
  GroupErrors,
  SelectField,
  TextAreaField,
  TextField,
} from './form-fields';
import {
  bodyFromForm,
  changedFields,
  emptyForm,
  emptyMerchantId,
  emptyObservable,
  emptyPrincipal,
  emptyTransaction,
  formFromReferral,
  newKey,
  placeProblems,
  sectionOf,
  SECTIONS,
  type FormState,
  type MerchantState,
  type ObservableRow,
  type PrincipalRow,
  type ReferralBody,
  type TransactionRow,
  type TriState,
} from './referral-form-model';
import {
  algorithmLabel,
  categoryLabel,
  CATEGORIES,
  directionLabel,
  DIRECTIONS,
  HASH_ALGORITHMS,
  INDICATOR_TEXT,
  INDICATORS,
  IP_EVENTS,
  ipEventLabel,
  OBSERVABLE_TYPES,
  observableLabel,
  PRIORITIES,
  priorityLabel,
  railLabel,
  RAILS,
  TLPS,
  tlpLabel,
  type Priority,
  type Tlp,
} from './vocabulary';

type Referral = Schemas['ReferralResponse'];

/** How long typing pauses before the API checks the form. */
const VALIDATE_AFTER_MS = 400;

/**
 * What the new-referral form hands to the edit page it moves to after the
 * first save: the form as typed (with values the API never sends back, such
 * as a tax id). In memory only; a reload starts from the stored draft.
 */
const handoffs = new Map<string, { state: FormState; savedAt: string }>();

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
  const m = state.merchant;

  return (
    <FieldErrorsContext.Provider value={fieldErrors}>
      <PageHeader
        title={title}
        subtitle="Metadata only: URLs, hashes, masked cards and documents. Never attach or link to abuse imagery."
      />
      <div className="officer-form-layout">
        <nav className="officer-form-index no-print" aria-label="Form sections">
          <ol>
            {SECTIONS.map(([sectionId, name]) => {
              const count = perSection.get(sectionId) ?? 0;
              return (
                <li key={sectionId}>
                  <a href={`#section-${sectionId}`}>
                    {name}
                    {count > 0 ? (
                      <span className="officer-count">
                        {' '}
                        ({count} to fix<span className="visually-hidden"> in {name}</span>)
                      </span>
                    ) : null}
                  </a>
                </li>
              );
            })}
          </ol>
        </nav>
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

          <Section id="merchant" title="1. Merchant">
            <div className="inline-fields">
              <TextField
                path="merchant.legalName"
                label="Legal name"
                required
                value={m.legalName}
                onChange={(v) => updateMerchant({ legalName: v })}
              />
              <TextField
                path="merchant.country"
                label="Country of registration"
                hint="ISO code, e.g. GB"
                required
                maxWidth="8rem"
                value={m.country}
                onChange={(v) => updateMerchant({ country: v })}
              />
              <TextField
                path="merchant.mcc"
                label="MCC"
                hint="4 digits"
                inputMode="numeric"
                maxWidth="8rem"
                value={m.mcc}
                onChange={(v) => updateMerchant({ mcc: v })}
              />
            </div>
            <div className="inline-fields">
              <TextAreaField
                path="merchant.tradingNames"
                label="Trading names"
                hint="One per line"
                rows={2}
                value={m.tradingNames}
                onChange={(v) => updateMerchant({ tradingNames: v })}
              />
              <TextAreaField
                path="merchant.descriptors"
                label="Billing descriptors"
                hint="As they appear on statements; one per line"
                rows={2}
                value={m.descriptors}
                onChange={(v) => updateMerchant({ descriptors: v })}
              />
            </div>
            <fieldset>
              <legend>Acquirer</legend>
              <div className="inline-fields">
                <TextField
                  path="merchant.acquirer.name"
                  label="Acquirer name"
                  value={m.acquirerName}
                  onChange={(v) => updateMerchant({ acquirerName: v })}
                />
                <TextField
                  path="merchant.acquirer.country"
                  label="Acquirer country"
                  hint="ISO code"
                  maxWidth="8rem"
                  value={m.acquirerCountry}
                  onChange={(v) => updateMerchant({ acquirerCountry: v })}
                />
                <TextField
                  path="merchant.acquirer.bin"
                  label="Acquirer BIN"
                  hint="6 to 8 digits"
                  inputMode="numeric"
                  maxWidth="10rem"
                  value={m.acquirerBin}
                  onChange={(v) => updateMerchant({ acquirerBin: v })}
                />
                <TextField
                  path="merchant.acquirer.ica"
                  label="Acquirer ICA"
                  hint="1 to 11 digits"
                  inputMode="numeric"
                  maxWidth="10rem"
                  value={m.acquirerIca}
                  onChange={(v) => updateMerchant({ acquirerIca: v })}
                />
              </div>
            </fieldset>
            <Rows
              title="Merchant ids"
              noun="merchant id"
              rows={m.merchantIds}
              onAdd={() => updateMerchant({ merchantIds: [...m.merchantIds, emptyMerchantId()] })}
              onRemove={(index) =>
                updateMerchant({ merchantIds: m.merchantIds.filter((_, i) => i !== index) })
              }
              render={(row, i) => (
                <div className="inline-fields">
                  <TextField
                    path={`merchant.merchantIds.${i}.acquirerId`}
                    label={`Acquirer id (merchant id ${i + 1})`}
                    hint="The acquirer's BIN or ICA"
                    value={row.acquirerId}
                    onChange={(v) =>
                      updateMerchant({
                        merchantIds: replaceAt(m.merchantIds, i, { acquirerId: v }),
                      })
                    }
                  />
                  <TextField
                    path={`merchant.merchantIds.${i}.mid`}
                    label={`MID (merchant id ${i + 1})`}
                    hint="Merchant, sub-merchant or facilitator id"
                    value={row.mid}
                    onChange={(v) =>
                      updateMerchant({ merchantIds: replaceAt(m.merchantIds, i, { mid: v }) })
                    }
                  />
                </div>
              )}
            />
            <div className="inline-fields">
              <TextAreaField
                path="merchant.websites"
                label="Websites"
                hint="http(s) URLs or domain names; one per line"
                rows={3}
                value={m.websites}
                onChange={(v) => updateMerchant({ websites: v })}
              />
              <TextField
                path="merchant.hostingCountries"
                label="Hosting countries"
                hint="Where the websites are hosted: ISO codes separated by spaces"
                value={m.hostingCountries}
                onChange={(v) => updateMerchant({ hostingCountries: v })}
              />
            </div>
            <div className="inline-fields">
              <TextAreaField
                path="merchant.emails"
                label="E-mail addresses"
                hint="One per line"
                rows={2}
                value={m.emails}
                onChange={(v) => updateMerchant({ emails: v })}
              />
              <TextAreaField
                path="merchant.phones"
                label="Phone numbers"
                hint="One per line"
                rows={2}
                value={m.phones}
                onChange={(v) => updateMerchant({ phones: v })}
              />
            </div>
            <div className="inline-fields">
              <TextField
                path="merchant.registrationNumber"
                label="Registration number"
                value={m.registrationNumber}
                onChange={(v) => updateMerchant({ registrationNumber: v })}
              />
              <TextField
                path="merchant.taxId"
                label="Tax id"
                hint={
                  m.taxIdOnFile
                    ? `On file: ${m.taxIdOnFile} (masked). Leave blank to keep it; type a new one to replace it.`
                    : 'Encrypted when stored; shown masked afterwards.'
                }
                value={m.taxId}
                onChange={(v) => updateMerchant({ taxId: v })}
              />
            </div>
            <Rows
              title="Principals"
              noun="principal"
              hint="Owners, directors or other principals: at most 5."
              rows={m.principals}
              onAdd={() => updateMerchant({ principals: [...m.principals, emptyPrincipal()] })}
              onRemove={(index) =>
                updateMerchant({ principals: m.principals.filter((_, i) => i !== index) })
              }
              render={(row, i) => (
                <PrincipalFields
                  row={row}
                  index={i}
                  onChange={(change) =>
                    updateMerchant({ principals: replaceAt(m.principals, i, change) })
                  }
                />
              )}
            />
          </Section>

          <Section
            id="observables"
            title="2. Observables"
            intro="What the member saw: URLs, domains, addresses, masked cards, file hashes. Never the content itself."
          >
            <Rows
              title="Observables"
              noun="observable"
              headingless
              rows={state.observables}
              onAdd={() => update({ observables: [...state.observables, emptyObservable()] })}
              onRemove={(index) =>
                update({ observables: state.observables.filter((_, i) => i !== index) })
              }
              render={(row, i) => (
                <ObservableFields
                  row={row}
                  index={i}
                  onChange={(change) =>
                    update({ observables: replaceAt(state.observables, i, change) })
                  }
                />
              )}
            />
          </Section>

          <Section id="transactions" title="3. Transactions">
            <Rows
              title="Transactions"
              noun="transaction"
              headingless
              rows={state.transactions}
              onAdd={() => update({ transactions: [...state.transactions, emptyTransaction()] })}
              onRemove={(index) =>
                update({ transactions: state.transactions.filter((_, i) => i !== index) })
              }
              render={(row, i) => (
                <TransactionFields
                  row={row}
                  index={i}
                  onChange={(change) =>
                    update({ transactions: replaceAt(state.transactions, i, change) })
                  }
                />
              )}
            />
          </Section>

          <Section id="narrative" title="4. About the activity">
            <div className="inline-fields">
              <SelectField
                path="category"
                label="Category"
                required
                placeholder="Choose a category"
                options={CATEGORIES.map((c) => [c, categoryLabel(c)])}
                value={state.category}
                onChange={(v) => update({ category: v })}
              />
              <SelectField
                path="priority"
                label="Priority"
                options={PRIORITIES.map((p) => [p, priorityLabel(p)])}
                value={state.priority}
                onChange={(v) => update({ priority: v })}
              />
              <SelectField
                path="tlp"
                label="TLP marking"
                options={TLPS.map((t) => [t, tlpLabel(t)])}
                value={state.tlp}
                onChange={(v) => update({ tlp: v })}
              />
            </div>
            {state.priority === 'P1' ? (
              <TextAreaField
                path="escalationReason"
                label="Escalation reason"
                hint="Why this referral is the most urgent (required for P1)."
                required
                rows={2}
                value={state.escalationReason}
                onChange={(v) => update({ escalationReason: v })}
              />
            ) : null}
            <fieldset
              className="officer-indicators"
              aria-describedby={
                errorsFor('indicators').length ? `${fieldId('indicators')}-error` : undefined
              }
            >
              <legend>
                Red-flag indicators<span aria-hidden="true"> *</span>
                <span className="visually-hidden"> (at least one required to submit)</span>
              </legend>
              <GroupErrors path="indicators" />
              <div className="officer-indicator-grid">
                {INDICATORS.map((code) => {
                  const [name, description] = INDICATOR_TEXT[code];
                  const checkboxId = `indicator-${code}`;
                  return (
                    <div key={code} className="officer-check">
                      <input
                        id={checkboxId}
                        type="checkbox"
                        checked={state.indicators.includes(code)}
                        aria-describedby={`${checkboxId}-text`}
                        onChange={(e) => {
                          touch('indicators');
                          update({
                            indicators: e.target.checked
                              ? [...state.indicators, code]
                              : state.indicators.filter((c) => c !== code),
                          });
                        }}
                      />
                      <div>
                        <label htmlFor={checkboxId}>{name}</label>
                        <span id={`${checkboxId}-text`} className="officer-check-hint">
                          {description}
                        </span>
                      </div>
                    </div>
                  );
                })}
              </div>
            </fieldset>
            <div className="inline-fields">
              <TextField
                path="observedFrom"
                label="Observed from"
                type="date"
                value={state.observedFrom}
                onChange={(v) => update({ observedFrom: v })}
              />
              <TextField
                path="observedTo"
                label="Observed to"
                type="date"
                value={state.observedTo}
                onChange={(v) => update({ observedTo: v })}
              />
              <TextField
                path="totalAmount.value"
                label="Total amount"
                hint="Leave empty if unknown"
                inputMode="decimal"
                value={state.totalValue}
                onChange={(v) => update({ totalValue: v })}
              />
              <TextField
                path="totalAmount.currency"
                label="Total currency"
                hint="ISO code, e.g. EUR"
                maxWidth="8rem"
                value={state.totalCurrency}
                onChange={(v) => update({ totalCurrency: v })}
              />
            </div>
            <TextAreaField
              path="narrative"
              label="Narrative"
              required
              hint="What you saw and why it is suspicious. Describe content; never include or link to it."
              rows={8}
              value={state.narrative}
              onChange={(v) => update({ narrative: v })}
            />
          </Section>

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

          <Section id="review" title="6. Review & submit">
            <ReviewSummary state={state} />
            <div
              className={`officer-duty${errorsFor('acknowledgeReportingDuty').length ? ' field-invalid' : ''}`}
            >
              <div className="officer-check">
                <input
                  id={fieldId('acknowledgeReportingDuty')}
                  type="checkbox"
                  checked={state.acknowledgeReportingDuty}
                  aria-describedby={
                    errorsFor('acknowledgeReportingDuty').length
                      ? `${fieldId('acknowledgeReportingDuty')}-error`
                      : undefined
                  }
                  onChange={(e) => {
                    touch('acknowledgeReportingDuty');
                    update({ acknowledgeReportingDuty: e.target.checked });
                  }}
                />
                <label htmlFor={fieldId('acknowledgeReportingDuty')}>
                  I acknowledge that a referral does not replace my own legal duty to report (for
                  example to a national hotline).
                </label>
              </div>
              <GroupErrors path="acknowledgeReportingDuty" />
            </div>
            <div className="form-actions">
              <button
                type="button"
                className="button button-primary"
                disabled={busy !== null}
                onClick={() => void onSubmit()}
              >
                {busy === 'submit' ? 'Submitting…' : 'Submit referral'}
              </button>
              <span className="field-hint">
                Submitting sends the referral to the coalition; it can then no longer be edited.
              </span>
            </div>
          </Section>

          <div className="officer-savebar no-print">
            <button type="submit" className="button" disabled={busy !== null}>
              {busy === 'save' ? 'Saving…' : 'Save draft'}
            </button>
            <span className="officer-save-state" role="status">
              {dirty
                ? savedAt
                  ? `Unsaved changes (last saved ${formatDateTime(savedAt)})`
                  : 'Not saved yet'
                : savedAt
                  ? `Draft saved at ${formatDateTime(savedAt)}`
                  : 'Nothing entered yet'}
            </span>
            {justSaved && !dirty ? <span className="visually-hidden">Saved.</span> : null}
            <Link to={id ? `/referrals/${id}` : '/referrals'} className="officer-savebar-link">
              {id ? 'View the referral' : 'Back to referrals'}
            </Link>
          </div>
        </form>
      </div>
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

function replaceAt<T>(rows: T[], index: number, change: Partial<T>): T[] {
  return rows.map((row, i) => (i === index ? { ...row, ...change } : row));
}

function Section(props: { id: string; title: string; intro?: string; children: ReactNode }) {
  return (
    <section
      id={`section-${props.id}`}
      className="panel officer-section"
      aria-labelledby={`section-${props.id}-title`}
    >
      <h2 id={`section-${props.id}-title`}>{props.title}</h2>
      {props.intro ? <p className="field-hint">{props.intro}</p> : null}
      {props.children}
    </section>
  );
}

/** A repeatable group (observables, transactions, merchant ids, principals). */
function Rows<T extends { key: number }>(props: {
  title: string;
  noun: string;
  hint?: string;
  headingless?: boolean;
  rows: T[];
  onAdd: () => void;
  onRemove: (index: number) => void;
  render: (row: T, index: number) => ReactNode;
}) {
  const capital = props.noun.charAt(0).toUpperCase() + props.noun.slice(1);
  return (
    <div className="officer-rows">
      {props.headingless ? null : <h3>{props.title}</h3>}
      {props.hint ? <p className="field-hint">{props.hint}</p> : null}
      {props.rows.length === 0 ? <p className="officer-none">None added.</p> : null}
      {props.rows.map((row, i) => (
        <fieldset key={row.key} className="officer-row">
          <legend>
            {capital} {i + 1}
          </legend>
          {props.render(row, i)}
          <button
            type="button"
            className="button button-quiet officer-remove"
            onClick={() => props.onRemove(i)}
          >
            Remove {props.noun} {i + 1}
          </button>
        </fieldset>
      ))}
      <button type="button" className="button" onClick={props.onAdd}>
        Add {/^[aeiou]/.test(props.noun) ? 'an' : 'a'} {props.noun}
      </button>
    </div>
  );
}

const TRI: [string, string][] = [
  ['yes', 'Yes'],
  ['no', 'No'],
];

function ObservableFields(props: {
  row: ObservableRow;
  index: number;
  onChange: (change: Partial<ObservableRow>) => void;
}) {
  const { row, index: i } = props;
  const n = i + 1;
  return (
    <>
      <div className="inline-fields">
        <SelectField
          path={`observables.${i}.type`}
          label={`Type (observable ${n})`}
          options={OBSERVABLE_TYPES.map((t) => [t, observableLabel(t)])}
          value={row.type}
          onChange={(v) => props.onChange({ type: v })}
        />
        <TextField
          path={`observables.${i}.value`}
          label={`Value (observable ${n})`}
          className="officer-wide"
          spellCheck={false}
          hint={
            row.type === 'card'
              ? 'Masked only: first 6 and last 4 digits, e.g. 411111******1111'
              : row.type === 'file_hash'
                ? 'The hash, never the file'
                : undefined
          }
          value={row.value}
          onChange={(v) => props.onChange({ value: v })}
        />
      </div>
      <div className="inline-fields">
        {row.type === 'file_hash' ? (
          <SelectField
            path={`observables.${i}.algorithm`}
            label={`Algorithm (observable ${n})`}
            placeholder="Choose the algorithm"
            options={HASH_ALGORITHMS.map((a) => [a, algorithmLabel(a)])}
            value={row.algorithm}
            onChange={(v) => props.onChange({ algorithm: v })}
          />
        ) : null}
        {row.type === 'ip' ? (
          <SelectField
            path={`observables.${i}.event`}
            label={`Event (observable ${n})`}
            placeholder="Not said"
            options={IP_EVENTS.map((e) => [e, ipEventLabel(e)])}
            value={row.event}
            onChange={(v) => props.onChange({ event: v })}
          />
        ) : null}
        <TextField
          path={`observables.${i}.seenAt`}
          label={`Seen at, UTC (observable ${n})`}
          type="datetime-local"
          value={row.seenAt}
          onChange={(v) => props.onChange({ seenAt: v })}
        />
        <SelectField
          path={`observables.${i}.viewedByReporter`}
          label={`Viewed by you (observable ${n})`}
          hint="Whether anyone at your company viewed the content"
          placeholder="Not said"
          options={TRI}
          value={row.viewedByReporter}
          onChange={(v) => props.onChange({ viewedByReporter: v as TriState })}
        />
        <SelectField
          path={`observables.${i}.publiclyAvailable`}
          label={`Publicly available (observable ${n})`}
          placeholder="Not said"
          options={TRI}
          value={row.publiclyAvailable}
          onChange={(v) => props.onChange({ publiclyAvailable: v as TriState })}
        />
      </div>
    </>
  );
}

function TransactionFields(props: {
  row: TransactionRow;
  index: number;
  onChange: (change: Partial<TransactionRow>) => void;
}) {
  const { row, index: i } = props;
  const n = i + 1;
  return (
    <div className="inline-fields">
      <TextField
        path={`transactions.${i}.date`}
        label={`Date (transaction ${n})`}
        type="date"
        value={row.date}
        onChange={(v) => props.onChange({ date: v })}
      />
      <TextField
        path={`transactions.${i}.amount`}
        label={`Amount (transaction ${n})`}
        inputMode="decimal"
        value={row.amount}
        onChange={(v) => props.onChange({ amount: v })}
      />
      <TextField
        path={`transactions.${i}.currency`}
        label={`Currency (transaction ${n})`}
        maxWidth="8rem"
        value={row.currency}
        onChange={(v) => props.onChange({ currency: v })}
      />
      <SelectField
        path={`transactions.${i}.rail`}
        label={`Rail (transaction ${n})`}
        options={RAILS.map((r) => [r, railLabel(r)])}
        value={row.rail}
        onChange={(v) => props.onChange({ rail: v })}
      />
      <SelectField
        path={`transactions.${i}.direction`}
        label={`Direction (transaction ${n})`}
        placeholder="Choose"
        options={DIRECTIONS.map((d) => [d, directionLabel(d)])}
        value={row.direction}
        onChange={(v) => props.onChange({ direction: v })}
      />
      <TextField
        path={`transactions.${i}.counterparty`}
        label={`Counterparty (transaction ${n})`}
        hint="Descriptor as it appears"
        value={row.counterparty}
        onChange={(v) => props.onChange({ counterparty: v })}
      />
    </div>
  );
}

function PrincipalFields(props: {
  row: PrincipalRow;
  index: number;
  onChange: (change: Partial<PrincipalRow>) => void;
}) {
  const { row, index: i } = props;
  const n = i + 1;
  return (
    <div className="inline-fields">
      <TextField
        path={`merchant.principals.${i}.name`}
        label={`Name (principal ${n})`}
        value={row.name}
        onChange={(v) => props.onChange({ name: v })}
      />
      <TextField
        path={`merchant.principals.${i}.countryOfResidence`}
        label={`Country of residence (principal ${n})`}
        hint="ISO code"
        maxWidth="8rem"
        value={row.countryOfResidence}
        onChange={(v) => props.onChange({ countryOfResidence: v })}
      />
      <TextField
        path={`merchant.principals.${i}.dateOfBirth`}
        label={`Date of birth (principal ${n})`}
        type="date"
        value={row.dateOfBirth}
        onChange={(v) => props.onChange({ dateOfBirth: v })}
      />
      <TextField
        path={`merchant.principals.${i}.nationalId`}
        label={`National id (principal ${n})`}
        hint={
          row.nationalIdOnFile
            ? `On file: ${row.nationalIdOnFile}. Leave blank to keep it (it stays with this principal’s name); type a new one to replace it.`
            : 'Encrypted when stored'
        }
        value={row.nationalId}
        onChange={(v) => props.onChange({ nationalId: v })}
      />
    </div>
  );
}

const FIELD_NAMES: Record<string, string> = {
  legalName: 'Legal name',
  country: 'Country',
  mcc: 'MCC',
  tradingNames: 'Trading names',
  descriptors: 'Billing descriptors',
  websites: 'Websites',
  hostingCountries: 'Hosting countries',
  emails: 'E-mail addresses',
  phones: 'Phone numbers',
  registrationNumber: 'Registration number',
  taxId: 'Tax id',
  name: 'Name',
  bin: 'BIN',
  ica: 'ICA',
  acquirerId: 'Acquirer id',
  mid: 'MID',
  countryOfResidence: 'Country of residence',
  dateOfBirth: 'Date of birth',
  nationalId: 'National id',
  type: 'Type',
  value: 'Value',
  algorithm: 'Algorithm',
  event: 'Event',
  seenAt: 'Seen at',
  viewedByReporter: 'Viewed by you',
  publiclyAvailable: 'Publicly available',
  date: 'Date',
  amount: 'Amount',
  currency: 'Currency',
  rail: 'Rail',
  direction: 'Direction',
  counterparty: 'Counterparty',
  category: 'Category',
  indicators: 'Red-flag indicators',
  priority: 'Priority',
  escalationReason: 'Escalation reason',
  tlp: 'TLP marking',
  observedFrom: 'Observed from',
  observedTo: 'Observed to',
  narrative: 'Narrative',
  acknowledgeReportingDuty: 'Reporting-duty acknowledgement',
};

/** `observables.2.value` → "Observable 3 › Value". */
function fieldName(path: string): string {
  const parts = path.split('.');
  const out: string[] = [];
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i];
    const next = parts[i + 1];
    const group: Record<string, string> = {
      observables: 'Observable',
      transactions: 'Transaction',
      merchantIds: 'Merchant id',
      principals: 'Principal',
    };
    if (group[part] && next !== undefined && /^\d+$/.test(next)) {
      out.push(`${group[part]} ${Number(next) + 1}`);
      i += 1;
    } else if (part === 'merchant') {
      out.push('Merchant');
    } else if (part === 'acquirer') {
      out.push('Acquirer');
    } else if (part === 'totalAmount') {
      out.push('Total amount');
    } else {
      out.push(FIELD_NAMES[part] ?? part);
    }
  }
  return out.join(' › ');
}

function ProblemSummary(props: {
  title: string;
  placed: [string, string[]][];
  unplaced: FieldProblem[];
}) {
  return (
    <div className="problem" role="alert">
      <p className="problem-title">{props.title}</p>
      <ul>
        {props.placed.map(([field, messages]) => (
          <li key={field}>
            <a href={`#${fieldId(field)}`}>{fieldName(field)}</a>: {messages.join(' ')}
          </li>
        ))}
        {props.unplaced.map((p) => (
          <li key={p.field}>
            <strong>{fieldName(p.field.replace(/\[(\d+)\]/g, '.$1'))}</strong>:{' '}
            {p.messages.join(' ')}
          </li>
        ))}
      </ul>
    </div>
  );
}

function ReviewSummary({ state }: { state: FormState }) {
  const m = state.merchant;
  const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
  return (
    <dl className="details officer-review">
      <div>
        <dt>Merchant</dt>
        <dd>
          {m.legalName.trim() || 'No legal name yet'}
          {m.country.trim() ? ` (${m.country.trim().toUpperCase()})` : ''}
        </dd>
      </div>
      <div>
        <dt>Category</dt>
        <dd>{state.category ? categoryLabel(state.category) : 'Not chosen yet'}</dd>
      </div>
      <div>
        <dt>Priority and marking</dt>
        <dd>
          {priorityLabel(state.priority as Priority) ?? state.priority} ·{' '}
          {`TLP:${state.tlp as Tlp}`}
        </dd>
      </div>
      <div>
        <dt>Indicators</dt>
        <dd>{count(state.indicators.length, 'indicator')}</dd>
      </div>
      <div>
        <dt>Observables and transactions</dt>
        <dd>
          {count(state.observables.length, 'observable')},{' '}
          {count(state.transactions.length, 'transaction')}
        </dd>
      </div>
      <div>
        <dt>Narrative</dt>
        <dd>
          {state.narrative.trim() ? `${state.narrative.trim().length} characters` : 'Not written'}
        </dd>
      </div>
    </dl>
  );
}
