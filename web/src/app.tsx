// The shell: header, language switch, the routes of the citizen portal and
// (loaded on demand) the officer console.
import { useEffect, useState } from 'preact/hooks';
import { loadTimeZone, pemda } from './catalogue';
import { Home } from './citizen/home';
import { normalizeCode } from './citizen/receipts';
import { currentLanguage, setLanguage, t, useLanguage } from './i18n';
import { lazy } from './lazy';
import { Link, match, useLocation } from './router';
import { acknowledge, startOutbox, useOutbox } from './citizen/outbox';
import { PageTitle, setSiteName, useAsync } from './ui';

const ServicePage = lazy(() => import('./citizen/service').then((m) => m.ServicePage));
const SubmitPage = lazy(() => import('./citizen/submit').then((m) => m.SubmitPage));
const SentPage = lazy(() => import('./citizen/sent').then((m) => m.SentPage));
const TrackPage = lazy(() => import('./citizen/track').then((m) => m.TrackPage));
const TrackForm = lazy(() => import('./citizen/track').then((m) => m.TrackForm));
const SurveyPage = lazy(() => import('./citizen/survey').then((m) => m.SurveyPage));
const StatsPage = lazy(() => import('./stats').then((m) => m.StatsPage));
const Officer = lazy(() => import('./officer/console').then((m) => m.OfficerConsole));

function Routes() {
  const { path } = useLocation();
  let m: Record<string, string> | null;
  if (path === '/') return <Home />;
  if ((m = match('/layanan/:code', path))) return <ServicePage code={m.code} />;
  if (path === '/lapor') return <SubmitPage />;
  if ((m = match('/lapor/terkirim/:code', path))) return <SentPage code={m.code} />;
  if (path === '/lacak') return <TrackForm />;
  if ((m = match('/lacak/:code', path))) {
    // Typed by people: any case, with spaces or dashes (as the form takes it).
    const code = normalizeCode(m.code);
    return <TrackPage key={code} code={code} />;
  }
  if (path === '/transparansi') return <StatsPage />;
  if (path === '/survei') return <SurveyPage />;
  if (path === '/petugas' || path.startsWith('/petugas/')) return <Officer path={path} />;
  return (
    <section>
      <PageTitle>{t('notfound.title')}</PageTitle>
      <p>{t('notfound.body')}</p>
      <Link href="/">{t('nav.home')}</Link>
    </section>
  );
}

function LanguageSwitch() {
  const other = currentLanguage() === 'id' ? 'en' : 'id';
  // English is fetched on first use: without a connection it cannot be,
  // and the citizen is told so rather than left with a button that does
  // nothing.
  const [failed, setFailed] = useState(false);
  const change = async () => {
    try {
      await setLanguage(other);
      setFailed(false);
    } catch {
      setFailed(true);
    }
  };
  return (
    <>
      <button type="button" class="lang-switch" lang={other} aria-label={t('lang.switch_label')} onClick={change}>
        {t('lang.other')}
      </button>
      {failed && (
        <span class="lang-failed" role="alert">
          {t('lang.unavailable')}
        </span>
      )}
    </>
  );
}

export function App() {
  useLanguage();
  const { path } = useLocation();
  const region = useAsync(() => pemda(), []);
  const officer = path.startsWith('/petugas');
  const outbox = useOutbox();
  useEffect(() => {
    loadTimeZone().catch(() => undefined);
    return startOutbox();
  }, []);
  useEffect(() => {
    setSiteName(region.data ? `Sigap · ${region.data.name}` : 'Sigap');
  }, [region.data]);
  return (
    <div class={officer ? 'layout officer' : 'layout'}>
      <a class="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header class="site-header">
        <div class="header-inner">
          <Link href={officer ? '/petugas' : '/'} class="brand">
            <span class="brand-name">Sigap</span>
            {region.data && <span class="brand-pemda">{region.data.name}</span>}
          </Link>
          <nav aria-label={t('nav.label')} class="site-nav">
            {officer ? (
              <Link href="/">{t('nav.portal')}</Link>
            ) : (
              <>
                <Link href="/lapor">{t('nav.submit')}</Link>
                <Link href="/lacak">{t('nav.track')}</Link>
                <Link href="/transparansi">{t('nav.transparency')}</Link>
              </>
            )}
            <LanguageSwitch />
          </nav>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {outbox.status === 'sent' && path !== '/lapor' && (
          <p class="notice notice-info" role="status">
            {t('outbox.sent_later')}{' '}
            <Link href={`/lapor/terkirim/${outbox.receipt.tracking_code}`} onClick={acknowledge}>
              {t('outbox.see_receipt')}
            </Link>
          </p>
        )}
        <Routes />
      </main>
      <footer class="site-footer">
        <p>{t('footer.about')}</p>
        {!officer && <Link href="/petugas">{t('footer.officer')}</Link>}
      </footer>
    </div>
  );
}
