// Dates in the Pemda's time zone (from GET /api/v1/calendar), in Indonesian
// order: "Jumat, 27 Maret 2026 15.00 WIB".
import { currentLanguage, t } from './i18n';

let timeZone = localStorage.getItem('sigap.tz') || 'Asia/Jakarta';

export function setTimeZone(zone: string) {
  if (!zone || zone === timeZone) return;
  timeZone = zone;
  localStorage.setItem('sigap.tz', zone);
}

function zoneLabel(): string {
  switch (timeZone) {
    case 'Asia/Jakarta':
    case 'Asia/Pontianak':
      return t('tz.wib');
    case 'Asia/Makassar':
      return t('tz.wita');
    case 'Asia/Jayapura':
      return t('tz.wit');
    default:
      return timeZone;
  }
}

function locale(): string {
  return currentLanguage() === 'en' ? 'en-GB' : 'id-ID';
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const text = new Intl.DateTimeFormat(locale(), {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(date);
  return `${text} ${zoneLabel()}`;
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }).format(date);
}

// Tracking codes are shown in two groups of five for reading aloud.
export function formatCode(code: string): string {
  return code.length === 10 ? `${code.slice(0, 5)} ${code.slice(5)}` : code;
}
