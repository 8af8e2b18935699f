// Photos (and, on the citizen's form, PDF documents) for a submission or an
// action. Each photo is shrunk in the browser (longest side 1600 px, JPEG)
// before it leaves the phone, so a 4 MB camera picture costs a slow
// connection about 200 KB; a PDF is sent as it is. Each file is uploaded at
// once: the draft keeps only what the server answered (name, type, size,
// hash), which the case then names. A photo the browser cannot read (HEIC
// on some phones) is refused here with a clear message, not sent. The
// server's size limit ([server] max_body_bytes) is not published: a file
// above it is answered 413, which is said with the file's size (and the
// limit, when the answer names it).
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { t } from '../i18n';
import type { Attachment } from '../types';
import { errorText } from '../ui';
import { locale } from '../format';

export const MAX_PHOTOS = 3;
const LONGEST_SIDE = 1600;
const PDF = 'application/pdf';

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

// The name a file is kept under: its own without odd characters, with the
// extension of what is sent.
function fileName(name: string, extension: 'jpg' | 'pdf'): string {
  const fallback = extension === 'pdf' ? 'dokumen' : 'foto';
  const base = name.replace(/\.[^.]*$/, '').replace(/[^\p{L}\p{N}_ -]/gu, '').slice(0, 80) || fallback;
  return `${base}.${extension}`;
}

// A PDF document, by its type or (when the phone names none) its name.
function isPdf(file: File): boolean {
  return file.type === PDF || (file.type === '' && /\.pdf$/i.test(file.name));
}

// A size for people: "850 KB", "2,4 MB".
function sizeText(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024)).toLocaleString(locale())} KB`;
  return `${(bytes / (1024 * 1024)).toLocaleString(locale(), { maximumFractionDigits: 1 })} MB`;
}

// The server's 413 says its limit in bytes in its English detail only.
function tooLarge(name: string, bytes: number, error: ApiError): string {
  const limit = /(\d+) bytes/.exec(error.detail)?.[1];
  const text = t('photos.too_large', { name, size: sizeText(bytes) });
  return limit ? `${text} ${t('photos.limit', { limit: sizeText(Number(limit)) })}` : text;
}

export function PhotoField(props: {
  photos: Attachment[];
  onChange: (photos: Attachment[]) => void;
  id?: string;  // of the file input, 'photos' by default
  legend?: string;
  hint?: string;
  // PDF documents too (a citizen's form: the Standar Pelayanan of a
  // request often lists documents); photos only otherwise.
  documents?: boolean;
  // Told when uploads start and end: a form that sends the files can wait
  // for them rather than go without the one still on its way.
  onBusy?: (busy: boolean) => void;
  // What the server said of the field (a refused submission), and of
  // single files by their place in the list (an upload expired on the
  // server): the input and the files named are marked.
  error?: string;
  flagged?: Record<number, string>;
}) {
  const id = props.id ?? 'photos';
  const documents = props.documents ?? false;
  const [busy, setBusyState] = useState(false);
  const setBusy = (value: boolean) => {
    setBusyState(value);
    props.onBusy?.(value);
  };
  const [problem, setProblem] = useState('');

  const add = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    setProblem('');
    setBusy(true);
    let photos = props.photos;
    try {
      for (const file of Array.from(files)) {
        if (photos.length >= MAX_PHOTOS) {
          setProblem(t(documents ? 'photos.too_many_files' : 'photos.too_many', { n: MAX_PHOTOS }));
          break;
        }
        let blob: Blob;
        let name: string;
        if (documents && isPdf(file)) {
          // As it is: a document is not made smaller.
          blob = file.type === PDF ? file : file.slice(0, file.size, PDF);
          name = fileName(file.name, 'pdf');
        } else {
          try {
            blob = await shrink(file);
          } catch {
            // Only what says it is an image is called a photo.
            const key = file.type.startsWith('image/')
              ? 'photos.unreadable'
              : documents
                ? 'photos.unsupported_file'
                : 'photos.not_photo';
            setProblem(t(key, { name: file.name }));
            continue;
          }
          name = fileName(file.name, 'jpg');
        }
        let answer;
        try {
          answer = await api<Attachment>(`/api/v1/attachments?name=${encodeURIComponent(name)}`, {
            method: 'POST',
            file: blob,
          });
        } catch (e) {
          if (e instanceof ApiError && e.status === 413) {
            setProblem(tooLarge(file.name, blob.size, e));
            continue;
          }
          if (e instanceof ApiError && e.status === 415) {
            setProblem(t(documents ? 'photos.unsupported_file' : 'photos.not_photo', { name: file.name }));
            continue;
          }
          throw e;
        }
        const same = photos.find((p) => p.sha256 === answer.data.sha256);
        if (same) {
          setProblem(t(documents ? 'photos.duplicate_file' : 'photos.duplicate', { name: file.name, attached: same.name }));
          continue;
        }
        photos = [...photos, { ...answer.data, name }];
        props.onChange(photos);
      }
    } catch (e) {
      setProblem(t(documents ? 'photos.upload_failed_file' : 'photos.upload_failed', { reason: errorText(e) }));
    } finally {
      setBusy(false);
    }
  };

  // After "Hapus", the focus goes to the next file's button (after the
  // last file, to the file input), not to the page: the button is gone.
  const remove = (index: number) => {
    const left = props.photos.filter((_, i) => i !== index);
    props.onChange(left);
    const target = index < left.length ? `${id}-remove-${index}` : id;
    requestAnimationFrame(() => document.getElementById(target)?.focus());
  };
  const flagged = props.flagged ?? {};
  const errorId = props.error ? `${id}-error` : '';

  return (
    <fieldset class={props.error ? 'card has-error' : 'card'}>
      <legend>{props.legend ?? t(documents ? 'photos.legend_files' : 'photos.legend')}</legend>
      <p class="hint" id={`${id}-hint`}>
        {props.hint ?? t(documents ? 'photos.hint_files' : 'photos.hint', { n: MAX_PHOTOS })}
      </p>
      {props.photos.length > 0 && (
        <ul class="photo-list">
          {props.photos.map((p, i) => (
            <li key={p.sha256} class={flagged[i] ? 'photo-flagged' : undefined}>
              <span>
                {p.content_type === PDF && <span class="file-kind">{t('attachments.pdf')}</span>} {p.name} ({sizeText(p.size_bytes)})
                {flagged[i] && (
                  <span class="field-error" id={`${id}-flag-${i}`} data-testid="photo-flagged">
                    {' '}
                    {flagged[i]}
                  </span>
                )}
              </span>
              <button
                type="button"
                class="button secondary"
                id={`${id}-remove-${i}`}
                aria-describedby={flagged[i] ? `${id}-flag-${i}` : undefined}
                onClick={() => remove(i)}
              >
                {t('photos.remove', { name: p.name })}
              </button>
            </li>
          ))}
        </ul>
      )}
      {props.photos.length < MAX_PHOTOS && (
        <div class="field">
          <label for={id}>{t(documents ? 'photos.add_files' : 'photos.add')}</label>
          <input
            id={id}
            type="file"
            accept={documents ? `image/*,${PDF},.pdf` : 'image/*'}
            multiple
            aria-describedby={errorId ? `${id}-hint ${errorId}` : `${id}-hint`}
            aria-invalid={errorId ? 'true' : undefined}
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
      {props.error && (
        <p class="field-error" id={errorId} data-testid="photos-error">
          {props.error}
        </p>
      )}
      <p role="status" aria-live="polite" class={problem ? 'field-error' : 'hint'}>
        {busy ? t(documents ? 'photos.uploading_files' : 'photos.uploading') : problem}
      </p>
    </fieldset>
  );
}
