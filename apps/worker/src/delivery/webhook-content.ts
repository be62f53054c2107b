/** The event of a dispatch's package. */
export const WEBHOOK_EVENT_TYPE = 'case.dispatched';
/** A dispatch only named liaisons may read: the body says it exists, without the package. */
export const WEBHOOK_RESTRICTED_EVENT_TYPE = 'case.dispatched.restricted';

/** What a restricted dispatch's webhook carries instead of the package: where to read it. */
export interface RestrictedDispatchNotice {
  reference: string;
  tlp: string;
  pap: string | null;
  /** How many liaisons of the agency were named (never who: the names are no business of a machine). */
  namedLiaisons: number;
  message: string;
}

/** What travels in the body: the package, or a notice that one awaits named liaisons. */
export type WebhookContent =
  | { type: typeof WEBHOOK_EVENT_TYPE; package: Record<string, unknown> }
  | { type: typeof WEBHOOK_RESTRICTED_EVENT_TYPE; notice: RestrictedDispatchNotice };

/**
 * The content of a dispatch's webhook. A RED or AMBER+STRICT package is for
 * the liaisons the routing named, not for whatever system or mailbox sits
 * behind the agency's endpoint: that endpoint gets a notice (reference and
 * markings, no case content), and the named liaisons read the package in the hub.
 */
export function webhookContentOf(dispatch: {
  reference: string;
  tlp: string;
  namedLiaisonIds: readonly string[] | null;
  package: Record<string, unknown>;
}): WebhookContent {
  const named = dispatch.namedLiaisonIds ?? [];
  if (named.length === 0) return { type: WEBHOOK_EVENT_TYPE, package: dispatch.package };
  const pap = dispatch.package.pap;
  return {
    type: WEBHOOK_RESTRICTED_EVENT_TYPE,
    notice: {
      reference: dispatch.reference,
      tlp: dispatch.tlp,
      pap: typeof pap === 'string' ? pap : null,
      namedLiaisons: named.length,
      message: `TLP:${dispatch.tlp} dispatch ${dispatch.reference} awaits the liaisons named for it; they read the package in the hub. It is not sent to this endpoint.`,
    },
  };
}
/** The most of a receiver's answer we read; the rest is dropped unread. */
export const WEBHOOK_RESPONSE_LIMIT_BYTES = 4096;
