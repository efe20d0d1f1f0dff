import { useState } from 'preact/hooks';
import { getJson, postForm, postJson, send, type Batch, type Page } from '../api';
import { ErrorBanner, Field, PageHeader, ProgressBar, Status, download, time, usePolling } from '../ui';
import { jsonlOfCsv } from './csv';

const OPEN = ['validating', 'in_progress', 'finalizing', 'cancelling'];

/** Upload a JSONL or CSV file as a batch; every batch with a live progress bar, its files and a cancel button. */
export function Batches() {
  const batches = usePolling(() => getJson<Page<Batch>>('/v1/batches?limit=20'), 1500);
  const [file, setFile] = useState<File | null>(null);
  const [endpoint, setEndpoint] = useState('/v1/images/generations');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const upload = async (event: Event) => {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const text = await file.text();
      const jsonl = /\.csv$/i.test(file.name) ? jsonlOfCsv(text, endpoint) : text;
      const form = new FormData();
      form.append('purpose', 'batch');
      form.append('file', new Blob([jsonl], { type: 'application/jsonl' }), file.name.replace(/\.csv$/i, '.jsonl'));
      const uploaded = await postForm<{ id: string }>('/v1/files', form);
      await postJson('/v1/batches', { input_file_id: uploaded.id, endpoint, completion_window: '24h', metadata: { source: file.name } });
      setFile(null);
      (event.target as HTMLFormElement).reset();
      batches.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const act = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
      batches.reload();
    } catch (e) {
      setError(e);
    }
  };
  const fetchFile = (id: string, name: string) => act(async () => download(await send(`/v1/files/${id}/content`), name));

  return (
    <>
      <PageHeader title="Batches" />
      <form class="card upload" onSubmit={upload} aria-label="New batch">
        <Field label="Batch file (JSONL or CSV)" id="batch-file"
          hint="JSONL: OpenAI batch lines. CSV: a header row with a prompt column, and optionally custom_id, model, size, quality, style, n, seed, output_format.">
          <input id="batch-file" type="file" accept=".jsonl,.csv,.json,text/csv,application/jsonl" required
            onChange={(e) => setFile((e.target as HTMLInputElement).files?.[0] ?? null)} />
        </Field>
        <Field label="Endpoint" id="batch-endpoint">
          <select id="batch-endpoint" value={endpoint} onChange={(e) => setEndpoint((e.target as HTMLSelectElement).value)}>
            <option value="/v1/images/generations">/v1/images/generations</option>
            <option value="/v1/images/edits">/v1/images/edits</option>
          </select>
        </Field>
        <button class="primary" type="submit" disabled={!file || busy}>{busy ? 'Uploading…' : 'Start batch'}</button>
      </form>
      <ErrorBanner error={error ?? batches.error} />
      <div class="batch-list">
        {batches.value?.data.map((batch) => {
          const counts = batch.request_counts;
          return (
            <article class="card batch" data-batch-id={batch.id} aria-label={`Batch ${batch.id}`}>
              <header class="batch-head">
                <h2><code>{batch.id}</code></h2>
                <Status status={batch.status} />
              </header>
              <p class="muted">{batch.metadata?.source ?? batch.input_file_id} · {batch.endpoint} · created {time(batch.created_at)}</p>
              <ProgressBar done={counts.completed + counts.failed} total={counts.total} label={`Progress of batch ${batch.id}`} />
              <p class="counts">{counts.completed} succeeded, {counts.failed} failed, of {counts.total}</p>
              {batch.errors?.data?.length ? (
                <ul class="line-errors">{batch.errors.data.slice(0, 5).map((e) => <li>{e.line ? `line ${e.line}: ` : ''}{e.message}</li>)}</ul>
              ) : null}
              <div class="row">
                {batch.output_file_id && <button onClick={() => fetchFile(batch.output_file_id!, `${batch.id}-output.jsonl`)}>Download output</button>}
                {batch.error_file_id && <button onClick={() => fetchFile(batch.error_file_id!, `${batch.id}-errors.jsonl`)}>Download errors</button>}
                {OPEN.includes(batch.status) && (
                  <button class="danger" onClick={() => act(() => postJson(`/v1/batches/${batch.id}/cancel`))}>Cancel batch</button>
                )}
              </div>
            </article>
          );
        })}
        {batches.value && batches.value.data.length === 0 && <p class="empty">No batches yet.</p>}
      </div>
    </>
  );
}
