import { useState } from 'preact/hooks';
import { getJson, postJson, send, type Job, type Page } from '../api';
import { ErrorBanner, Field, PageHeader, millis, usePolling } from '../ui';

interface Endpoint {
  id: string;
  url: string;
  events: string[];
  secret: string;
  previous_secret?: string | null;
  disabled: boolean;
  created_at?: number | null;
}

interface DeliveryRow {
  job: string;
  endpoint: string;
  attempt: number;
  at: string | number;
  status: number;
  latency_ms: number;
  outcome: string;
  error?: string | null;
}

const EVENTS = ['job.succeeded', 'job.failed', 'job.canceled', 'batch.completed', 'batch.failed', 'batch.cancelled',
  'batch.expired', 'budget.threshold'];

/** The key's webhook endpoints (create, edit, disable, rotate the secret, delete) and its recent deliveries. */
export function Webhooks() {
  const endpoints = usePolling(() => getJson<Page<Endpoint>>('/v1/webhooks'), 10_000);
  const deliveries = usePolling(recentDeliveries, 5000);
  const [editing, setEditing] = useState<Endpoint | null>(null);
  const [error, setError] = useState<unknown>(null);

  const act = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
      endpoints.reload();
      return true;
    } catch (e) {
      setError(e);
      return false;
    }
  };

  return (
    <>
      <PageHeader title="Webhooks">
        <button class="primary" onClick={() => setEditing({ id: '', url: '', events: [], secret: '', disabled: false })}>New endpoint</button>
      </PageHeader>
      <ErrorBanner error={error ?? endpoints.error} />
      {editing && (
        <EndpointForm endpoint={editing} onCancel={() => setEditing(null)} onSave={async (url, events) => {
          const body = { url, events };
          const saved = await act(() => (editing.id ? postJson(`/v1/webhooks/${editing.id}`, body) : postJson('/v1/webhooks', body)));
          if (saved) setEditing(null);
        }} />
      )}
      <div class="card table-card">
        <table class="table">
          <caption class="sr-only">Webhook endpoints</caption>
          <thead><tr><th scope="col">Endpoint</th><th scope="col">Events</th><th scope="col">Secret</th><th scope="col">State</th><th scope="col">Actions</th></tr></thead>
          <tbody>
            {endpoints.value?.data.map((endpoint) => (
              <tr>
                <td><code>{endpoint.url || endpoint.id}</code><br /><small class="muted">{endpoint.id}</small></td>
                <td>{endpoint.events.length ? endpoint.events.join(', ') : 'all'}</td>
                <td><code>{endpoint.secret.slice(0, 12)}…</code>{endpoint.previous_secret && <small class="muted"> (rotating)</small>}</td>
                <td>{endpoint.disabled ? <span class="badge badge-failed">disabled</span> : <span class="badge badge-succeeded">enabled</span>}</td>
                <td class="row">
                  <button onClick={() => setEditing(endpoint)}>Edit</button>
                  <button onClick={() => act(() => postJson(`/v1/webhooks/${endpoint.id}`, { disabled: !endpoint.disabled }))}>
                    {endpoint.disabled ? 'Enable' : 'Disable'}
                  </button>
                  <button onClick={() => act(() => postJson(`/v1/webhooks/${endpoint.id}/rotate_secret`))}>Rotate secret</button>
                  <button class="danger" onClick={() => confirm(`Delete ${endpoint.url}?`) && act(() => send(`/v1/webhooks/${endpoint.id}`, { method: 'DELETE' }))}>Delete</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {endpoints.value?.data.length === 0 && <p class="empty">No endpoints. Add one to hear about every job of this key.</p>}
      </div>
      <h2 class="section-title">Recent deliveries</h2>
      <ErrorBanner error={deliveries.error} />
      <div class="card table-card">
        <table class="table">
          <caption class="sr-only">Recent webhook deliveries</caption>
          <thead><tr><th scope="col">When</th><th scope="col">Job</th><th scope="col">Endpoint</th><th scope="col">Attempt</th><th scope="col">Outcome</th><th scope="col">Latency</th></tr></thead>
          <tbody>
            {deliveries.value?.map((d) => (
              <tr>
                <td>{new Date(typeof d.at === 'number' ? d.at * 1000 : d.at).toLocaleString()}</td>
                <td><a href={`#/jobs/${d.job}`}><code>{d.job}</code></a></td>
                <td><code>{d.endpoint}</code></td>
                <td>{d.attempt}</td>
                <td>{d.outcome}{d.status ? ` (HTTP ${d.status})` : ''}{d.error ? `: ${d.error}` : ''}</td>
                <td>{millis(d.latency_ms)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {deliveries.value?.length === 0 && <p class="empty">No deliveries for your recent jobs.</p>}
      </div>
    </>
  );
}

function EndpointForm({ endpoint, onSave, onCancel }: {
  endpoint: Endpoint; onSave: (url: string, events: string[]) => void; onCancel: () => void;
}) {
  const [url, setUrl] = useState(endpoint.url);
  const [events, setEvents] = useState<string[]>(endpoint.events);
  const toggle = (event: string) => setEvents((list) => (list.includes(event) ? list.filter((e) => e !== event) : [...list, event]));
  return (
    <form class="card endpoint-form" aria-label={endpoint.id ? 'Edit endpoint' : 'New endpoint'}
      onSubmit={(e) => { e.preventDefault(); onSave(url, events); }}>
      <Field label="URL" id="endpoint-url">
        <input id="endpoint-url" type="url" required placeholder="https://example.com/darkroom" value={url}
          onInput={(e) => setUrl((e.target as HTMLInputElement).value)} />
      </Field>
      <fieldset>
        <legend>Events (none ticked: all of them)</legend>
        <div class="row">
          {EVENTS.map((event) => (
            <span class="check">
              <input id={`event-${event}`} type="checkbox" checked={events.includes(event)} onChange={() => toggle(event)} />
              <label for={`event-${event}`}>{event}</label>
            </span>
          ))}
        </div>
      </fieldset>
      <div class="row">
        <button class="primary" type="submit">{endpoint.id ? 'Save' : 'Create endpoint'}</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}

/** The deliveries of the key's ten newest finished jobs, newest first. */
async function recentDeliveries(): Promise<DeliveryRow[]> {
  const jobs = await getJson<Page<Job>>('/v1/jobs?limit=10');
  const finished = jobs.data.filter((job) => job.finished_at);
  const lists = await Promise.all(finished.map(async (job) => {
    const page = await getJson<{ data: { endpoint_id: string; attempts: Omit<DeliveryRow, 'job' | 'endpoint'>[] }[] }>(`/v1/jobs/${job.id}/webhooks`);
    return page.data.flatMap((d) => d.attempts.map((a) => ({ ...a, job: job.id, endpoint: d.endpoint_id })));
  }));
  const when = (d: DeliveryRow) => new Date(typeof d.at === 'number' ? d.at * 1000 : d.at).getTime();
  return lists.flat().sort((a, b) => when(b) - when(a)).slice(0, 50);
}
