import { useState } from 'preact/hooks';
import { getJson, session, type Model, type Page } from '../api';
import { ErrorBanner, Field, PageHeader, usePolling } from '../ui';

interface ProviderRow {
  provider: string;
  served: boolean;
  circuitOpen: boolean;
  models: string[];
}

/** One provider as `GET /admin/providers` shows it to an operator. */
interface ProviderState {
  provider: string;
  circuit: 'closed' | 'open' | 'unknown';
  workers: string[];
  permits_in_use: number;
  concurrency: number | null;
  requests_per_minute: number | null;
  limits_disagree: boolean;
  queues: { lane: string; queue: string; exists: boolean; messages: number; consumers: number }[];
}

interface Parked {
  total: number;
  data: { job_id: string; reason: string; queue: string; parked_at: string }[];
}

interface Key {
  id: string;
  name: string;
  tier: string;
  created_at: number;
}

/**
 * Providers and queues, for an operator: each provider's circuit as the workers advertise it and, with the admin token
 * (kept in this tab's session storage like the key), its live workers, permits in use against its limit, its
 * requests-per-minute limit and its queue depth per lane, refreshed every 3 s; then the parking queue and the API keys.
 */
export function Admin() {
  const [token, setToken] = useState(session.adminToken() ?? '');
  const [signedIn, setSignedIn] = useState(session.adminToken() !== null);
  const providers = usePolling(() => getJson<Page<Model>>('/v1/models').then(providersOf), 5000);
  const states = usePolling(
    () => (signedIn ? getJson<{ data: ProviderState[] }>('/admin/providers', 'admin').then((page) => new Map(page.data.map((p) => [p.provider, p]))) : Promise.resolve(null)),
    3000,
    [signedIn],
  );
  const parked = usePolling(() => (signedIn ? getJson<Parked>('/admin/parking?limit=10', 'admin') : Promise.resolve(null)), 5000, [signedIn]);
  const keys = usePolling(() => (signedIn ? getJson<{ data: Key[] }>('/admin/keys', 'admin') : Promise.resolve(null)), 15_000, [signedIn]);

  const useToken = (event: Event) => {
    event.preventDefault();
    session.setAdminToken(token.trim() || null);
    setSignedIn(token.trim() !== '');
  };

  return (
    <>
      <PageHeader title="Providers & queues" />
      <form class="card upload admin-token" onSubmit={useToken} aria-label="Admin token">
        <Field label="Admin token" id="admin-token" hint="darkroom.api.admin-token; kept in this tab only">
          <input id="admin-token" type="password" autocomplete="off" value={token} onInput={(e) => setToken((e.target as HTMLInputElement).value)} />
        </Field>
        <span />
        <button type="submit">{signedIn ? 'Change token' : 'Use token'}</button>
      </form>
      <ErrorBanner error={providers.error} />
      <ErrorBanner error={states.error} />
      <section class="card table-card">
        <table class="table stack" id="providers-table">
          <caption class="table-title">
            Providers: circuit state as the live workers advertise it{signedIn ? '; permits, limits and queues every 3 s' : ''}
          </caption>
          <thead>
            <tr>
              <th scope="col">Provider</th><th scope="col">Workers</th><th scope="col">Circuit</th>
              {signedIn && <><th scope="col">Permits in use</th><th scope="col">Requests/min limit</th><th scope="col">Queued</th></>}
              <th scope="col">Models</th>
            </tr>
          </thead>
          <tbody>
            {providers.value?.map((p) => {
              const state = states.value?.get(p.provider);
              return (
                <tr data-provider={p.provider}>
                  <th scope="row">{p.provider}</th>
                  <td data-label="Workers" class="wrap workers">{workers(p, state)}</td>
                  <td data-label="Circuit">{!p.served ? '—' : p.circuitOpen ? <span class="badge badge-open">open</span> : <span class="badge badge-closed">closed</span>}</td>
                  {signedIn && (
                    <>
                      <td data-label="Permits in use" class="permits">{state ? `${state.permits_in_use} / ${state.concurrency ?? '?'}` : '—'}{state?.limits_disagree && <small class="muted"> (workers disagree: highest)</small>}</td>
                      <td data-label="Requests/min limit" class="rpm">{!state || state.requests_per_minute === null ? '—' : state.requests_per_minute === 0 ? 'no limit' : state.requests_per_minute}</td>
                      <td data-label="Queued" class="wrap queues">{state ? <span>{state.queues.map((q) => <span class="queue" data-lane={q.lane}>{q.lane} {q.exists ? q.messages : '—'}</span>)}</span> : '—'}</td>
                    </>
                  )}
                  <td data-label="Models" class="wrap">{p.models.join(', ')}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
      {signedIn && (
        <div class="charts admin-panels">
          <section class="card">
            <h2>Parking queue <span class="muted">· {parked.value?.total ?? '…'} messages</span></h2>
            <ErrorBanner error={parked.error} />
            {parked.value?.data.length ? (
              <ul class="plain">{parked.value.data.map((m) => <li><a href={`#/jobs/${m.job_id}`}><code>{m.job_id}</code></a> {m.reason} <small class="muted">{m.queue}</small></li>)}</ul>
            ) : <p class="empty">Nothing parked.</p>}
          </section>
          <section class="card">
            <h2>API keys <span class="muted">· {keys.value?.data.length ?? '…'}</span></h2>
            <ErrorBanner error={keys.error} />
            <ul class="plain">{keys.value?.data.map((k) => <li><code>{k.id}</code> {k.name} <span class="badge">{k.tier}</span></li>)}</ul>
          </section>
        </div>
      )}
      {!signedIn && <p class="muted note">With the admin token: each provider's live workers, permits in use against its limit, requests-per-minute limit and queue depth per lane.</p>}
    </>
  );
}

function providersOf(page: Page<Model>): ProviderRow[] {
  const rows = new Map<string, ProviderRow>();
  for (const model of page.data) {
    for (const route of model.providers) {
      const row = rows.get(route.provider) ?? { provider: route.provider, served: route.configured, circuitOpen: route.circuit_open, models: [] };
      row.models.push(model.id);
      rows.set(route.provider, row);
    }
  }
  return [...rows.values()].sort((a, b) => a.provider.localeCompare(b.provider));
}

/** The live workers serving a provider: their ids with the admin token, else only whether some worker serves it. */
function workers(p: ProviderRow, state: ProviderState | undefined) {
  if (state) {
    return state.workers.length ? <span>{state.workers.map((id) => <code class="worker">{id}</code>)}</span> : <span class="muted">no live worker</span>;
  }
  return p.served ? 'served' : <span class="muted">no live worker</span>;
}
