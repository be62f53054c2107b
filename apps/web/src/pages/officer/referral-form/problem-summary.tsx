import type { FieldProblem } from '../../../api/problem';
import { fieldId } from '../form-fields';

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

export function ProblemSummary(props: {
  title: string;
  placed: [string, string[]][];
  unplaced: FieldProblem[];
  /** Shows a field (on whichever step it is) and puts the focus in it. */
  onOpen: (field: string) => void;
}) {
  return (
    <div className="problem" role="alert">
      <p className="problem-title">{props.title}</p>
      <ul>
        {props.placed.map(([field, messages]) => (
          <li key={field}>
            <a
              href={`#${fieldId(field)}`}
              onClick={(event) => {
                event.preventDefault();
                props.onOpen(field);
              }}
            >
              {fieldName(field)}
            </a>
            : {messages.join(' ')}
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
