import type { ReactNode } from 'react';
import { SelectInput, TextInput } from '../../components/controls';
import {
  CheckField,
  MEMBER_TYPES,
  ORGANIZATION_STATUSES,
  type MemberType,
  type OrganizationStatus,
} from './common';

/** What the organization forms edit. */
export interface OrganizationDraft {
  legalName: string;
  country: string;
  status: OrganizationStatus;
  memberType: MemberType | '';
  sharing: boolean;
  named: boolean;
  /** As typed: host names separated by commas, spaces or new lines. */
  emailDomains: string;
}

/** The typed e-mail domains as the list the API takes. */
export function domainList(text: string): string[] {
  return text.split(/[\s,;]+/u).filter((d) => d !== '');
}

/**
 * The fields of an organization, shared by its creation and its edit: name,
 * country and status in a row (after `first`, such as the kind), and the
 * member details when it is a member.
 */
export function OrganizationFields(props: {
  draft: OrganizationDraft;
  onChange: (patch: Partial<OrganizationDraft>) => void;
  errors: (field: string) => string[];
  member: boolean;
  first?: ReactNode;
  statusHint?: string;
  /** Offer "Choose a member type" (an empty choice). */
  choose: boolean;
}) {
  const { draft, onChange, errors } = props;
  return (
    <>
      <div className="inline-fields">
        {props.first}
        <TextInput
          label="Legal name"
          required
          errors={errors('legalName')}
          value={draft.legalName}
          onChange={(e) => onChange({ legalName: e.target.value })}
          autoComplete="off"
        />
        <TextInput
          label="Country"
          required
          hint="Two-letter ISO code, such as GB."
          errors={errors('country')}
          value={draft.country}
          onChange={(e) => onChange({ country: e.target.value })}
          autoComplete="off"
          maxLength={2}
          className="admin-code-input"
        />
        <SelectInput
          label="Status"
          hint={props.statusHint}
          errors={errors('status')}
          value={draft.status}
          onChange={(e) => onChange({ status: e.target.value as OrganizationStatus })}
          options={ORGANIZATION_STATUSES}
        />
      </div>
      <TextInput
        label="E-mail domains"
        hint="Separated by commas, such as northbank.example. Every new account’s address must be at exactly one of them; a domain belongs to one organization only."
        errors={errors('emailDomains')}
        value={draft.emailDomains}
        onChange={(e) => onChange({ emailDomains: e.target.value })}
        autoComplete="off"
      />
      {props.member ? (
        <fieldset>
          <legend>Member details</legend>
          <SelectInput
            label="Member type"
            required
            errors={errors('memberType')}
            value={draft.memberType}
            onChange={(e) => onChange({ memberType: e.target.value as MemberType | '' })}
            options={MEMBER_TYPES}
          >
            {props.choose ? <option value="">Choose a member type</option> : null}
          </SelectInput>
          <CheckField
            label="Information-sharing registration is current"
            checked={draft.sharing}
            onChange={(sharing) => onChange({ sharing })}
            errors={errors('sharingRegistrationCurrent')}
          />
          <CheckField
            label="Name this organization in packages sent to law enforcement"
            hint="Otherwise its referrals reach agencies as from “a coalition member”."
            checked={draft.named}
            onChange={(named) => onChange({ named })}
            errors={errors('namedInDispatches')}
          />
        </fieldset>
      ) : null}
    </>
  );
}
