import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useRef } from 'react';
import { api, unwrap } from '../../api/client';
import { ApiError } from '../../api/problem';
import { formatDateTime } from '../../components/format';
import { Loading, Notice, ProblemMessage } from '../../components/ui';

/**
 * Documents on a referral: transaction exports, correspondence. The API
 * decides what a file is from its bytes and refuses anything but PDF, CSV
 * and plain text (never images, video or archives); its explanation is shown.
 */
export function AttachmentsPanel({
  referralId,
  canAdd = true,
}: {
  referralId: string;
  canAdd?: boolean;
}) {
  const queryClient = useQueryClient();
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const list = useQuery({
    queryKey: ['referral', referralId, 'attachments'],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/referrals/{id}/attachments', { params: { path: { id: referralId } } }),
      ),
  });
  const upload = useMutation({
    mutationFn: async (file: File) =>
      unwrap(
        api.POST('/api/v1/referrals/{id}/attachments', {
          params: { path: { id: referralId }, query: { filename: file.name } },
          // The document itself is the body, as bytes: never parsed or re-encoded here.
          body: file as unknown as string,
          bodySerializer: (body: unknown) => body as BodyInit,
          headers: { 'content-type': 'application/octet-stream' },
        }),
      ),
    onSuccess: async () => {
      if (input.current) input.current.value = '';
      await queryClient.invalidateQueries({ queryKey: ['referral', referralId, 'attachments'] });
    },
    onError: () => {
      if (input.current) input.current.value = '';
    },
  });

  return (
    <div className="officer-attachments">
      {upload.isSuccess ? <Notice>Document {upload.data.filename} added.</Notice> : null}
      {upload.isError ? (
        <ProblemMessage error={upload.error} title={refusalTitle(upload.error)} />
      ) : null}
      {list.isPending ? (
        <Loading what="Loading documents" />
      ) : list.isError ? (
        <ProblemMessage error={list.error} />
      ) : list.data.length === 0 ? (
        <p className="officer-none">No documents yet.</p>
      ) : (
        <table className="data officer-compact">
          <caption className="visually-hidden">Documents on this referral</caption>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Type</th>
              <th scope="col">Size</th>
              <th scope="col">SHA-256</th>
              <th scope="col">Added</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((a) => (
              <tr key={a.id}>
                <td>{a.filename}</td>
                <td>{documentType(a.mediaType)}</td>
                <td>{formatSize(a.sizeBytes)}</td>
                <td className="mono officer-hash" title={a.sha256}>
                  {a.sha256.slice(0, 16)}…
                </td>
                <td>{formatDateTime(a.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canAdd ? (
        <div className="field officer-upload">
          <label htmlFor={inputId}>Add a document</label>
          <p id={`${inputId}-hint`} className="field-hint">
            Text-only PDF, CSV or plain text only. Images (also inside a PDF or written as text),
            video and archives are always refused: describe evidence with URLs and hashes instead.
          </p>
          <input
            ref={input}
            id={inputId}
            type="file"
            accept=".pdf,.csv,.txt,application/pdf,text/csv,text/plain"
            aria-describedby={`${inputId}-hint`}
            disabled={upload.isPending}
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) upload.mutate(file);
            }}
          />
          {upload.isPending ? <Loading what="Uploading" /> : null}
        </div>
      ) : null}
    </div>
  );
}

function refusalTitle(error: unknown): string | undefined {
  if (error instanceof ApiError && error.status === 415) return 'This file was not accepted.';
  if (error instanceof ApiError && error.status === 413) return 'This file is too large.';
  return undefined;
}

function documentType(mediaType: string): string {
  switch (mediaType) {
    case 'application/pdf':
      return 'PDF';
    case 'text/csv':
      return 'CSV';
    case 'text/plain':
      return 'Plain text';
    default:
      return mediaType;
  }
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
