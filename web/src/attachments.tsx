// The files attached to a case, for the officers who may see it and for its
// reporter (with the secret): photos as thumbnails that open full size,
// PDF documents and other files as links with their kind, name and size. A
// file known only by its name (imported from another system) is listed
// without a link.
//
// Officers' links are the files' own addresses: their session cookie
// authorises them. The reporter's secret never goes into an address (it
// would stay in the browser history, in shared links and in proxies' logs,
// and it opens the reporter's whole view): the reporter's files are fetched
// with the X-Reporter-Secret header and shown from blob: URLs, revoked when
// the list changes or leaves the page.
import { useEffect, useState } from 'preact/hooks';
import { t } from './i18n';
import type { Attachment } from './types';
import { locale } from './format';

function fileUrl(code: string, sha256: string): string {
  return `/api/v1/cases/${encodeURIComponent(code)}/attachments/${sha256}`;
}

const size = (bytes: number) => `${Math.max(1, Math.ceil(bytes / 1024)).toLocaleString(locale())} KB`;

// What a file that is not a photo is, for its label.
function kindOf(a: Attachment): string {
  return a.content_type === 'application/pdf' ? t('attachments.pdf') : t('attachments.file');
}

// The same file asked for by two lists at once (a response's photo is in
// the responses and in the timeline) is fetched once.
const inFlight = new Map<string, Promise<Blob>>();

function fetchFile(code: string, sha256: string, secret: string): Promise<Blob> {
  const key = `${code}/${sha256}/${secret}`;
  let pending = inFlight.get(key);
  if (!pending) {
    pending = fetch(fileUrl(code, sha256), {
      headers: { 'X-Reporter-Secret': secret },
      credentials: 'omit',
      cache: 'no-store',
    })
      .then((response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return response.blob();
      })
      .finally(() => inFlight.delete(key));
    inFlight.set(key, pending);
  }
  return pending;
}

// The reporter's files by hash: a blob: URL, '' while it loads, null when
// it could not be fetched. Nothing without a secret (officers).
function useReporterFiles(code: string, attachments: Attachment[], secret: string): Record<string, string | null> {
  const hashes = [...new Set(attachments.map((a) => a.sha256).filter(Boolean))].join(',');
  const [urls, setUrls] = useState<Record<string, string | null>>({});
  useEffect(() => {
    setUrls((old) => (Object.keys(old).length > 0 ? {} : old));
    if (!secret || !hashes) return;
    let live = true;
    const made: string[] = [];
    for (const sha256 of hashes.split(',')) {
      fetchFile(code, sha256, secret).then(
        (blob) => {
          if (!live) return;
          const url = URL.createObjectURL(blob);
          made.push(url);
          setUrls((old) => ({ ...old, [sha256]: url }));
        },
        () => live && setUrls((old) => ({ ...old, [sha256]: null })),
      );
    }
    return () => {
      live = false;
      for (const url of made) URL.revokeObjectURL(url);
    };
  }, [code, hashes, secret]);
  return urls;
}

export function AttachmentList(props: { code: string; attachments: Attachment[]; secret?: string }) {
  const secret = props.secret ?? '';
  const blobs = useReporterFiles(props.code, props.attachments, secret);
  return (
    <ul class="attachment-list">
      {props.attachments.map((a, i) => {
        if (!a.sha256) {
          return (
            <li key={i}>
              {a.name} <span class="muted">({a.content_type || '—'})</span>
            </li>
          );
        }
        const photo = a.content_type.startsWith('image/');
        const name = a.name || t('attachments.unnamed');
        const text = (
          <span>
            {!photo && <span class="file-kind">{kindOf(a)}</span>} {name}{' '}
            <span class="muted">({size(a.size_bytes)})</span>
          </span>
        );
        const url = secret ? blobs[a.sha256] : fileUrl(props.code, a.sha256);
        if (!url) {
          // The reporter's copy is still on its way, or could not be fetched.
          return (
            <li key={a.sha256}>
              {text}{' '}
              <span class="muted" role={url === null ? 'status' : undefined}>
                {url === null ? t('attachments.failed') : t('attachments.loading')}
              </span>
            </li>
          );
        }
        // A photo opens full size in a new tab; the reporter's documents
        // are saved under their own name (a blob: URL names none).
        const download = secret && !photo;
        return (
          <li key={a.sha256}>
            <a
              href={url}
              target={download ? undefined : '_blank'}
              rel={download ? undefined : 'noopener'}
              download={download ? name : undefined}
            >
              {photo && <img src={url} alt={t('attachments.photo_alt', { name: a.name })} loading="lazy" />}
              {text}
              {download && <span class="visually-hidden"> {t('attachments.download')}</span>}
            </a>
          </li>
        );
      })}
    </ul>
  );
}
