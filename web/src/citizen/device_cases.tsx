import { formatCode } from '../format';
import { t } from '../i18n';
import { Link } from '../router';
import { savedCases } from './receipts';

// The reports this phone or browser filed (their receipts are kept on it):
// the way back to a case for whoever lost its code, on the home page and
// on the tracking page.
export function DeviceCases() {
  const mine = savedCases();
  if (mine.length === 0) return null;
  return (
    <>
      <h3>{t('home.mine_title')}</h3>
      <ul class="link-list" data-testid="device-cases">
        {mine.map((c) => (
          <li key={c.tracking_code}>
            <Link href={`/lacak/${c.tracking_code}`}>
              <span class="code">{formatCode(c.tracking_code)}</span> {c.title}
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
