// The confirmation: the tracking code and the reporter secret, easy to copy
// and share, with the way to the tracking page. Only for a report this
// device filed (its receipt is kept here): any other code in the address
// goes to its tracking page, which asks the server whether it exists.
import { useEffect, useState } from 'preact/hooks';
import { formatCode, formatSecret } from '../format';
import { t } from '../i18n';
import { Link, navigate } from '../router';
import { CopyButton, PageTitle, copyText } from '../ui';
import { normalizeCode, savedCases } from './receipts';

export function SentPage({ code: typed }: { code: string }) {
  const code = normalizeCode(typed);
  const saved = savedCases().find((c) => c.tracking_code === code);
  useEffect(() => {
    if (!saved) navigate(`/lacak/${encodeURIComponent(code)}`, { replace: true });
  }, [code, saved === undefined]);
  const link = `${location.origin}/lacak/${code}`;
  const [shared, setShared] = useState('');
  if (!saved) return null;
  const share = async () => {
    const text = t('sent.share_text', { code: formatCode(code) });
    if (navigator.share) {
      try {
        await navigator.share({ title: 'Sigap', text, url: link });
        return;
      } catch {
        // Cancelled or refused: fall back to copying.
      }
    }
    setShared((await copyText(`${text} ${link}`)) ? t('sent.link_copied') : t('common.copy_failed'));
  };
  return (
    <section class="sent">
      <PageTitle>{t('sent.title')}</PageTitle>
      <p>{t('sent.lead')}</p>
      {saved.first_version && (
        <p class="notice notice-warning" role="status" data-testid="first-version">
          {t('sent.first_version')}
        </p>
      )}
      <div class="card receipt">
        <p class="receipt-label">{t('sent.code_label')}</p>
        <p class="code big" data-testid="tracking-code">
          {formatCode(code)}
        </p>
        <div class="row">
          <CopyButton text={code} what={t('sent.code_short')} />
        </div>
        <p class="receipt-label">{t('sent.secret_label')}</p>
        <p class="code secret" data-testid="reporter-secret">
          {formatSecret(saved.reporter_secret)}
        </p>
        <p class="hint">{t('sent.secret_help')}</p>
        <div class="row">
          <CopyButton text={saved.reporter_secret} what={t('sent.secret_short')} />
        </div>
      </div>
      <div class="row">
        <Link href={`/lacak/${code}`} class="button primary">
          {t('sent.track')}
        </Link>
        <button type="button" class="button secondary" onClick={share}>
          {t('sent.share')}
        </button>
        <span role="status">{shared}</span>
      </div>
      <p>
        <Link href="/lapor">{t('sent.another')}</Link>
      </p>
    </section>
  );
}
