import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import { ApiError } from '../../api/problem';
import { formatDate, formatDateTime } from '../../components/format';
import { QueryView } from '../../components/ui';
import { TextInput, TextArea, SelectInput } from '../../components/controls';
import { ActionNotice, fieldErrors, FormProblem } from './action-notice';
import { defaultHoldDay, expiryFromDay, holdDayRange } from './hold-dates';
import { HoldTable } from './package-view';
import { HOLD_SCOPES, type Dispatch, type Hold, type HoldScope } from './vocabulary';

/** Dispatch statuses in which the agency may place a hold: it has the package and has not declined. */
const HOLD_STATUSES: Dispatch['status'][] = ['delivered', 'acknowledged', 'accepted'];

export function holdsKey(dispatchId: string) {
  return ['dispatch', dispatchId, 'holds'] as const;
}

/** The agency's holds on the case: list, place, renew, release. */
export function HoldsPanel({ dispatch }: { dispatch: Dispatch }) {
  const [notice, setNotice] = useState<string | null>(null);
  const [selected, setSelected] = useState<{ hold: Hold; mode: 'renew' | 'release' } | null>(null);
  const holds = useQuery({
    queryKey: holdsKey(dispatch.id),
    queryFn: () =>
      unwrap(api.GET('/api/v1/dispatches/{id}/holds', { params: { path: { id: dispatch.id } } })),
  });
  const canPlace = HOLD_STATUSES.includes(dispatch.status);
  const done = (text: string) => {
    setSelected(null);
    setNotice(text);
  };

  return (
    <section className="panel" aria-labelledby="holds-title">
      <h2 id="holds-title">Holds</h2>
      <p className="liaison-small">
        A hold asks the filing members not to act yet — keep the merchant’s account open, not alert
        it, or not pass the case on — so the money trail stays alive. Members see its scope, reason
        and expiry, not your document reference. At most 6 months; renew it before it lapses.
      </p>
      <ActionNotice text={notice} />
      <QueryView query={holds} what="Loading holds">
        {(items) =>
          items.length === 0 ? (
            <p>Your agency has placed no hold on this case.</p>
          ) : (
            <HoldTable
              holds={items}
              actions={(h) =>
                h.status === 'released' ? (
                  '—'
                ) : (
                  <div className="liaison-row-actions">
                    <button
                      type="button"
                      className="button"
                      aria-label={`Renew the ${HOLD_SCOPES[h.scope].label.toLowerCase()} hold`}
                      onClick={() => setSelected({ hold: h, mode: 'renew' })}
                    >
                      Renew
                    </button>
                    {h.status === 'active' ? (
                      <button
                        type="button"
                        className="button"
                        aria-label={`Release the ${HOLD_SCOPES[h.scope].label.toLowerCase()} hold`}
                        onClick={() => setSelected({ hold: h, mode: 'release' })}
                      >
                        Release
                      </button>
                    ) : null}
                  </div>
                )
              }
            />
          )
        }
      </QueryView>
      {selected?.mode === 'renew' ? (
        <RenewForm
          key={selected.hold.id}
          dispatchId={dispatch.id}
          hold={selected.hold}
          onCancel={() => setSelected(null)}
          onDone={done}
        />
      ) : null}
      {selected?.mode === 'release' ? (
        <ReleaseForm
          key={selected.hold.id}
          dispatchId={dispatch.id}
          hold={selected.hold}
          onCancel={() => setSelected(null)}
          onDone={done}
        />
      ) : null}
      {canPlace ? (
        <PlaceHoldForm dispatchId={dispatch.id} onDone={done} />
      ) : (
        <p className="liaison-small">
          A hold can be placed once the case is delivered, and not after your agency declined it.
        </p>
      )}
    </section>
  );
}

function useHoldCommand<T>(
  dispatchId: string,
  run: (input: T) => Promise<Hold>,
  done: (hold: Hold) => void,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: async (hold) => {
      await queryClient.invalidateQueries({ queryKey: holdsKey(dispatchId), exact: true });
      done(hold);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409) {
        void queryClient.invalidateQueries({ queryKey: holdsKey(dispatchId), exact: true });
      }
    },
  });
}

function ExpiryField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  errors: string[];
}) {
  const range = holdDayRange();
  return (
    <TextInput
      label={props.label}
      required
      hint={`The hold lapses at 00:00 UTC that day. At most 6 months ahead: the latest day is ${formatDate(`${range.max}T00:00:00Z`)}.`}
      errors={props.errors}
      type="date"
      min={range.min}
      max={range.max}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
      aria-required="true"
      className="liaison-date"
    />
  );
}

function PlaceHoldForm({
  dispatchId,
  onDone,
}: {
  dispatchId: string;
  onDone: (text: string) => void;
}) {
  const [scope, setScope] = useState<HoldScope>('do_not_terminate');
  const [reason, setReason] = useState('');
  const [documentRef, setDocumentRef] = useState('');
  const [day, setDay] = useState(defaultHoldDay());
  const place = useHoldCommand(
    dispatchId,
    (body: { scope: HoldScope; reason: string; documentRef: string; expiresAt: string }) =>
      unwrap(
        api.POST('/api/v1/dispatches/{id}/holds', { params: { path: { id: dispatchId } }, body }),
      ),
    (hold) => {
      setReason('');
      setDocumentRef('');
      onDone(
        `Hold placed: ${HOLD_SCOPES[hold.scope].label.toLowerCase()} until ${formatDateTime(hold.expiresAt)}. The filing members see it on their referrals.`,
      );
    },
  );
  function submit(event: FormEvent) {
    event.preventDefault();
    place.mutate({
      scope,
      reason: reason.trim(),
      documentRef: documentRef.trim(),
      expiresAt: expiryFromDay(day),
    });
  }
  return (
    <form
      onSubmit={submit}
      noValidate
      aria-labelledby="place-hold-title"
      className="liaison-action"
    >
      <h3 id="place-hold-title">Place a hold</h3>
      <FormProblem error={place.error} fields={['scope', 'reason', 'documentRef', 'expiresAt']} />
      <div className="inline-fields">
        <SelectInput
          label="Scope"
          required
          hint={`Members are asked: ${HOLD_SCOPES[scope].meaning}.`}
          errors={fieldErrors(place.error, 'scope')}
          value={scope}
          onChange={(e) => setScope(e.target.value as HoldScope)}
        >
          {(Object.keys(HOLD_SCOPES) as HoldScope[]).map((s) => (
            <option key={s} value={s}>
              {HOLD_SCOPES[s].label}
            </option>
          ))}
        </SelectInput>
        <TextInput
          label="Document reference"
          required
          hint="Your reference of the document that authorises the hold."
          errors={fieldErrors(place.error, 'documentRef')}
          value={documentRef}
          maxLength={200}
          autoComplete="off"
          onChange={(e) => setDocumentRef(e.target.value)}
          aria-required="true"
        />
        <ExpiryField
          label="Expires on"
          value={day}
          onChange={setDay}
          errors={fieldErrors(place.error, 'expiresAt')}
        />
      </div>
      <TextArea
        label="Reason for the hold"
        required
        hint="Shown to the filing members: say what they should hold back from and why, in words they can act on."
        errors={fieldErrors(place.error, 'reason')}
        value={reason}
        rows={3}
        maxLength={2000}
        onChange={(e) => setReason(e.target.value)}
        aria-required="true"
      />
      <button type="submit" className="button button-primary" disabled={place.isPending}>
        Place hold
      </button>
    </form>
  );
}

function RenewForm(props: {
  dispatchId: string;
  hold: Hold;
  onCancel: () => void;
  onDone: (text: string) => void;
}) {
  const [day, setDay] = useState(defaultHoldDay());
  const renew = useHoldCommand(
    props.dispatchId,
    (expiresAt: string) =>
      unwrap(
        api.POST('/api/v1/holds/{id}/renew', {
          params: { path: { id: props.hold.id } },
          body: { expiresAt },
        }),
      ),
    (hold) => props.onDone(`Hold renewed until ${formatDateTime(hold.expiresAt)}.`),
  );
  const scope = HOLD_SCOPES[props.hold.scope].label.toLowerCase();
  return (
    <form
      className="liaison-action liaison-subform"
      noValidate
      aria-labelledby="renew-hold-title"
      onSubmit={(e) => {
        e.preventDefault();
        renew.mutate(expiryFromDay(day));
      }}
    >
      <h3 id="renew-hold-title">Renew the {scope} hold</h3>
      <p className="liaison-small">
        It now expires {formatDateTime(props.hold.expiresAt)}
        {props.hold.status === 'expired' ? ' (it has lapsed; renewing makes it active again)' : ''}.
      </p>
      <FormProblem error={renew.error} fields={['expiresAt']} />
      <ExpiryField
        label="New expiry"
        value={day}
        onChange={setDay}
        errors={fieldErrors(renew.error, 'expiresAt')}
      />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={renew.isPending}>
          Renew hold
        </button>
        <button type="button" className="button button-quiet" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function ReleaseForm(props: {
  dispatchId: string;
  hold: Hold;
  onCancel: () => void;
  onDone: (text: string) => void;
}) {
  const [reason, setReason] = useState('');
  const release = useHoldCommand(
    props.dispatchId,
    (text: string) =>
      unwrap(
        api.POST('/api/v1/holds/{id}/release', {
          params: { path: { id: props.hold.id } },
          body: text ? { reason: text } : {},
        }),
      ),
    () => props.onDone('Hold released. The filing members no longer see it on their referrals.'),
  );
  const scope = HOLD_SCOPES[props.hold.scope].label.toLowerCase();
  return (
    <form
      className="liaison-action liaison-subform"
      noValidate
      aria-labelledby="release-hold-title"
      onSubmit={(e) => {
        e.preventDefault();
        release.mutate(reason.trim());
      }}
    >
      <h3 id="release-hold-title">Release the {scope} hold</h3>
      <p className="liaison-small">
        The filing members stop seeing it on their referrals, and may act on the merchant again.
      </p>
      <FormProblem error={release.error} fields={['reason']} />
      <TextArea
        label="Reason for releasing"
        hint="Optional; kept in the audit trail."
        errors={fieldErrors(release.error, 'reason')}
        value={reason}
        rows={2}
        maxLength={2000}
        onChange={(e) => setReason(e.target.value)}
      />
      <div className="form-actions">
        <button type="submit" className="button button-danger" disabled={release.isPending}>
          Release hold
        </button>
        <button type="button" className="button button-quiet" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
