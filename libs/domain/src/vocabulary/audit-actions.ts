import { spelledOut } from './labels';

/**
 * Audit action names (`case.assign`, `dispatch.package_download`) as the
 * timeline, the audit view and its action picker show them. An action missing
 * here is spelled out ("Dispatch proof read"), never shown raw.
 */
export const AUDIT_ACTION_LABELS: Readonly<Record<string, string>> = {
  'access.denied': 'Access refused',
  'agency.create': 'Agency added',
  'agency.update': 'Agency changed',
  'agency_question.answer': 'Agency question answered',
  'agency_question.ask': 'Agency asked a question',
  'agency_question.read': 'Agency question read',
  'alert.acknowledge': 'Alert acknowledged',
  'api_key.create': 'API key created',
  'api_key.revoke': 'API key revoked',
  'audit.checkpoint_request': 'Audit checkpoint requested',
  'audit.export': 'Audit trail exported',
  'audit.read': 'Audit trail read',
  'audit.verify': 'Audit chain verified',
  'auth.api_key_refused': 'API key refused',
  'auth.lockout': 'Account locked after failed sign-ins',
  'auth.login': 'Signed in',
  'auth.logout': 'Signed out',
  'auth.mfa_confirm': 'Second factor confirmed',
  'auth.mfa_disable': 'Second factor turned off',
  'auth.mfa_enrol': 'Second factor set up',
  'auth.mfa_enrolment_required': 'Second factor required',
  'auth.mfa_failed': 'Second factor failed',
  'auth.mfa_recovery_codes_regenerate': 'Recovery codes renewed',
  'auth.mfa_recovery_used': 'Recovery code used',
  'auth.password_change': 'Password changed',
  'auth.refresh': 'Session renewed',
  'auth.refresh_reuse': 'Session token reused',
  'case.absorb': 'Took over a merged case’s referrals',
  'case.approve': 'Routing approved',
  'case.assign': 'Assigned',
  'case.attach': 'Referral joined the case',
  'case.close': 'Closed',
  'case.create': 'Case opened',
  'case.dismiss_suggestion': 'Suggestion dismissed',
  'case.dispatched': 'Dispatched',
  'case.export_stix': 'Case exported as STIX 2.1',
  'case.link': 'Referral linked',
  'case.merge': 'Merged into another case',
  'case.note': 'Note added',
  'case.open': 'Case opened',
  'case.package_preview': 'Package previewed',
  'case.propose': 'Routing proposed',
  'case.read': 'Case read',
  'case.reject': 'Rejected',
  'case.reopen': 'Reopened',
  'case.route': 'Routed',
  'case.send_back': 'Sent back to review',
  'demo.seed': 'Demonstration data added',
  'demo.story': 'Demonstration story told',
  'dispatch.accept': 'Agency accepted',
  'dispatch.acknowledge': 'Agency acknowledged',
  'dispatch.create': 'Dispatch created',
  'dispatch.decline': 'Agency declined',
  'dispatch.deliver': 'Dispatch delivered',
  'dispatch.document_download': 'Document downloaded',
  'dispatch.export_stix': 'Dispatch exported as STIX 2.1',
  'dispatch.fail': 'Delivery failed',
  'dispatch.outcome': 'Agency recorded an outcome',
  'dispatch.package_download': 'Package downloaded',
  'dispatch.package_print': 'Package printed',
  'dispatch.proof_read': 'Package proof read',
  'dispatch.read': 'Dispatch read',
  'dispatch.retry': 'Delivery retried',
  'hold.create': 'Hold placed',
  'hold.expire': 'Hold expired',
  'hold.list': 'Holds listed',
  'hold.place': 'Hold placed',
  'hold.release': 'Hold released',
  'hold.renew': 'Hold renewed',
  'info_request.answer': 'Information request answered',
  'info_request.create': 'Information requested',
  'info_request.read': 'Information request read',
  'jurisdiction.create': 'Jurisdiction added',
  'jurisdiction.update': 'Jurisdiction changed',
  'member_action.read': 'Member actions read',
  'member_action.record': 'Member action recorded',
  'organization.create': 'Organization added',
  'organization.update': 'Organization changed',
  'outcome_report.read': 'Outcome report read',
  'queues.dashboard_action': 'Queue dashboard action',
  'queues.dashboard_open': 'Queue dashboard opened',
  'rate_limit.exceeded': 'Too many requests',
  'referral.attachment_add': 'Document attached',
  'referral.attachment_read': 'Document read',
  'referral.create': 'Referral drafted',
  'referral.intake': 'Referral taken in',
  'referral.read': 'Referral read',
  'referral.reveal_sensitive': 'Sensitive fields revealed',
  'referral.submit': 'Referral submitted',
  'referral.update': 'Referral changed',
  'retention.purge': 'Records past retention purged',
  'retention.report': 'Retention report read',
  'referral.withdraw': 'Referral withdrawn',
  'sla.breach': 'SLA breached',
  'notification.preferences': 'Notification choices changed',
  'search.query': 'Search over case material',
  'user.bootstrap_platform_admin': 'First platform administrator created',
  'user.create': 'User added',
  'user.update': 'User changed',
};

export function auditActionLabel(action: string): string {
  return Object.hasOwn(AUDIT_ACTION_LABELS, action)
    ? AUDIT_ACTION_LABELS[action]
    : spelledOut(action);
}

/** Audited views and downloads that change nothing (`case.read`, `dispatch.package_download`, …). */
const READ_ACTIONS = new Set([
  'case.package_preview',
  'dispatch.document_download',
  'dispatch.package_download',
  'dispatch.package_print',
  'hold.list',
  'referral.reveal_sensitive',
  'retention.report',
]);

/**
 * Whether an audit event records someone looking rather than changing: the
 * case timeline folds these into one line; the audit view keeps every one.
 */
export function isReadAction(action: string): boolean {
  return /[._]read$/.test(action) || action.endsWith('.export_stix') || READ_ACTIONS.has(action);
}
