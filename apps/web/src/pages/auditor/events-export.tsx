// Exporting a time range of the audit trail as JSON Lines.
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { formatDateTime } from '../../components/format';
import { saveFile } from '../../components/save-file';
import { Notice, ProblemMessage } from '../../components/ui';
import { fromUtcInput } from './audit-format';
import type { Filters } from './events-filters';

/** Export the time range as JSON Lines (the route needs the session's token, so no plain link). */
export function ExportRange({ filters }: { filters: Filters }) {
  const [saved, setSaved] = useState<string | null>(null);
  const exporter = useMutation({
    mutationFn: async () => {
      const from = fromUtcInput(filters.from) ?? '1970-01-01T00:00:00Z';
      const to = fromUtcInput(filters.to) ?? new Date().toISOString();
      const blob = await unwrap(
        api.GET('/api/v1/audit/export', { params: { query: { from, to } }, parseAs: 'blob' }),
      );
      const name = `audit-events_${from.replace(/[:.]/g, '-')}_${to.replace(/[:.]/g, '-')}.jsonl`;
      saveFile(blob, name);
      return { name, size: blob.size };
    },
    onSuccess: ({ name, size }) =>
      setSaved(`Saved ${name} (${size.toLocaleString('en-GB')} bytes). The export is audited.`),
  });
  const range =
    filters.from || filters.to
      ? `from ${filters.from ? formatDateTime(fromUtcInput(filters.from)) : 'the start'} to ${
          filters.to ? formatDateTime(fromUtcInput(filters.to)) : 'now'
        }`
      : 'of the whole trail, up to now';
  return (
    <div className="auditor-export">
      <p>
        <button
          type="button"
          className="button"
          onClick={() => {
            setSaved(null);
            exporter.mutate();
          }}
          disabled={exporter.isPending}
        >
          {exporter.isPending ? 'Exporting…' : 'Export this range (.jsonl)'}
        </button>{' '}
        <span className="auditor-hint">
          Every event {range}, with its chain fields, as JSON Lines. The other filters do not apply
          to the export.
        </span>
      </p>
      {exporter.error ? <ProblemMessage error={exporter.error} /> : null}
      {saved ? <Notice>{saved}</Notice> : null}
    </div>
  );
}
