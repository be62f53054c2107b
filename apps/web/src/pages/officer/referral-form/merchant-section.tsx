import { TextAreaField, TextField } from '../form-fields';
import {
  emptyMerchantId,
  emptyPrincipal,
  type MerchantState,
  type PrincipalRow,
} from '../referral-form-model';
import { CountryField, CountryListField } from './country-field';
import { replaceAt, Rows, Section } from './layout';

export function MerchantSection({
  merchant: m,
  updateMerchant,
}: {
  merchant: MerchantState;
  updateMerchant: (change: Partial<MerchantState>) => void;
}) {
  return (
    <Section id="merchant" title="Merchant">
      <div className="inline-fields">
        <TextField
          path="merchant.legalName"
          label="Legal name"
          required
          value={m.legalName}
          onChange={(v) => updateMerchant({ legalName: v })}
        />
        <CountryField
          path="merchant.country"
          label="Country of registration"
          hint="Type its name or code, e.g. United Kingdom or GB, and choose it"
          required
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
          <CountryField
            path="merchant.acquirer.country"
            label="Acquirer country"
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
          hint="Web addresses or domain names, one per line; shop.example/offer is sent as https://shop.example/offer"
          rows={3}
          value={m.websites}
          onChange={(v) => updateMerchant({ websites: v })}
        />
        <CountryListField
          path="merchant.hostingCountries"
          label="Hosting countries"
          hint="Where the websites are hosted: type a country and choose it, one at a time"
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
      <CountryField
        path={`merchant.principals.${i}.countryOfResidence`}
        label={`Country of residence (principal ${n})`}
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
