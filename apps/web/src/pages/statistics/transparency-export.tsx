import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { TextInput } from '../../components/controls';
import { saveFile } from '../../components/save-file';
import { Notice, ProblemMessage } from '../../components/ui';

type Format = 'csv' | 'pdf';

/** The yearly transparency report as CSV or PDF (the route needs the session's token, so no plain link). */
export function TransparencyExport() {
  const lastYear = new Date().getUTCFullYear() - 1;
  const [year, setYear] = useState(String(lastYear));
  const [saved, setSaved] = useState<string | null>(null);
  const exporter = useMutation({
    mutationFn: async (format: Format) => {
      const blob = await unwrap(
        api.GET('/api/v1/statistics/transparency-report', {
          params: { query: { year: Number(year), format } },
          parseAs: 'blob',
        }),
      );
      const name = `transparency-report-${year}.${format}`;
      saveFile(blob, name);
      return name;
    },
    onSuccess: (name) => setSaved(`Saved ${name}. The export is audited.`),
  });
  const download = (format: Format) => {
    setSaved(null);
    exporter.mutate(format);
  };
  return (
    <section className="panel" aria-labelledby="transparency-title">
      <h2 id="transparency-title">Transparency report</h2>
      <p>
        The figures of one calendar year, fit for publication: referrals by month, type and country
        of member, cases sent by the agency’s country and result, and median times. No member is
        named; counts from 1 to 4 are shown as “&lt;5”, and a count that would give one back is
        withheld as “c”.
      </p>
      <form
        className="filters"
        aria-label="Transparency report"
        onSubmit={(e) => e.preventDefault()}
      >
        <TextInput
          label="Year"
          type="number"
          inputMode="numeric"
          min={2000}
          max={lastYear + 1}
          value={year}
          onChange={(e) => setYear(e.target.value)}
        />
      </form>
      <p>
        <button
          type="button"
          className="button"
          onClick={() => download('csv')}
          disabled={exporter.isPending}
        >
          Download CSV
        </button>{' '}
        <button
          type="button"
          className="button"
          onClick={() => download('pdf')}
          disabled={exporter.isPending}
        >
          Download PDF
        </button>
      </p>
      {exporter.error ? <ProblemMessage error={exporter.error} /> : null}
      {saved ? <Notice>{saved}</Notice> : null}
    </section>
  );
}
