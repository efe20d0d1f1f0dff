import { useEffect, useState } from 'preact/hooks';
import { ApiError, getJson, readEvents, send, type Job, type Model, type Page } from '../api';
import { ErrorBanner, Field, PageHeader, millis, usd } from '../ui';
import { MaskEditor, maskOf } from './MaskEditor';

interface Form {
  model: string;
  prompt: string;
  n: number;
  size: string;
  quality: string;
  style: string;
  output_format: string;
  seed: string;
  stream: boolean;
  partial_images: number;
}

/** One picture on the preview: a partial render as it streamed in, or a finished image. */
interface Frame {
  kind: 'partial' | 'final';
  src: string;
}

interface Outcome {
  jobId: string | null;
  provider: string | null;
  cost: number | null;
  latency: number | null;
  queueWait: number | null;
}

const FORMATS = ['png', 'jpeg', 'webp'];

export function Playground() {
  const [models, setModels] = useState<Model[]>([]);
  const [form, setForm] = useState<Form>({
    model: '', prompt: '', n: 1, size: '', quality: '', style: '', output_format: 'png', seed: '', stream: true, partial_images: 2,
  });
  const [images, setImages] = useState<File[]>([]);
  const [painting, setPainting] = useState<HTMLCanvasElement | null>(null);
  const [frames, setFrames] = useState<Frame[]>([]);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [started, setStarted] = useState(0);

  useEffect(() => {
    getJson<Page<Model>>('/v1/models?output_modalities=image')
      .then((page) => {
        setModels(page.data);
        const first = page.data.find((m) => m.available) ?? page.data[0];
        if (first) setForm((f) => ({ ...f, model: first.id, size: first.default_size }));
      })
      .catch(setError);
  }, []);

  const model = models.find((m) => m.id === form.model);
  const set = <K extends keyof Form>(name: K, value: Form[K]) => setForm((f) => ({ ...f, [name]: value }));
  const pick = (id: string) => {
    const next = models.find((m) => m.id === id);
    setForm((f) => ({ ...f, model: id, size: next?.default_size ?? '', quality: '', style: '' }));
  };
  const streams = form.stream && form.n === 1;
  const editing = images.length > 0;

  const fields = (): Record<string, string | number | boolean> => {
    const body: Record<string, string | number | boolean> = { model: form.model, prompt: form.prompt, n: form.n };
    if (form.size) body.size = form.size;
    if (form.quality) body.quality = form.quality;
    if (form.style) body.style = form.style;
    if (form.output_format && model?.parameters.includes('output_format')) body.output_format = form.output_format;
    if (form.seed !== '') body.seed = Number(form.seed);
    if (streams) {
      body.stream = true;
      if (model?.partial_images) body.partial_images = form.partial_images;
    }
    return body;
  };

  const request = async (marker: string): Promise<Response> => {
    const body = fields();
    if (!editing) {
      return send('/v1/images/generations', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...body, ...(streams ? { metadata: { console_run: marker } } : { response_format: 'url' }) }),
      });
    }
    const multipart = new FormData();
    Object.entries(body).forEach(([name, value]) => multipart.append(name, String(value)));
    if (streams) multipart.append('metadata[console_run]', marker);
    else multipart.append('response_format', 'url');
    images.forEach((image) => multipart.append('image[]', image, image.name));
    if (painting) multipart.append('mask', await maskOf(painting), 'mask.png');
    return send('/v1/images/edits', { method: 'POST', body: multipart });
  };

  const generate = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setFrames([]);
    setOutcome(null);
    setStarted(performance.now());
    const marker = crypto.randomUUID();
    try {
      const response = await request(marker);
      if (streams) {
        await readEvents(response, ({ event, data }) => {
          const payload = JSON.parse(data);
          if (event === 'error') throw ApiError.fromEvent(payload.error ?? {});
          const src = `data:image/${payload.output_format ?? 'png'};base64,${payload.b64_json}`;
          const kind = event.endsWith('.partial_image') ? 'partial' : 'final';
          setFrames((previous) => [...previous, { kind, src }]);
        });
        setOutcome(await outcomeOfStreamed(marker));
      } else {
        const answer = await response.json();
        setFrames(answer.data.map((image: { url?: string; b64_json?: string }) => ({
          kind: 'final', src: image.url ?? `data:image/png;base64,${image.b64_json}`,
        })));
        const perf = answer.perf ?? {};
        setOutcome({
          jobId: perf.request_id ?? null, provider: perf.provider ?? null, cost: perf.cost_usd ?? null,
          latency: perf.latency_ms ?? null, queueWait: perf.queue_wait_ms ?? null,
        });
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const finals = frames.filter((f) => f.kind === 'final');
  const partials = frames.filter((f) => f.kind === 'partial');
  const shown = finals.length ? finals : partials.slice(-1);

  return (
    <>
      <PageHeader title="Playground" />
      <div class="playground">
        <form class="card controls" onSubmit={generate} aria-label="Generation settings">
          <Field label="Model" id="model">
            <select id="model" value={form.model} onChange={(e) => pick((e.target as HTMLSelectElement).value)}>
              {models.map((m) => (
                <option value={m.id} disabled={!m.available}>
                  {m.id}{m.available ? '' : ' (unavailable)'}
                </option>
              ))}
            </select>
          </Field>
          {model && <ModelFacts model={model} />}
          <Field label="Prompt" id="prompt">
            <textarea id="prompt" rows={4} required value={form.prompt}
              onInput={(e) => set('prompt', (e.target as HTMLTextAreaElement).value)} />
          </Field>
          <div class="grid-2">
            <Field label="Images (n)" id="n">
              <input id="n" type="number" min={1} max={model?.max_images ?? 10} value={form.n}
                onInput={(e) => set('n', Number((e.target as HTMLInputElement).value) || 1)} />
            </Field>
            <Field label="Size" id="size">
              <select id="size" value={form.size} onChange={(e) => set('size', (e.target as HTMLSelectElement).value)}>
                {(model?.sizes ?? []).map((s) => <option value={s}>{s}</option>)}
              </select>
            </Field>
            <Field label="Quality" id="quality">
              <select id="quality" value={form.quality} onChange={(e) => set('quality', (e.target as HTMLSelectElement).value)}>
                <option value="">default</option>
                {(model?.qualities ?? []).map((q) => <option value={q}>{q}</option>)}
              </select>
            </Field>
            <Field label="Style" id="style">
              <select id="style" value={form.style} disabled={!model?.styles.length}
                onChange={(e) => set('style', (e.target as HTMLSelectElement).value)}>
                <option value="">default</option>
                {(model?.styles ?? []).map((s) => <option value={s}>{s}</option>)}
              </select>
            </Field>
            <Field label="Output format" id="output-format">
              <select id="output-format" value={form.output_format}
                disabled={!model?.parameters.includes('output_format')}
                onChange={(e) => set('output_format', (e.target as HTMLSelectElement).value)}>
                {FORMATS.map((f) => <option value={f}>{f}</option>)}
              </select>
            </Field>
            <Field label="Seed" id="seed" hint="Same prompt and seed, same image">
              <input id="seed" type="number" min={0} value={form.seed} placeholder="random"
                onInput={(e) => set('seed', (e.target as HTMLInputElement).value)} />
            </Field>
          </div>
          <div class="row">
            <input id="stream" type="checkbox" checked={form.stream} onChange={(e) => set('stream', (e.target as HTMLInputElement).checked)} />
            <label for="stream">Stream partial images</label>
            <label for="partials" class="sr-only">Partial images</label>
            <select id="partials" value={form.partial_images} disabled={!streams || !model?.partial_images}
              onChange={(e) => set('partial_images', Number((e.target as HTMLSelectElement).value))}>
              {[1, 2, 3].map((p) => <option value={p}>{p} partial{p > 1 ? 's' : ''}</option>)}
            </select>
          </div>
          {form.stream && form.n > 1 && <small class="hint">Streaming makes one image: with n above 1 the result comes at once.</small>}
          {model?.edits && <EditInputs images={images} onImages={setImages} onMask={setPainting} />}
          <ErrorBanner error={error} />
          <button class="primary" type="submit" disabled={busy || !form.model}>
            {busy ? 'Generating…' : editing ? 'Edit image' : 'Generate'}
          </button>
        </form>
        <section class="card result" aria-label="Result" aria-live="polite" aria-busy={busy}>
          <div id="preview" class={`preview ${shown.length > 1 ? 'preview-grid' : ''}`}>
            {shown.length === 0 && <p class="muted">{busy ? 'Waiting for the first image…' : 'Your image appears here.'}</p>}
            {shown.map((frame, index) => (
              <img key={frame.src.slice(-32) + index} src={frame.src} data-kind={frame.kind}
                alt={frame.kind === 'partial' ? `Partial image ${partials.length}` : `Generated image ${index + 1}`} />
            ))}
          </div>
          {partials.length > 0 && (
            <p class="muted" data-partials={partials.length}>
              {partials.length} partial image{partials.length > 1 ? 's' : ''} streamed
              {finals.length ? ', then the final one.' : ' so far…'}
            </p>
          )}
          {outcome && <OutcomeFacts outcome={outcome} elapsed={performance.now() - started} />}
        </section>
      </div>
    </>
  );
}

function ModelFacts({ model }: { model: Model }) {
  return (
    <dl class="facts model-facts" aria-label="About this model">
      {model.description && <><dt>About</dt><dd>{model.description}</dd></>}
      <dt>Sizes</dt><dd>{model.sizes.join(', ')}</dd>
      {model.qualities.length > 0 && <><dt>Qualities</dt><dd>{model.qualities.join(', ')}</dd></>}
      {model.styles.length > 0 && <><dt>Styles</dt><dd>{model.styles.join(', ')}</dd></>}
      <dt>Price</dt>
      <dd>{model.providers.map((p) => `${p.provider}: ${priceOf(p.pricing)}`).join('; ')}</dd>
    </dl>
  );
}

export function priceOf(pricing: Record<string, unknown>): string {
  if ('per_image_usd' in pricing) {
    const by = pricing.per_image_usd_by_quality_or_size as Record<string, number> | undefined;
    const base = `${usd(pricing.per_image_usd as number)} per image`;
    return by ? `${base} (${Object.entries(by).map(([k, v]) => `${k} ${usd(v)}`).join(', ')})` : base;
  }
  if ('per_megapixel_usd' in pricing) return `${usd(pricing.per_megapixel_usd as number)} per megapixel`;
  if ('per_million_output_tokens_usd' in pricing) {
    return `${usd(pricing.per_million_input_tokens_usd as number)} / ${usd(pricing.per_million_output_tokens_usd as number)} per million tokens in / out`;
  }
  return 'free';
}

function OutcomeFacts({ outcome, elapsed }: { outcome: Outcome; elapsed: number }) {
  return (
    <dl class="facts outcome" aria-label="Outcome">
      <dt>Cost</dt><dd data-fact="cost">{usd(outcome.cost)}</dd>
      <dt>Latency</dt><dd data-fact="latency">{millis(outcome.latency)}</dd>
      <dt>Queue wait</dt><dd data-fact="queue-wait">{millis(outcome.queueWait)}</dd>
      <dt>Provider</dt><dd data-fact="provider">{outcome.provider ?? '—'}</dd>
      <dt>Round trip</dt><dd>{millis(Math.round(elapsed))}</dd>
      {outcome.jobId && <><dt>Job</dt><dd><a href={`#/jobs/${outcome.jobId}`}>{outcome.jobId}</a></dd></>}
    </dl>
  );
}

/** A streamed answer has no job id: the job is the newest of the key's that carries this run's marker. */
async function outcomeOfStreamed(marker: string): Promise<Outcome> {
  const page = await getJson<Page<Job>>('/v1/jobs?limit=20');
  const job = page.data.find((j) => j.metadata?.console_run === marker);
  return {
    jobId: job?.id ?? null, provider: job?.provider ?? null, cost: job?.result?.cost_usd ?? null,
    latency: job?.result?.latency_ms ?? null, queueWait: job?.result?.queue_wait_ms ?? null,
  };
}

function EditInputs({ images, onImages, onMask }: {
  images: File[]; onImages: (files: File[]) => void; onMask: (canvas: HTMLCanvasElement | null) => void;
}) {
  const [over, setOver] = useState(false);
  const accept = (files: FileList | null) => {
    const list = Array.from(files ?? []).filter((f) => /^image\/(png|jpeg|webp)$/.test(f.type));
    onImages(list);
  };
  return (
    <fieldset class="edit-inputs">
      <legend>Edit images (optional)</legend>
      <input id="edit-images" class="visually-hidden-file" type="file" multiple accept="image/png,image/jpeg,image/webp"
        onChange={(e) => accept((e.target as HTMLInputElement).files)} />
      <label
        for="edit-images"
        class={`dropzone ${over ? 'over' : ''}`}
        onDragOver={(e) => { e.preventDefault(); setOver(true); }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => { e.preventDefault(); setOver(false); accept(e.dataTransfer?.files ?? null); }}
      >
        {images.length ? `${images.length} image${images.length > 1 ? 's' : ''}: ${images.map((i) => i.name).join(', ')}` : 'Drop PNG, JPEG or WebP images here, or choose files'}
      </label>
      {images.length > 0 && (
        <>
          <MaskEditor image={images[0]} onChange={onMask} />
          <button type="button" onClick={() => { onImages([]); onMask(null); }}>Remove images</button>
        </>
      )}
    </fieldset>
  );
}
