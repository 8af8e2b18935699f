// The officer's own account (/petugas/akun): a new password in place of
// the one an administrator gave. The server ends every other session of
// the account and opens a new one for this browser.
import { useState } from 'preact/hooks';
import { api, ApiError, setCsrfToken } from '../api';
import { t } from '../i18n';
import type { Principal } from '../types';
import { ErrorBox, Field, fieldError, Notice, PageTitle } from '../ui';
import { useUnauthenticated } from './admin';

export function AccountPage({ principal, onUnauthenticated }: { principal: Principal; onUnauthenticated: () => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [mismatch, setMismatch] = useState(false);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  useUnauthenticated(error, onUnauthenticated);

  const submit = async (event: Event) => {
    event.preventDefault();
    setError(null);
    setNotice('');
    setMismatch(next !== repeat);
    if (next !== repeat) return;
    setBusy(true);
    try {
      const answer = await api<Principal>('/api/v1/session/password', {
        method: 'POST',
        body: { current_password: current, new_password: next },
        officer: true,
      });
      setCsrfToken(answer.data.csrf_token ?? '');
      setCurrent('');
      setNext('');
      setRepeat('');
      setNotice(t('account.changed'));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const fields = error instanceof ApiError ? error.fields : [];
  const currentError = fieldError(fields, 'current_password');
  const nextError = fieldError(fields, 'new_password');
  return (
    <section>
      <PageTitle>{t('account.title')}</PageTitle>
      <p class="lead">{t('account.lead', { user: principal.username })}</p>
      <Notice text={notice} />
      {error !== null && !currentError && !nextError && <ErrorBox error={error} />}
      <form class="card" onSubmit={submit} data-testid="password-form">
        <Field id="current-password" label={t('account.current')} error={currentError}>
          <input
            id="current-password"
            type="password"
            value={current}
            autocomplete="current-password"
            required
            aria-invalid={currentError ? 'true' : undefined}
            onInput={(e) => setCurrent(e.currentTarget.value)}
          />
        </Field>
        <Field id="new-password" label={t('account.new')} hint={t('account.new_hint')} error={nextError}>
          <input
            id="new-password"
            type="password"
            value={next}
            autocomplete="new-password"
            minLength={10}
            required
            aria-invalid={nextError ? 'true' : undefined}
            onInput={(e) => setNext(e.currentTarget.value)}
          />
        </Field>
        <Field id="repeat-password" label={t('account.repeat')} error={mismatch ? t('account.mismatch') : undefined}>
          <input
            id="repeat-password"
            type="password"
            value={repeat}
            autocomplete="new-password"
            required
            aria-invalid={mismatch ? 'true' : undefined}
            onInput={(e) => setRepeat(e.currentTarget.value)}
          />
        </Field>
        <button type="submit" class="button primary" disabled={busy}>
          {t('account.save')}
        </button>
      </form>
    </section>
  );
}
