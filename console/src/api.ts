// The console talks to the same api that serves it: same origin, the caller's key from session storage.

const KEY = 'darkroom.apiKey';
const ADMIN = 'darkroom.adminToken';

export const session = {
  key: () => sessionStorage.getItem(KEY),
  setKey: (key: string | null) => (key ? sessionStorage.setItem(KEY, key) : sessionStorage.removeItem(KEY)),
  adminToken: () => sessionStorage.getItem(ADMIN),
  setAdminToken: (token: string | null) => (token ? sessionStorage.setItem(ADMIN, token) : sessionStorage.removeItem(ADMIN)),
};

/** The API's error object, `{"error": {"message", "type", "param", "code"}}`, with the HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string | null = null,
    readonly param: string | null = null,
  ) {
    super(message);
  }

  static async of(response: Response): Promise<ApiError> {
    try {
      const body = await response.json();
      const error = body?.error ?? {};
      return new ApiError(response.status, error.message ?? response.statusText, error.code ?? null, error.param ?? null);
    } catch {
      return new ApiError(response.status, `The api answered ${response.status} ${response.statusText}.`);
    }
  }

  static fromEvent(error: { message?: string; code?: string; param?: string }): ApiError {
    return new ApiError(0, error.message ?? 'The generation failed.', error.code ?? null, error.param ?? null);
  }
}

type Credential = 'key' | 'admin';

function headers(credential: Credential, extra: Record<string, string> = {}): Record<string, string> {
  const secret = credential === 'admin' ? session.adminToken() : session.key();
  return secret ? { Authorization: `Bearer ${secret}`, ...extra } : extra;
}

/** Sends a request; answers the response when it is 2xx, else throws the API's error. */
export async function send(path: string, init: RequestInit = {}, credential: Credential = 'key'): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers: headers(credential, init.headers as Record<string, string>) });
  } catch (e) {
    throw new ApiError(0, `The api could not be reached (${(e as Error).message}).`);
  }
  if (!response.ok) {
    throw await ApiError.of(response);
  }
  return response;
}

export async function getJson<T>(path: string, credential: Credential = 'key'): Promise<T> {
  return (await send(path, {}, credential)).json();
}

export async function postJson<T>(path: string, body: unknown = {}, extra: Record<string, string> = {}): Promise<T> {
  const response = await send(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...extra },
    body: JSON.stringify(body),
  });
  return response.status === 204 ? (undefined as T) : response.json();
}

export async function postForm<T>(path: string, form: FormData): Promise<T> {
  return (await send(path, { method: 'POST', body: form })).json();
}

export interface ServerSentEvent {
  event: string;
  data: string;
}

/** Reads a text/event-stream body, handing over each event as it arrives. */
export async function readEvents(response: Response, onEvent: (event: ServerSentEvent) => void): Promise<void> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
      }
      onEvent({ event, data: data.join('\n') });
    }
  }
}

// --- The API's shapes, as far as the console reads them.

export interface Model {
  id: string;
  description?: string;
  available: boolean;
  providers: { provider: string; upstream_model: string; configured: boolean; circuit_open: boolean; pricing: Record<string, unknown> }[];
  sizes: string[];
  default_size: string;
  max_images: number;
  qualities: string[];
  styles: string[];
  parameters: string[];
  edits: boolean;
  max_input_images: number;
  partial_images: boolean;
}

export interface Page<T> {
  data: T[];
  has_more: boolean;
  last_id?: string | null;
}

export interface Job {
  id: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'canceled';
  model: string;
  provider?: string | null;
  created_at: number;
  started_at?: number | null;
  finished_at?: number | null;
  lane?: string;
  attempts: number;
  provider_attempts?: Attempt[];
  request?: Record<string, unknown>;
  metadata?: Record<string, string> | null;
  result?: {
    data: { url: string; output_format: string; width: number; height: number; bytes: number }[];
    revised_prompt?: string | null;
    seed?: number | null;
    cost_usd?: number | null;
    latency_ms: number;
    queue_wait_ms: number;
  } | null;
  error?: { code?: string; message?: string } | null;
}

export interface Attempt {
  number: number;
  provider: string;
  outcome: string;
  error_code?: string | null;
  message?: string | null;
  latency_ms: number;
  started_at?: string | number | null;
}

export interface Batch {
  id: string;
  status: string;
  endpoint: string;
  created_at: number;
  request_counts: { total: number; completed: number; failed: number };
  output_file_id?: string | null;
  error_file_id?: string | null;
  input_file_id: string;
  metadata?: Record<string, string> | null;
  errors?: { data?: { message: string; line?: number }[] } | null;
}
