// Photos for a submission. Each is shrunk in the browser (longest side
// 1600 px, JPEG) before it leaves the phone, so a 4 MB camera picture
// costs a slow connection about 200 KB, and uploaded at once: the draft
// keeps only what the server answered (name, type, size, hash), which the
// case then names. A photo the browser cannot read (HEIC on some phones)
// is refused here with a clear message, not sent.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { t } from '../i18n';
import type { Attachment } from '../types';
import { errorText } from '../ui';
import { locale } from '../format';

export const MAX_PHOTOS = 3;
const LONGEST_SIDE = 1600;

async function shrink(file: File): Promise<Blob> {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, LONGEST_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  const context = canvas.getContext('2d');
  if (!context) throw new Error('canvas');
  context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.82));
  if (!blob) throw new Error('encode');
  return blob;
}

function jpegName(name: string): string {
  const base = name.replace(/\.[^.]*$/, '').replace(/[^\p{L}\p{N}_ -]/gu, '').slice(0, 80) || 'foto';
  return `${base}.jpg`;
}

export function PhotoField(props: {
  photos: Attachment[];
  onChange: (photos: Attachment[]) => void;
  id?: string;  // of the file input, 'photos' by default
  legend?: string;
  hint?: string;
}) {
  const id = props.id ?? 'photos';
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState('');

  const add = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    setProblem('');
    setBusy(true);
    let photos = props.photos;
    try {
      for (const file of Array.from(files)) {
        if (photos.length >= MAX_PHOTOS) {
          setProblem(t('photos.too_many', { n: MAX_PHOTOS }));
          break;
        }
        let blob: Blob;
        try {
          blob = await shrink(file);
        } catch {
          setProblem(t('photos.unreadable', { name: file.name }));
          continue;
        }
        const name = jpegName(file.name);
        const answer = await api<Attachment>(`/api/v1/attachments?name=${encodeURIComponent(name)}`, {
          method: 'POST',
          file: blob,
        });
        const same = photos.find((p) => p.sha256 === answer.data.sha256);
        if (same) {
          setProblem(t('photos.duplicate', { name: file.name, attached: same.name }));
          continue;
        }
        photos = [...photos, { ...answer.data, name }];
        props.onChange(photos);
      }
    } catch (e) {
      setProblem(t('photos.upload_failed', { reason: errorText(e) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <fieldset class="card">
      <legend>{props.legend ?? t('photos.legend')}</legend>
      <p class="hint" id={`${id}-hint`}>
        {props.hint ?? t('photos.hint', { n: MAX_PHOTOS })}
      </p>
      {props.photos.length > 0 && (
        <ul class="photo-list">
          {props.photos.map((p) => (
            <li key={p.sha256}>
              <span>
                {p.name} ({Math.max(1, Math.round(p.size_bytes / 1024)).toLocaleString(locale())} KB)
              </span>
              <button
                type="button"
                class="button secondary"
                onClick={() => props.onChange(props.photos.filter((x) => x.sha256 !== p.sha256))}
              >
                {t('photos.remove', { name: p.name })}
              </button>
            </li>
          ))}
        </ul>
      )}
      {props.photos.length < MAX_PHOTOS && (
        <div class="field">
          <label for={id}>{t('photos.add')}</label>
          <input
            id={id}
            type="file"
            accept="image/*"
            multiple
            aria-describedby={`${id}-hint`}
            disabled={busy}
            onChange={(e) => {
              const input = e.currentTarget;
              void add(input.files).then(() => {
                input.value = '';
              });
            }}
          />
        </div>
      )}
      <p role="status" aria-live="polite" class={problem ? 'field-error' : 'hint'}>
        {busy ? t('photos.uploading') : problem}
      </p>
    </fieldset>
  );
}
