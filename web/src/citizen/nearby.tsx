// Before a citizen files: open cases of the same service near the pin
// (GET /api/v1/cases/nearby). Supporting one (+1) instead of filing a
// duplicate counts the citizen once, by their e-mail or phone when given,
// else by a random id kept on this device.
import { useEffect, useState } from 'preact/hooks';
import { api, get } from '../api';
import { formatCode, formatDate } from '../format';
import { label, t, tn } from '../i18n';
import { Link } from '../router';
import type { NearbyCase } from '../types';
import { ErrorBox } from '../ui';
import type { Fields } from './outbox';

// A random id for this browser, so that one device counts once.
function deviceId(): string {
  let id = localStorage.getItem('sigap.device');
  if (!id) {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    id = 'web-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    localStorage.setItem('sigap.device', id);
  }
  return id;
}

interface Supported {
  code: string;
  supporters: number;
  counted: boolean;
}

export function NearbyBox(props: { fields: Fields }) {
  const { fields } = props;
  const [items, setItems] = useState<NearbyCase[]>([]);
  const [supported, setSupported] = useState<Supported | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState('');
  const ready = fields.service_code !== '' && fields.lat !== null && fields.lng !== null;

  useEffect(() => {
    if (!ready) {
      setItems([]);
      return;
    }
    // Waits for the citizen to stop typing before asking.
    const timer = setTimeout(() => {
      const query = new URLSearchParams({
        lat: String(fields.lat),
        long: String(fields.lng),
        service: fields.service_code,
        q: fields.title.trim(),
      });
      get<{ items: NearbyCase[] }>(`/api/v1/cases/nearby?${query}`)
        .then((r) => setItems(r.items))
        .catch(() => setItems([]));  // a hint, not a requirement: filing still works
    }, 400);
    return () => clearTimeout(timer);
  }, [ready, fields.service_code, fields.lat, fields.lng, fields.title]);

  if (supported) {
    return (
      <div class="notice notice-proposal nearby-done" role="status" data-testid="support-done">
        <p>
          <strong>
            {supported.counted ? t('nearby.supported') : t('nearby.already_supported')}
          </strong>
        </p>
        <p>{tn('nearby.supporters', supported.supporters, { count: supported.supporters })}</p>
        <p>
          <Link href={`/lacak/${supported.code}`}>{t('nearby.follow')}</Link>
        </p>
      </div>
    );
  }
  if (!ready || items.length === 0) return null;

  const support = async (code: string) => {
    setBusy(code);
    setError(null);
    const body: Record<string, string> = {};
    if (fields.email.trim()) body.email = fields.email.trim();
    else if (fields.phone.trim()) body.phone = fields.phone.trim();
    else body.device_id = deviceId();
    try {
      const r = await api<{ supporters: number; counted: boolean }>(
        `/api/v1/cases/${encodeURIComponent(code)}/support`,
        { method: 'POST', body },
      );
      setSupported({ code, supporters: r.data.supporters, counted: r.data.counted });
    } catch (e) {
      setError(e);
    } finally {
      setBusy('');
    }
  };

  return (
    <section class="card nearby" aria-labelledby="nearby-title" data-testid="nearby">
      <h2 id="nearby-title">{t('nearby.title')}</h2>
      <p class="hint">{t('nearby.hint')}</p>
      {error !== null && <ErrorBox error={error} />}
      <ul class="nearby-list">
        {items.map((c) => (
          <li key={c.tracking_code}>
            <p>
              <strong>{c.title}</strong>
            </p>
            <p class="muted">
              {formatCode(c.tracking_code)} · {label('status', c.status)} ·{' '}
              {t('nearby.distance', { metres: Math.round(c.distance_m) })} · {formatDate(c.created_at)}{' '}
              · {tn('nearby.supporters', c.supporters, { count: c.supporters })}
            </p>
            <button
              type="button"
              class="button secondary"
              disabled={busy !== ''}
              data-support={c.tracking_code}
              onClick={() => void support(c.tracking_code)}
            >
              {t('nearby.support')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
