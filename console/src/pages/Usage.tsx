import { useState } from 'preact/hooks';
import { getJson, session } from '../api';
import { ErrorBanner, Field, PageHeader, usd, usePolling } from '../ui';
import { BarChart, type Series } from './BarChart';

interface UsageResult {
  images: number;
  cost_usd: number;
  model?: string;
  provider?: string;
}

interface UsagePage {
  data: { start_time: number; results: UsageResult[] }[];
}

const DAY = 86_400;

/** Images and cost per UTC day, by model and provider, from /v1/usage (or /admin/usage across every key). */
export function Usage() {
  const [days, setDays] = useState(14);
  const [everyKey, setEveryKey] = useState(false);
  const start = Math.floor(Date.now() / 1000 / DAY) * DAY - (days - 1) * DAY;
  const usage = usePolling(() => getJson<UsagePage>(
    `${everyKey ? '/admin/usage' : '/v1/usage'}?start_time=${start}&limit=31&group_by=model,provider`, everyKey ? 'admin' : 'key'),
    10_000, [days, everyKey]);

  const buckets = usage.value?.data ?? [];
  const labels = buckets.map((b) => new Date(b.start_time * 1000).toISOString().slice(5, 10));
  const names = [...new Set(buckets.flatMap((b) => b.results.map(seriesOf)))].sort();
  const series = (value: (r: UsageResult) => number): Series[] => names.map((name) => ({
    name, values: buckets.map((b) => b.results.filter((r) => seriesOf(r) === name).reduce((sum, r) => sum + value(r), 0)),
  }));
  const images = series((r) => r.images);
  const cost = series((r) => r.cost_usd);
  const total = (list: Series[]) => list.reduce((sum, s) => sum + s.values.reduce((a, b) => a + b, 0), 0);

  return (
    <>
      <PageHeader title="Usage">
        <Field label="Period" id="usage-days">
          <select id="usage-days" value={days} onChange={(e) => setDays(Number((e.target as HTMLSelectElement).value))}>
            {[7, 14, 31].map((d) => <option value={d}>last {d} days</option>)}
          </select>
        </Field>
        {session.adminToken() && (
          <Field label="Keys" id="usage-scope">
            <select id="usage-scope" value={everyKey ? 'all' : 'mine'} onChange={(e) => setEveryKey((e.target as HTMLSelectElement).value === 'all')}>
              <option value="mine">this key</option>
              <option value="all">every key (admin)</option>
            </select>
          </Field>
        )}
      </PageHeader>
      <ErrorBanner error={usage.error} />
      <div class="charts">
        <section class="card" aria-labelledby="images-title">
          <h2 id="images-title">Images per day <span class="muted">· {total(images)} in all</span></h2>
          <BarChart labels={labels} series={images} format={(v) => String(v)} title="Images per day by model and provider" />
        </section>
        <section class="card" aria-labelledby="cost-title">
          <h2 id="cost-title">Cost per day <span class="muted">· {usd(total(cost))} in all</span></h2>
          <BarChart labels={labels} series={cost} format={usd} title="Cost per day by model and provider, US dollars" />
        </section>
      </div>
    </>
  );
}

const seriesOf = (r: UsageResult) => `${r.model ?? '?'} · ${r.provider ?? '?'}`;
