import { useId, type ReactNode } from 'react';
import { api, unwrap, type Schemas } from '../../api/client';
import { ApiError } from '../../api/problem';
import { can, useUser, type Role } from '../../auth/session';
import { NotFoundContent, ProblemMessage } from '../../components/ui';

export type Organization = Schemas['OrganizationResponse'];
export type OrganizationKind = Organization['kind'];
export type OrganizationStatus = Organization['status'];
export type MemberType = NonNullable<Organization['memberType']>;
export type AdminUser = Schemas['UserResponse'];
export type Agency = Schemas['AgencyResponse'];
export type Jurisdiction = Schemas['JurisdictionResponse'];
export type ApiKey = Schemas['ApiKeyResponse'];
export type ApiKeyScope = ApiKey['scopes'][number];
export type Criterion = Jurisdiction['csamSpecificLaw'];

export const ORGANIZATION_KINDS: OrganizationKind[] = ['member', 'coalition', 'law_enforcement'];
export const ORGANIZATION_STATUSES: OrganizationStatus[] = [
  'pending_vetting',
  'active',
  'suspended',
];
export const MEMBER_TYPES: MemberType[] = [
  'issuer',
  'acquirer',
  'card_network',
  'payment_processor',
  'money_service_business',
  'crypto',
  'internet_company',
];

/** Which roles a user of each kind of organization may hold (the API's rule, for the choices offered). */
export const ROLES_BY_KIND: Record<OrganizationKind, Role[]> = {
  member: ['member_reporter', 'member_admin'],
  coalition: ['coordinator', 'lead_coordinator', 'auditor', 'platform_admin'],
  law_enforcement: ['le_liaison'],
};

/** The roles a member administrator may grant, in their own organization. */
export const MEMBER_ROLES: Role[] = ['member_reporter', 'member_admin'];

export const API_KEY_SCOPES: { value: ApiKeyScope; label: string; hint: string }[] = [
  {
    value: 'referrals:write',
    label: 'File referrals',
    hint: 'Create, edit, submit and withdraw referrals, and add attachments.',
  },
  {
    value: 'referrals:read',
    label: 'Read referrals',
    hint: 'Read the organization’s referrals and their attachments.',
  },
];

export const CRITERIA: { field: CriterionField; label: string; short: string }[] = [
  { field: 'csamSpecificLaw', label: 'Legislation specific to CSAM', short: 'Specific law' },
  { field: 'csamDefined', label: 'CSAM defined in law', short: 'Defined' },
  {
    field: 'technologyFacilitatedOffences',
    label: 'Technology-facilitated offences criminalised',
    short: 'Tech offences',
  },
  {
    field: 'simplePossessionCriminalised',
    label: 'Simple possession criminalised',
    short: 'Possession',
  },
  {
    field: 'ispReportingRequired',
    label: 'Internet service providers must report',
    short: 'ISP reporting',
  },
];
export type CriterionField =
  | 'csamSpecificLaw'
  | 'csamDefined'
  | 'technologyFacilitatedOffences'
  | 'simplePossessionCriminalised'
  | 'ispReportingRequired';

export function yesNo(value: boolean | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return value ? 'Yes' : 'No';
}

/** The API's messages for a field of a failed request and its items (each names the item: "Country covered 2 …"). */
export function fieldErrors(error: unknown, field: string): string[] {
  if (!(error instanceof ApiError)) return [];
  const own = error.fieldMessages(field);
  const items = (error.problem.errors ?? [])
    .filter((e) => e.field.startsWith(`${field}[`) || e.field.startsWith(`${field}.`))
    .flatMap((e) => e.messages);
  return [...own, ...items];
}

/**
 * The error of a form's request. When every refused field is shown next to its
 * control, a short line says so; anything else (a conflict, a refusal) in full.
 */
export function FormProblem({ error, fields }: { error: unknown; fields: string[] }) {
  if (!error) return null;
  const problems = error instanceof ApiError ? (error.problem.errors ?? []) : [];
  const shown = (name: string) =>
    fields.some((f) => name === f || name.startsWith(`${f}[`) || name.startsWith(`${f}.`));
  if (problems.length > 0 && problems.every((p) => shown(p.field))) {
    return (
      <div className="problem" role="alert">
        <p className="problem-title">
          Some of what was entered needs correcting: see the{' '}
          {problems.length === 1 ? 'field' : 'fields'} marked below.
        </p>
      </div>
    );
  }
  return <ProblemMessage error={error} />;
}

/** Pages of one permission: anyone else gets the not-found page, never a blank one. */
export function RequirePermission(props: { permission: string; children: ReactNode }) {
  const user = useUser();
  if (!can(user, props.permission)) return <NotFoundContent />;
  return <>{props.children}</>;
}

/** Every organization of a kind (the list is paged; reference pages need all of them). */
export async function loadAllOrganizations(kind?: OrganizationKind): Promise<Organization[]> {
  const all: Organization[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 50; page += 1) {
    const data = await unwrap(
      api.GET('/api/v1/organizations', {
        params: { query: { limit: 200, ...(kind ? { kind } : {}), ...(cursor ? { cursor } : {}) } },
      }),
    );
    all.push(...data.items);
    if (!data.nextCursor) break;
    cursor = data.nextCursor;
  }
  return all;
}

/** A strong initial password for a new user, to hand over out of band. */
export function generatePassword(): string {
  const alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = new Uint32Array(20);
  crypto.getRandomValues(bytes);
  const chars = Array.from(bytes, (b) => alphabet[b % alphabet.length]);
  return [0, 5, 10, 15].map((i) => chars.slice(i, i + 5).join('')).join('-');
}

/** Empty text means "not given": the API then names the field as required. */
export function given(value: string): string | undefined {
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** Empty text clears an optional field. */
export function orNull(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** A checkbox with its label beside it, a hint, and the API's messages. */
export function CheckField(props: {
  label: string;
  hint?: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  errors?: string[];
  disabled?: boolean;
}) {
  const id = useId();
  const errors = props.errors ?? [];
  const describedBy =
    [props.hint ? `${id}-hint` : null, errors.length ? `${id}-error` : null]
      .filter(Boolean)
      .join(' ') || undefined;
  return (
    <div className={`field admin-check${errors.length ? ' field-invalid' : ''}`}>
      <input
        id={id}
        type="checkbox"
        checked={props.checked}
        onChange={(e) => props.onChange(e.target.checked)}
        aria-describedby={describedBy}
        aria-invalid={errors.length > 0}
        disabled={props.disabled}
      />
      <div>
        <label htmlFor={id}>{props.label}</label>
        {props.hint ? (
          <p id={`${id}-hint`} className="field-hint">
            {props.hint}
          </p>
        ) : null}
        {errors.length ? (
          <p id={`${id}-error`} className="field-error">
            {errors.join(' ')}
          </p>
        ) : null}
      </div>
    </div>
  );
}
