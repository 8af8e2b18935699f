// The officer console: sign in (session cookie + CSRF token), the queue and
// the case page. Loaded only when an officer opens /petugas.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, setCsrfToken, hasCsrfToken } from '../api';
import { label, t } from '../i18n';
import { Link, match, navigate } from '../router';
import type { Principal } from '../types';
import { ErrorBox, Field, Loading, PageTitle } from '../ui';
import { CalendarAdmin, UsersAdmin } from './admin';
import { AgenciesAdmin } from './agencies_admin';
import { ServicesAdmin } from './services_admin';
import { RulesAdmin } from './rules_admin';
import { TextRoutingAdmin } from './text_routing_admin';
import { CategoriesAdmin } from './categories_admin';
import { ApiKeysAdmin } from './api_keys_admin';
import { WebhooksAdmin } from './webhooks_admin';
import { SurveysAdmin } from './surveys_admin';
import { CasePage } from './case_page';
import { AccountPage } from './account';
import { StatsPage } from '../stats';
import { ForecastSection } from './forecast';
import { AlertsSection } from './alerts';
import { IkmScreen } from './ikm';
import { Queue } from './queue';

// Roles that may read the IKM (GET /api/v1/ikm); others get the queue, as
// for any console page their role cannot open.
const IKM_ROLES = ['admin', 'leader', 'agency_officer', 'agency_head'];

function Login({ onLogin, expired }: { onLogin: (p: Principal) => void; expired: boolean }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const answer = await api<Principal>('/api/v1/session', {
        method: 'POST',
        body: { username: username.trim(), password },
        officer: true,
      });
      setCsrfToken(answer.data.csrf_token ?? '');
      setPassword('');
      onLogin(answer.data);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="login">
      <PageTitle>{t('officer.login_title')}</PageTitle>
      {expired && <p class="notice notice-warning">{t('officer.login_again')}</p>}
      <form class="card" onSubmit={submit}>
        <Field id="username" label={t('officer.username')}>
          <input
            id="username"
            value={username}
            autocomplete="username"
            required
            onInput={(e) => setUsername(e.currentTarget.value)}
          />
        </Field>
        <Field id="password" label={t('officer.password')}>
          <input
            id="password"
            type="password"
            value={password}
            autocomplete="current-password"
            required
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </Field>
        {error instanceof ApiError && error.status === 401 ? (
          <p class="notice notice-error" role="alert">
            {t('officer.login_failed')}
          </p>
        ) : (
          error !== null && <ErrorBox error={error} />
        )}
        <button type="submit" class="button primary" disabled={busy}>
          {t('officer.login')}
        </button>
      </form>
    </section>
  );
}

export function OfficerConsole({ path }: { path: string }) {
  const [principal, setPrincipal] = useState<Principal | null | undefined>(undefined);
  const [expired, setExpired] = useState(false);

  useEffect(() => {
    api<Principal>('/api/v1/session', { officer: true }).then(
      (answer) => {
        // A tab opened on a signed-in session (a link in a notification)
        // takes the session's CSRF token from the server.
        if (answer.data.csrf_token) setCsrfToken(answer.data.csrf_token);
        if (hasCsrfToken()) setPrincipal(answer.data);
        else {
          setExpired(true);
          setPrincipal(null);
        }
      },
      () => setPrincipal(null),
    );
  }, []);

  if (principal === undefined) return <Loading />;
  if (principal === null) {
    return (
      <Login
        expired={expired}
        onLogin={(p) => {
          setExpired(false);
          setPrincipal(p);
        }}
      />
    );
  }
  const signOut = async () => {
    await api('/api/v1/session', { method: 'DELETE', officer: true }).catch(() => undefined);
    setCsrfToken('');
    setPrincipal(null);
    navigate('/petugas');
  };
  const expiredSession = () => {
    setCsrfToken('');
    setExpired(true);
    setPrincipal(null);
  };
  const m = match('/petugas/kasus/:code', path);
  // An early warning opened on the dashboard has an address of its own.
  const alert = match('/petugas/dasbor/peringatan/:id', path);
  return (
    <div class="console">
      <div class="console-bar">
        <span>
          {t('officer.signed_in_as', { user: principal.username })}{' '}
          <span class="muted">
            ({label('role', principal.role)}
            {principal.agency_code ? ` · ${principal.agency_code}` : ''})
          </span>
        </span>
        <span class="console-bar-actions">
          <Link href="/petugas/dasbor">{t('stats.dashboard_link')}</Link>
          {IKM_ROLES.includes(principal.role) && (
            <Link href="/petugas/ikm">{t('ikm.link')}</Link>
          )}
          {principal.role === 'admin' && <Link href="/petugas/admin/pengguna">{t('admin.link')}</Link>}
          {principal.role === 'leader' && <Link href="/petugas/aturan">{t('rules.link')}</Link>}
          <Link href="/petugas/akun">{t('account.link')}</Link>
          <button type="button" class="button secondary small" onClick={signOut}>
            {t('officer.logout')}
          </button>
        </span>
      </div>
      {m ? (
        <CasePage code={m.code} principal={principal} onUnauthenticated={expiredSession} />
      ) : path === '/petugas/ikm' && IKM_ROLES.includes(principal.role) ? (
        <IkmScreen principal={principal} onUnauthenticated={expiredSession} />
      ) : path === '/petugas/akun' ? (
        <AccountPage principal={principal} onUnauthenticated={expiredSession} />
      ) : path === '/petugas/dasbor' || alert ? (
        <>
          <StatsPage officer principal={principal} />
          <AlertsSection
            principal={principal}
            selected={alert ? (/^\d+$/.test(alert.id) ? Number(alert.id) : 0) : null}
            onUnauthenticated={expiredSession}
          />
          <ForecastSection principal={principal} onUnauthenticated={expiredSession} />
        </>
      ) : principal.role === 'admin' && path === '/petugas/admin/pengguna' ? (
        <UsersAdmin self={principal.username} onUnauthenticated={expiredSession} />
      ) : principal.role === 'admin' && path === '/petugas/admin/instansi' ? (
        <AgenciesAdmin onUnauthenticated={expiredSession} />
      ) : principal.role === 'admin' && path === '/petugas/admin/layanan' ? (
        <ServicesAdmin onUnauthenticated={expiredSession} />
      ) : principal.role === 'admin' && path === '/petugas/admin/kalender' ? (
        <CalendarAdmin onUnauthenticated={expiredSession} />
      ) : principal.role === 'admin' && path === '/petugas/admin/kategori' ? (
        <CategoriesAdmin onUnauthenticated={expiredSession} />
      ) : principal.role === 'admin' && path === '/petugas/admin/aturan' ? (
        <RulesAdmin onUnauthenticated={expiredSession} />
      ) : principal.role === 'leader' && path === '/petugas/aturan' ? (
        <RulesAdmin readOnly onUnauthenticated={expiredSession} />
      ) : principal.role === 'admin' && path === '/petugas/admin/klasifikasi' ? (
        <TextRoutingAdmin onUnauthenticated={expiredSession} />
      ) : principal.role === 'admin' && path === '/petugas/admin/kunci-api' ? (
        <ApiKeysAdmin onUnauthenticated={expiredSession} />
      ) : principal.role === 'admin' && path === '/petugas/admin/webhook' ? (
        <WebhooksAdmin onUnauthenticated={expiredSession} />
      ) : principal.role === 'admin' && path === '/petugas/admin/survei' ? (
        <SurveysAdmin onUnauthenticated={expiredSession} />
      ) : (
        <Queue principal={principal} onUnauthenticated={expiredSession} />
      )}
    </div>
  );
}
