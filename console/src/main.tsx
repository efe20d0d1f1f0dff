import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { session } from './api';
import { SignIn } from './pages/SignIn';
import { Playground } from './pages/Playground';
import { Jobs } from './pages/Jobs';
import { JobPage } from './pages/JobPage';
import { Batches } from './pages/Batches';
import { Usage } from './pages/Usage';
import { Webhooks } from './pages/Webhooks';
import { Admin } from './pages/Admin';
import './styles.css';

const PAGES = [
  { path: 'playground', title: 'Playground' },
  { path: 'jobs', title: 'Jobs' },
  { path: 'batches', title: 'Batches' },
  { path: 'usage', title: 'Usage' },
  { path: 'webhooks', title: 'Webhooks' },
  { path: 'admin', title: 'Providers & queues' },
];

/** The page is the URL's fragment (#/jobs/job_...): the api serves one file, and links survive a reload. */
function useRoute(): string[] {
  const read = () => location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const changed = () => setRoute(read());
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return route;
}

function App() {
  const [signedIn, setSignedIn] = useState(() => session.key() !== null);
  const [menuOpen, setMenuOpen] = useState(false);
  const [page = 'playground', id] = useRoute();
  const landed = useRef(false);
  useEffect(() => {
    setMenuOpen(false);
    // After a move between pages, keyboard and screen-reader users start at the new page's content.
    if (landed.current) document.getElementById('main')?.focus();
    landed.current = true;
  }, [page, id]);
  if (!signedIn) {
    return <SignIn onSignedIn={() => setSignedIn(true)} />;
  }
  const signOut = () => {
    session.setKey(null);
    session.setAdminToken(null);
    setSignedIn(false);
  };
  return (
    <div class="shell">
      <a class="skip-link" href="#main">Skip to content</a>
      <header class="topbar">
        <a class="brand" href="#/playground">
          <span class="brand-mark" aria-hidden="true">◐</span> Darkroom
        </a>
        <button class="menu-toggle" aria-expanded={menuOpen} aria-controls="nav" onClick={() => setMenuOpen(!menuOpen)}>
          Menu
        </button>
        <nav id="nav" class={menuOpen ? 'nav open' : 'nav'} aria-label="Console">
          {PAGES.map((p) => (
            <a href={`#/${p.path}`} aria-current={p.path === page ? 'page' : undefined}>
              {p.title}
            </a>
          ))}
          <button class="link-button" onClick={signOut}>
            Sign out
          </button>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {page === 'jobs' && id ? <JobPage id={id} /> : null}
        {page === 'jobs' && !id ? <Jobs /> : null}
        {page === 'playground' && <Playground />}
        {page === 'batches' && <Batches />}
        {page === 'usage' && <Usage />}
        {page === 'webhooks' && <Webhooks />}
        {page === 'admin' && <Admin />}
      </main>
    </div>
  );
}

render(<App />, document.getElementById('app')!);
// The first screen is rendered and its handlers attached: what the first-load measurement reads (docs/benchmarks.md).
performance.mark('console-interactive');
