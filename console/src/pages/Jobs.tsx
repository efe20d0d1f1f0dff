import { useState } from 'preact/hooks';
import { getJson, type Job, type Page } from '../api';
import { ErrorBanner, Field, PageHeader, Status, millis, time, usd, usePolling } from '../ui';

const STATUSES = ['queued', 'running', 'succeeded', 'failed', 'canceled'];

/** The key's jobs, newest first, reloaded every two seconds while the page is open. */
export function Jobs() {
  const [status, setStatus] = useState('');
  const { value, error } = usePolling(
    () => getJson<Page<Job>>(`/v1/jobs?limit=50${status ? `&status=${status}` : ''}`), 2000, [status]);
  return (
    <>
      <PageHeader title="Jobs">
        <Field label="Status" id="status-filter">
          <select id="status-filter" value={status} onChange={(e) => setStatus((e.target as HTMLSelectElement).value)}>
            <option value="">all</option>
            {STATUSES.map((s) => <option value={s}>{s}</option>)}
          </select>
        </Field>
      </PageHeader>
      <ErrorBanner error={error} />
      <div class="card table-card">
        <table class="table" id="jobs-table">
          <caption class="sr-only">Your jobs, newest first; the list updates by itself</caption>
          <thead>
            <tr><th scope="col">Job</th><th scope="col">Status</th><th scope="col">Model</th><th scope="col">Provider</th>
              <th scope="col">Created</th><th scope="col">Latency</th><th scope="col">Cost</th></tr>
          </thead>
          <tbody>
            {value?.data.map((job) => (
              <tr data-job-id={job.id}>
                <td><a href={`#/jobs/${job.id}`}><code>{job.id}</code></a></td>
                <td><Status status={job.status} /></td>
                <td>{job.model}</td>
                <td>{job.provider ?? '—'}</td>
                <td>{time(job.created_at)}</td>
                <td>{millis(job.result?.latency_ms)}</td>
                <td>{usd(job.result?.cost_usd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {value && value.data.length === 0 && <p class="empty">No jobs{status ? ` ${status}` : ''} yet.</p>}
        {value?.has_more && <p class="muted">Showing the newest 50.</p>}
      </div>
    </>
  );
}
