// The files attached to a case, for the officers who may see it and for its
// reporter (with the secret): photos as thumbnails that open full size,
// other files as links. A file known only by its name (imported from
// another system) is listed without a link.
import { t } from './i18n';
import type { Attachment } from './types';
import { locale } from './format';

function fileUrl(code: string, sha256: string, secret: string): string {
  const url = `/api/v1/cases/${encodeURIComponent(code)}/attachments/${sha256}`;
  return secret ? `${url}?secret=${encodeURIComponent(secret)}` : url;
}

const size = (bytes: number) => `${Math.max(1, Math.ceil(bytes / 1024)).toLocaleString(locale())} KB`;

export function AttachmentList(props: { code: string; attachments: Attachment[]; secret?: string }) {
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
        const url = fileUrl(props.code, a.sha256, props.secret ?? '');
        return (
          <li key={a.sha256}>
            <a href={url} target="_blank" rel="noopener">
              {a.content_type.startsWith('image/') && (
                <img src={url} alt={t('attachments.photo_alt', { name: a.name })} loading="lazy" />
              )}
              <span>
                {a.name || t('attachments.unnamed')} <span class="muted">({size(a.size_bytes)})</span>
              </span>
            </a>
          </li>
        );
      })}
    </ul>
  );
}
