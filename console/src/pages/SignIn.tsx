import { useState } from 'preact/hooks';
import { getJson, session } from '../api';
import { ErrorBanner, Field } from '../ui';

/** Signs in with an API key: the key is checked against the api, then kept in this tab's session storage. */
export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    session.setKey(key.trim());
    try {
      await getJson('/v1/models');
      onSignedIn();
    } catch (e) {
      session.setKey(null);
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="signin">
      <form class="card signin-card" onSubmit={submit} aria-labelledby="signin-title">
        <h1 id="signin-title">
          <span class="brand-mark" aria-hidden="true">◐</span> Darkroom console
        </h1>
        <p class="muted">Sign in with an API key. It stays in this browser tab only (session storage).</p>
        <Field label="API key" id="api-key" hint="Starts with dr_">
          <input
            id="api-key"
            name="api-key"
            type="password"
            autocomplete="off"
            required
            value={key}
            onInput={(e) => setKey((e.target as HTMLInputElement).value)}
          />
        </Field>
        <ErrorBanner error={error} />
        <button class="primary" type="submit" disabled={busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
