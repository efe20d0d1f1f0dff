import { useState } from 'preact/hooks';
import { getJson, postJson, type Job } from '../api';
import { ErrorBanner, PageHeader, Status, millis, time, usd, usePolling } from '../ui';

interface Delivery {
  event_id: string;
  endpoint_id: string;
  attempts: { attempt: number; url: string; at: string | number; status: number; latency_ms: number; outcome: string; error?: string | null }[];
}

const FINAL = ['succeeded', 'failed', 'canceled'];

/** One job: its request, attempts per provider, timings, cost, images and webhook deliveries. */
export function JobPage({ id }: { id: string }) {
  const job = usePolling(() => getJson<Job>(`/v1/jobs/${encodeURIComponent(id)}`), 1500, [id], (j) => FINAL.includes(j.status));
  const deliveries = usePolling(
    () => getJson<{ data: Delivery[] }>(`/v1/jobs/${encodeURIComponent(id)}/webhooks`), 5000, [id]);
  const [actionError, setActionError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');

  const act = async (path: string, done: string) => {
    setActionError(null);
    setNotice('');
    try {
      await postJson(path);
      setNotice(done);
      job.reload();
      deliveries.reload();
    } catch (e) {
      setActionError(e);
    }
  };

  const j = job.value;
  return (
    <>
      <PageHeader title={`Job ${id}`}>
        <a href="#/jobs">All jobs</a>
        {j && !FINAL.includes(j.status) && (
          <button class="danger" onClick={() => act(`/v1/jobs/${id}/cancel`, 'Canceled.')}>Cancel job</button>
        )}
        {j && FINAL.includes(j.status) && (
          <button onClick={() => act(`/v1/jobs/${id}/webhooks/replay`, 'The final event is queued again.')}>Replay webhooks</button>
        )}
      </PageHeader>
      <ErrorBanner error={job.error ?? actionError} />
      {notice && <p class="notice" role="status">{notice}</p>}
      {j && (
        <div class="job-grid">
          <section class="card">
            <h2>Summary</h2>
            <dl class="facts">
              <dt>Status</dt><dd><Status status={j.status} /></dd>
              <dt>Model</dt><dd>{j.model}</dd>
              <dt>Provider</dt><dd>{j.provider ?? '—'}</dd>
              <dt>Lane</dt><dd>{j.lane ?? '—'}</dd>
              <dt>Created</dt><dd>{time(j.created_at)}</dd>
              <dt>Started</dt><dd>{time(j.started_at)}</dd>
              <dt>Finished</dt><dd>{time(j.finished_at)}</dd>
              <dt>Queue wait</dt><dd>{millis(j.result?.queue_wait_ms)}</dd>
              <dt>Latency</dt><dd>{millis(j.result?.latency_ms)}</dd>
              <dt>Cost</dt><dd>{usd(j.result?.cost_usd)}</dd>
              {j.result?.seed != null && <><dt>Seed</dt><dd>{j.result.seed}</dd></>}
              {j.error && <><dt>Error</dt><dd><code>{j.error.code}</code> {j.error.message}</dd></>}
            </dl>
          </section>
          <section class="card">
            <h2>Images</h2>
            {j.result?.data.length ? (
              <div class="thumbs">
                {j.result.data.map((image, index) => (
                  <a href={image.url} target="_blank" rel="noopener">
                    <img src={image.url} alt={`Image ${index + 1} of job ${j.id}`} />
                    <small>{image.width}×{image.height} {image.output_format}</small>
                  </a>
                ))}
              </div>
            ) : <p class="muted">{FINAL.includes(j.status) ? 'No images.' : 'Not finished yet.'}</p>}
            {j.result?.revised_prompt && <p><strong>Revised prompt:</strong> {j.result.revised_prompt}</p>}
          </section>
          <section class="card">
            <h2>Attempts</h2>
            <table class="table">
              <thead><tr><th scope="col">#</th><th scope="col">Provider</th><th scope="col">Outcome</th><th scope="col">Latency</th><th scope="col">Error</th></tr></thead>
              <tbody>
                {(j.provider_attempts ?? []).map((a) => (
                  <tr><td>{a.number}</td><td>{a.provider}</td><td>{a.outcome}</td><td>{millis(a.latency_ms)}</td>
                    <td>{a.error_code ? <><code>{a.error_code}</code> {a.message}</> : '—'}</td></tr>
                ))}
              </tbody>
            </table>
            {!j.provider_attempts?.length && <p class="empty">No provider attempts yet.</p>}
          </section>
          <section class="card">
            <h2>Webhook deliveries</h2>
            <ErrorBanner error={deliveries.error} />
            {deliveries.value?.data.length ? deliveries.value.data.map((d) => (
              <div class="delivery">
                <p><code>{d.event_id}</code> to <code>{d.endpoint_id}</code>{' '}
                  <button onClick={() => act(`/v1/jobs/${id}/webhooks/replay?endpoint_id=${encodeURIComponent(d.endpoint_id)}`, 'Replayed.')}>
                    Replay to this endpoint
                  </button></p>
                <ul>{d.attempts.map((a) => (
                  <li>#{a.attempt} {a.outcome} {a.status ? `HTTP ${a.status}` : ''} in {millis(a.latency_ms)} at {typeof a.at === 'number' ? time(a.at) : new Date(a.at).toLocaleString()}{a.error ? `: ${a.error}` : ''}</li>
                ))}</ul>
              </div>
            )) : <p class="empty">No deliveries.</p>}
          </section>
          <section class="card span-2">
            <h2>Request</h2>
            <pre class="json">{JSON.stringify(j.request, null, 2)}</pre>
            {j.metadata && Object.keys(j.metadata).length > 0 && <><h3>Metadata</h3><pre class="json">{JSON.stringify(j.metadata, null, 2)}</pre></>}
          </section>
        </div>
      )}
    </>
  );
}
