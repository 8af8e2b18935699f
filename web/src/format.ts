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

// The Pemda's UTC offset at `date`, "+07:00" (Indonesia keeps no summer time,
// but the zone may be any the calendar names).
function zoneOffset(date: Date): string {
  const name =
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(date)
      .find((p) => p.type === 'timeZoneName')?.value ?? '';
  const m = /GMT([+-]\d{2}):?(\d{2})?/.exec(name);
  return m ? `${m[1]}:${m[2] ?? '00'}` : '+00:00'; // plain "GMT" is UTC
}

// A datetime-local value ("2026-12-01T10:00"), read in the Pemda's zone, as
// ISO 8601 with its offset ("2026-12-01T10:00:00+07:00"); "" when malformed.
export function localToIso(local: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?$/.exec(local);
  if (!m) return '';
  return `${m[1]}T${m[2]}${m[3] ?? ':00'}${zoneOffset(new Date(`${m[1]}T${m[2]}:00Z`))}`;
}
