import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { api, unwrap, type Schemas } from '../../api/client';
import { formatDate } from '../../components/format';
import { EmptyState, Notice, PageHeader, QueryView } from '../../components/ui';
import { TextInput, SelectInput } from '../../components/controls';
import {
  CheckField,
  CRITERIA,
  fieldErrors,
  FormProblem,
  given,
  orNull,
  type Criterion,
  type CriterionField,
  type Jurisdiction,
} from './common';

type Mode = { kind: 'none' } | { kind: 'new' } | { kind: 'edit'; code: string };

const CRITERION_WORDS: Record<Criterion, string> = { yes: 'Yes', no: 'No', unknown: 'Unknown' };

const JURISDICTION_FIELDS = [
  'code',
  'name',
  ...CRITERIA.map((c) => c.field),
  'sourceEdition',
  'reviewedOn',
  'hotline',
];

/** Jurisdictions: what is recorded about each country's CSAM legislation. */
export function JurisdictionsPage() {
  const [mode, setMode] = useState<Mode>({ kind: 'none' });
  const [notice, setNotice] = useState<string | null>(null);
  const query = useQuery({
    queryKey: ['admin', 'jurisdictions'],
    queryFn: () => unwrap(api.GET('/api/v1/jurisdictions')),
  });
  const items = query.data?.items ?? [];
  const editing = mode.kind === 'edit' ? items.find((j) => j.code === mode.code) : undefined;

  return (
    <>
      <PageHeader
        title="Jurisdictions"
        subtitle="The five legislation criteria shown with routing suggestions (never used to exclude an agency)."
        actions={
          mode.kind === 'new' ? null : (
            <button
              type="button"
              className="button button-primary"
              onClick={() => {
                setMode({ kind: 'new' });
                setNotice(null);
              }}
            >
              New jurisdiction
            </button>
          )
        }
      />
      {notice ? <Notice>{notice}</Notice> : null}
      {mode.kind === 'new' ? (
        <JurisdictionForm
          onCancel={() => setMode({ kind: 'none' })}
          onSaved={(j) => {
            setMode({ kind: 'none' });
            setNotice(`Jurisdiction ${j.code} (${j.name}) was created.`);
          }}
        />
      ) : null}
      {editing ? (
        <JurisdictionForm
          key={`${editing.code}-${editing.version}`}
          jurisdiction={editing}
          onCancel={() => setMode({ kind: 'none' })}
          onSaved={(j) => {
            setMode({ kind: 'none' });
            setNotice(`Jurisdiction ${j.code} (${j.name}) was saved.`);
          }}
        />
      ) : null}
      <QueryView query={query} what="Loading jurisdictions">
        {(data) =>
          data.items.length === 0 ? (
            <EmptyState title="No jurisdictions recorded">
              Record the first with “New jurisdiction”; agencies can then cover it.
            </EmptyState>
          ) : (
            <div className="table-wrap">
              <table className="data admin-jurisdictions">
                <caption className="visually-hidden">Jurisdictions</caption>
                <thead>
                  <tr>
                    <th scope="col">Code</th>
                    <th scope="col">Name</th>
                    {CRITERIA.map((c) => (
                      <th scope="col" key={c.field}>
                        <abbr title={c.label}>{c.short}</abbr>
                      </th>
                    ))}
                    <th scope="col">Hotline</th>
                    <th scope="col">Source edition</th>
                    <th scope="col">Reviewed</th>
                    <th scope="col">Actions</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((j) => (
                    <tr key={j.code}>
                      <td className="mono">{j.code}</td>
                      <td>
                        {j.name}
                        {j.isDemo ? (
                          <div className="admin-muted">Demo data, not a legal assessment</div>
                        ) : null}
                      </td>
                      {CRITERIA.map((c) => (
                        <td
                          key={c.field}
                          className={`admin-criterion admin-criterion-${j[c.field]}`}
                        >
                          {CRITERION_WORDS[j[c.field]]}
                        </td>
                      ))}
                      <td>{j.hotline ? 'Yes' : 'No'}</td>
                      <td>{j.sourceEdition ?? '—'}</td>
                      <td>{j.reviewedOn ? formatDate(j.reviewedOn) : '—'}</td>
                      <td>
                        <button
                          type="button"
                          className="button"
                          onClick={() => {
                            setMode({ kind: 'edit', code: j.code });
                            setNotice(null);
                          }}
                        >
                          Edit<span className="visually-hidden"> {j.code}</span>
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
    </>
  );
}

function JurisdictionForm(props: {
  jurisdiction?: Jurisdiction;
  onCancel: () => void;
  onSaved: (j: Jurisdiction) => void;
}) {
  const j = props.jurisdiction;
  const headingId = useId();
  const queryClient = useQueryClient();
  const [code, setCode] = useState(j?.code ?? '');
  const [name, setName] = useState(j?.name ?? '');
  const [criteria, setCriteria] = useState<Record<CriterionField, Criterion>>({
    csamSpecificLaw: j?.csamSpecificLaw ?? 'unknown',
    csamDefined: j?.csamDefined ?? 'unknown',
    technologyFacilitatedOffences: j?.technologyFacilitatedOffences ?? 'unknown',
    simplePossessionCriminalised: j?.simplePossessionCriminalised ?? 'unknown',
    ispReportingRequired: j?.ispReportingRequired ?? 'unknown',
  });
  const [sourceEdition, setSourceEdition] = useState(j?.sourceEdition ?? '');
  const [reviewedOn, setReviewedOn] = useState(j?.reviewedOn ?? '');
  const [hotline, setHotline] = useState(j?.hotline ?? false);

  const save = useMutation({
    mutationFn: () => {
      if (!j) {
        const body: Schemas['CreateJurisdictionDto'] = {
          code: given(code) as string,
          name: given(name) as string,
          ...criteria,
          sourceEdition: orNull(sourceEdition),
          reviewedOn: orNull(reviewedOn),
          hotline,
        };
        return unwrap(api.POST('/api/v1/jurisdictions', { body }));
      }
      // The five criteria always go together (the API records only what changed).
      const body: Schemas['UpdateJurisdictionDto'] = {
        ...(name !== j.name ? { name: name.trim() } : {}),
        ...criteria,
        ...(orNull(sourceEdition) !== j.sourceEdition
          ? { sourceEdition: orNull(sourceEdition) }
          : {}),
        ...(orNull(reviewedOn) !== j.reviewedOn ? { reviewedOn: orNull(reviewedOn) } : {}),
        ...(hotline !== j.hotline ? { hotline } : {}),
      };
      return unwrap(
        api.PATCH('/api/v1/jurisdictions/{code}', { params: { path: { code: j.code } }, body }),
      );
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['admin', 'jurisdictions'] });
      props.onSaved(saved);
    },
  });
  const errors = (field: string) => fieldErrors(save.error, field);
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{j ? `Edit ${j.code} (${j.name})` : 'New jurisdiction'}</h2>
      <FormProblem error={save.error} fields={JURISDICTION_FIELDS} />
      <form onSubmit={submit} noValidate>
        <div className="inline-fields">
          {j ? null : (
            <TextInput
              label="Code"
              required
              hint="Two-letter ISO country code, such as GB. It cannot change later."
              errors={errors('code')}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              autoComplete="off"
              maxLength={2}
              className="admin-code-input"
            />
          )}
          <TextInput
            label="Name"
            required
            errors={errors('name')}
            value={name}
            onChange={(e) => setName(e.target.value)}
            autoComplete="off"
          />
        </div>
        <fieldset>
          <legend>Legislation criteria</legend>
          <div className="admin-criteria-grid">
            {CRITERIA.map((c) => (
              <SelectInput
                key={c.field}
                label={c.label}
                errors={errors(c.field)}
                value={criteria[c.field]}
                onChange={(e) =>
                  setCriteria({ ...criteria, [c.field]: e.target.value as Criterion })
                }
              >
                <option value="yes">Yes</option>
                <option value="no">No</option>
                <option value="unknown">Unknown</option>
              </SelectInput>
            ))}
          </div>
        </fieldset>
        <div className="inline-fields">
          <TextInput
            label="Source edition"
            hint="Which edition of the legislation review the criteria come from."
            errors={errors('sourceEdition')}
            value={sourceEdition}
            onChange={(e) => setSourceEdition(e.target.value)}
            autoComplete="off"
          />
          <TextInput
            label="Reviewed on"
            hint="When the criteria were last checked (not in the future)."
            errors={errors('reviewedOn')}
            type="date"
            value={reviewedOn}
            onChange={(e) => setReviewedOn(e.target.value)}
          />
        </div>
        <CheckField
          label="A national hotline exists"
          checked={hotline}
          onChange={setHotline}
          errors={errors('hotline')}
        />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {j ? 'Save jurisdiction' : 'Create jurisdiction'}
          </button>
          <button type="button" className="button button-quiet" onClick={props.onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
