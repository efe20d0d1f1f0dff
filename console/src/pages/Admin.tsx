import { useState } from 'preact/hooks';
import { getJson, session, type Model, type Page } from '../api';
import { ErrorBanner, Field, PageHeader, usePolling } from '../ui';

interface ProviderRow {
  provider: string;
  served: boolean;
  circuitOpen: boolean;
  models: string[];
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
 * Providers and queues, for an operator: each provider's circuit as the workers advertise it, the parking queue and
 * the API keys. Behind the admin token (kept in this tab's session storage like the key).
 */
export function Admin() {
  const [token, setToken] = useState(session.adminToken() ?? '');
  const [signedIn, setSignedIn] = useState(session.adminToken() !== null);
  const providers = usePolling(() => getJson<Page<Model>>('/v1/models').then(providersOf), 5000);
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
      <section class="card table-card">
        <table class="table" id="providers-table">
          <caption class="table-title">Providers: circuit state as the live workers advertise it</caption>
          <thead><tr><th scope="col">Provider</th><th scope="col">Workers</th><th scope="col">Circuit</th><th scope="col">Models</th></tr></thead>
          <tbody>
            {providers.value?.map((p) => (
              <tr data-provider={p.provider}>
                <th scope="row">{p.provider}</th>
                <td>{p.served ? 'served' : <span class="muted">no live worker</span>}</td>
                <td>{!p.served ? '—' : p.circuitOpen ? <span class="badge badge-open">open</span> : <span class="badge badge-closed">closed</span>}</td>
                <td class="wrap">{p.models.join(', ')}</td>
              </tr>
            ))}
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
      <p class="muted note">
        Permits in use against each provider's limit, requests per minute, queue depth per lane and workers alive are held by
        the workers and the broker; the API does not expose them yet. They are on each process's
        <code> /actuator/prometheus</code> and the Grafana dashboard in <code>deploy/</code>.
      </p>
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
