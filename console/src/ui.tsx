import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from './api';

/** An API error as the API worded it, with its code and the parameter at fault. */
export function ErrorBanner({ error }: { error: unknown }) {
  if (!error) return null;
  const api = error instanceof ApiError ? error : null;
  return (
    <div class="error" role="alert">
      <strong>{api?.status ? `Error ${api.status}` : 'Error'}</strong> {(error as Error).message}
      {api?.code && <code class="error-code">{api.code}</code>}
      {api?.param && <span class="error-param">parameter: <code>{api.param}</code></span>}
    </div>
  );
}

/** A labelled control: every input of the console has its visible label. */
export function Field({ label, id, hint, children }: { label: string; id: string; hint?: string; children: ComponentChildren }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children}
      {hint && <small class="hint">{hint}</small>}
    </div>
  );
}

export function Status({ status }: { status: string }) {
  return <span class={`badge badge-${status}`}>{status.replace('_', ' ')}</span>;
}

export function ProgressBar({ done, total, label }: { done: number; total: number; label: string }) {
  const percent = total > 0 ? Math.floor((done * 100) / total) : 0;
  return (
    <div class="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
      <div class="progress-fill" style={{ width: `${percent}%` }} />
      <span class="progress-text">{percent} %</span>
    </div>
  );
}

export const usd = (value: number | null | undefined) =>
  value == null ? '—' : `$${value.toFixed(value > 0 && value < 0.01 ? 4 : 3)}`;

export const millis = (value: number | null | undefined) =>
  value == null ? '—' : value < 1000 ? `${value} ms` : `${(value / 1000).toFixed(2)} s`;

export const time = (seconds: number | null | undefined) => (seconds ? new Date(seconds * 1000).toLocaleString() : '—');

/**
 * Loads and then reloads every {@code intervalMs} while the page is open (and, when {@code until} says so,
 * stops): how the console's lists stay live.
 */
export function usePolling<T>(load: () => Promise<T>, intervalMs: number, deps: unknown[] = [], until?: (value: T) => boolean) {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const loader = useRef(load);
  loader.current = load;
  useEffect(() => {
    let stopped = false;
    let timer: number | undefined;
    const run = async () => {
      try {
        const next = await loader.current();
        if (stopped) return;
        setValue(next);
        setError(null);
        if (until?.(next)) return;
      } catch (e) {
        if (stopped) return;
        setError(e);
      }
      timer = window.setTimeout(run, intervalMs);
    };
    run();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [...deps, tick]);
  return { value, error, reload: () => setTick((t) => t + 1) };
}

/** Fetches an authenticated file and hands it to the browser as a download. */
export async function download(response: Response, name: string) {
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function PageHeader({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <header class="page-header">
      <h1>{title}</h1>
      <div class="page-actions">{children}</div>
    </header>
  );
}
