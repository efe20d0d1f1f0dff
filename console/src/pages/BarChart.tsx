/** A stacked bar chart in plain SVG: one bar per label, one colour per series, a table for screen readers. */
export interface Series {
  name: string;
  values: number[];
}

const COLOURS = ['#4f46e5', '#0ea5e9', '#f59e0b', '#10b981', '#ef4444', '#a855f7', '#64748b', '#ec4899'];
const WIDTH = 560;
const HEIGHT = 220;
const LEFT = 48;
const BOTTOM = 24;

export function BarChart({ labels, series, format, title }: {
  labels: string[]; series: Series[]; format: (value: number) => string; title: string;
}) {
  const totals = labels.map((_, i) => series.reduce((sum, s) => sum + s.values[i], 0));
  const max = Math.max(...totals, 0) || 1;
  const slot = (WIDTH - LEFT) / Math.max(labels.length, 1);
  const scale = (HEIGHT - BOTTOM - 8) / max;
  return (
    <figure class="chart-figure">
      <svg class="chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={title}>
        <line class="axis" x1={LEFT} y1={HEIGHT - BOTTOM} x2={WIDTH} y2={HEIGHT - BOTTOM} />
        <text x={LEFT - 6} y={12} text-anchor="end">{format(max)}</text>
        <text x={LEFT - 6} y={HEIGHT - BOTTOM} text-anchor="end">{format(0)}</text>
        {labels.map((label, i) => {
          let y = HEIGHT - BOTTOM;
          return (
            <g>
              {series.map((s, k) => {
                const h = s.values[i] * scale;
                y -= h;
                return h > 0 ? (
                  <rect x={LEFT + i * slot + slot * 0.15} y={y} width={slot * 0.7} height={h} fill={COLOURS[k % COLOURS.length]}>
                    <title>{`${label} ${s.name}: ${format(s.values[i])}`}</title>
                  </rect>
                ) : null;
              })}
              {(labels.length <= 16 || i % 2 === 0) && (
                <text x={LEFT + i * slot + slot / 2} y={HEIGHT - 6} text-anchor="middle">{label}</text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption class="legend">
        {series.length === 0 ? <span class="muted">No usage in this period.</span> : series.map((s, k) => (
          <span style={{ '--swatch': COLOURS[k % COLOURS.length] }}>{s.name}</span>
        ))}
      </figcaption>
      <table class="sr-only">
        <caption>{title}</caption>
        <thead><tr><th scope="col">Day</th>{series.map((s) => <th scope="col">{s.name}</th>)}</tr></thead>
        <tbody>{labels.map((label, i) => <tr><th scope="row">{label}</th>{series.map((s) => <td>{format(s.values[i])}</td>)}</tr>)}</tbody>
      </table>
    </figure>
  );
}
