import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap, type Schemas } from '../../api/client';
import { SelectInput } from '../../components/controls';
import { Notice, ProblemMessage, QueryView } from '../../components/ui';
import { KIND_WORDS, MODE_WORDS } from './kind-words';

type Preference = Schemas['NotificationPreferenceResponse'];
const KEY = ['notifications', 'preferences'] as const;

/**
 * Per kind: a mail each time, the daily digest (07:00 UTC), or no mail.
 * Mandatory kinds offer no "No mail": the API refuses it.
 */
export function MailPreferences() {
  const queryClient = useQueryClient();
  const [saved, setSaved] = useState<string | null>(null);
  const preferences = useQuery({
    queryKey: KEY,
    queryFn: () => unwrap(api.GET('/api/v1/notifications/preferences')),
  });
  const change = useMutation({
    mutationFn: (choice: { kind: Preference['kind']; mode: Preference['mode'] }) =>
      unwrap(api.PUT('/api/v1/notifications/preferences', { body: { preferences: [choice] } })),
    onMutate: () => setSaved(null),
    onSuccess: (data, choice) => {
      queryClient.setQueryData(KEY, data);
      setSaved(`${KIND_WORDS[choice.kind]}: ${MODE_WORDS[choice.mode].toLowerCase()}.`);
    },
  });
  return (
    <section className="panel" aria-labelledby="mail-preferences-title">
      <h2 id="mail-preferences-title">Mail</h2>
      <p>
        Choose which notifications also reach you by mail. Mails carry the reference and a link,
        never case details. Kinds marked mandatory cannot be turned off.
      </p>
      {saved ? <Notice>Saved. {saved}</Notice> : null}
      {change.error ? <ProblemMessage error={change.error} /> : null}
      <QueryView query={preferences} what="your mail choices">
        {(data) => (
          <div className="preference-grid">
            {data.items.map((p) => (
              <SelectInput
                key={p.kind}
                label={`${KIND_WORDS[p.kind]}${p.mandatory ? ' (mandatory)' : ''}`}
                value={p.mode}
                disabled={change.isPending}
                onChange={(e) =>
                  change.mutate({ kind: p.kind, mode: e.target.value as Preference['mode'] })
                }
              >
                <option value="immediate">{MODE_WORDS.immediate}</option>
                <option value="digest">{MODE_WORDS.digest}</option>
                {p.mandatory ? null : <option value="off">{MODE_WORDS.off}</option>}
              </SelectInput>
            ))}
          </div>
        )}
      </QueryView>
    </section>
  );
}
