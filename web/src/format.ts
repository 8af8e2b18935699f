// Dates in the Pemda's time zone (from GET /api/v1/calendar), in Indonesian
// order: "Jumat, 27 Maret 2026 15.00 WIB".
import { currentLanguage, t } from './i18n';
import { compactNumber, type CompactWords } from './numbers';

let timeZone = localStorage.getItem('sigap.tz') || 'Asia/Jakarta';

export function setTimeZone(zone: string) {
  if (!zone || zone === timeZone) return;
  timeZone = zone;
  localStorage.setItem('sigap.tz', zone);
}

// The Pemda's time zone for people: WIB, WITA, WIT (else its IANA name).
export function zoneLabel(): string {
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

// The locale of the UI language, for dates and numbers ("11,7" / "11.7").
export function locale(): string {
  return currentLanguage() === 'en' ? 'en-GB' : 'id-ID';
}

// A number in the UI language: "1.234" and "11,7" in Indonesian, "1,234"
// and "11.7" in English.
export function formatNumber(n: number, options?: Intl.NumberFormatOptions): string {
  return n.toLocaleString(locale(), options);
}

// The words of compact numbers in the UI language: "{n} rb", "{n} jt" ...
// in Indonesian, "{n}K", "{n}M" ... in English (numbers.ts).
export function compactWords(): CompactWords {
  return {
    thousand: t('number.thousand'),
    million: t('number.million'),
    billion: t('number.billion'),
    trillion: t('number.trillion'),
  };
}

// A number in few characters, where the exact figure is shown elsewhere
// (a chart's table): "1,2 jt" / "1.2M"; below a thousand as is ("3,25").
export function formatCompact(n: number, decimals = 0): string {
  return compactNumber(n, locale(), compactWords(), undefined, decimals);
}

// A calendar day of the API ("2026-03-14") as people read it in the UI
// language: "14 Mar 2026"; the text itself when it is not such a day.
export function formatDay(day: string | null | undefined): string {
  if (!day) return '';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return day;
  return new Intl.DateTimeFormat(locale(), {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(new Date(`${day}T12:00:00Z`));
}

// Two calendar days of the API as one period: "5 Desember 2025 – 5 Desember
// 2026" / "5 December 2025 – 5 December 2026"; one day alone when they are
// the same.
export function formatDayRange(from: string | null | undefined, to: string | null | undefined): string {
  if (!from || !to || from === to) return formatDay(from || to);
  return `${formatDay(from)} – ${formatDay(to)}`;
}

// A month of the API ("2026-03") in the UI language: "Mar 2026" where room
// is short (a chart's axis), "Maret 2026" / "March 2026" with 'long'.
export function formatMonth(month: string, width: 'short' | 'long' = 'short'): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return month;
  return new Intl.DateTimeFormat(locale(), { timeZone: 'UTC', month: width, year: 'numeric' }).format(
    new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 15)),
  );
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

// A time of day in the Pemda's zone: "15.02 WIB" / "15:02 WIB".
export function formatTime(when: number | string): string {
  const date = new Date(when);
  if (Number.isNaN(date.getTime())) return String(when);
  const text = new Intl.DateTimeFormat(locale(), {
    timeZone,
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

// A reporter secret in groups of five ("7GHMF VPT2N DV4SW …"), to copy by
// hand or read out; the server reads it with or without the spaces.
export function formatSecret(secret: string): string {
  return secret.replace(/(.{5})(?=.)/g, '$1 ');
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
