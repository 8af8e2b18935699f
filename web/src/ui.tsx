// Small shared pieces: loading and error states, badges, form fields.
import { cloneElement, isValidElement, type ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, NetworkError, type FieldProblem } from './api';
import { formatDateTime } from './format';
import { label, t, tn } from './i18n';
import type { Deadline } from './types';

export interface Async<T> {
  data?: T;
  error?: unknown;
  loading: boolean;
  reload: () => void;
}

// Runs `load` when `deps` change; `reload` runs it again.
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): Async<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({
    loading: true,
  });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ data: s.data, loading: true }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      (error) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  return { ...state, reload: () => setTick((n) => n + 1) };
}

export function errorText(error: unknown): string {
  if (error instanceof NetworkError) return t('error.network');
  if (error instanceof ApiError) {
    if (error.status === 404) return t('error.not_found');
    return error.detail || error.title || t('error.generic');
  }
  return t('error.generic');
}

// An error where it happened. `focus`: the box takes the focus and scrolls
// into view each time another error comes (a form's answer, whose submit
// button may sit far from where the user looks); `children` go below the
// text (a list of the fields at fault).
export function ErrorBox({
  error,
  onRetry,
  focus = false,
  testid,
  text,
  children,
}: {
  error: unknown;
  // Said instead of the error's own text (a refusal whose fields the
  // children list in the form's words).
  text?: string;
  onRetry?: () => void;
  focus?: boolean;
  testid?: string;
  children?: ComponentChildren;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!focus || !box.current) return;
    box.current.focus({ preventScroll: true });
    box.current.scrollIntoView?.({ block: 'center' });
  }, [error, focus]);
  return (
    <div class="notice notice-error" role="alert" ref={box} tabIndex={focus ? -1 : undefined} data-testid={testid}>
      <p>{text ?? errorText(error)}</p>
      {children}
      {onRetry && (
        <button type="button" class="button secondary" onClick={onRetry}>
          {t('action.retry')}
        </button>
      )}
    </div>
  );
}

export function Loading() {
  return (
    <p class="muted" role="status">
      {t('common.loading')}
    </p>
  );
}

// The message of a field from a 422 answer, in the request's language.
export function fieldError(fields: FieldProblem[] | undefined, name: string): string | undefined {
  const found = fields?.find((f) => f.field === name);
  if (!found) return undefined;
  return label('field_error', found.code, found.message);
}

// What the server says of a field in a 422 answer, without the field's name
// it starts with ("days: di luar rentang yang diizinkan (-60 to 60, not 0)"
// → "di luar rentang …"), so a list that names the field says it once. The
// server's words and the limit in brackets are kept; its generic "is
// invalid" for a code it has no words for gives way to this app's own.
export function fieldProblemText(problem: FieldProblem): string {
  let text = problem.message ?? '';
  const prefix = `${problem.field}: `;
  if (text.startsWith(prefix)) text = text.slice(prefix.length);
  const own = label('field_error', problem.code, '');
  const generic = /^(tidak valid|is invalid)\b/.exec(text);
  if (own && (text === '' || generic)) text = own + text.slice(generic ? generic[0].length : 0);
  return text || own || problem.code;
}

export function StatusBadge({ status }: { status: string }) {
  return <span class={`badge status-${status}`}>{label('status', status)}</span>;
}

export function DeadlineBadge({ deadline }: { deadline: Deadline }) {
  if (deadline.state === 'none') return null;
  return (
    <span class={`badge deadline-${deadline.state}`}>
      {label('deadline', deadline.state)}
      {deadline.due_at && deadline.state !== 'paused' && (
        <span class="visually-hidden">
          {' '}
          {t('deadline.due', { date: formatDateTime(deadline.due_at) })}
        </span>
      )}
    </span>
  );
}

// A short confirmation after an action, announced by screen readers.
export function Notice({ text }: { text?: string | null }) {
  if (!text) return null;
  return (
    <p class="notice notice-info" role="status">
      {text}
    </p>
  );
}

// An administration table: scrolls sideways on a small screen, with its
// caption and column headings; the rows are the children.
export function AdminTable(props: {
  label: string;
  caption: string;
  columns: string[];
  testid?: string;
  children: ComponentChildren;
}) {
  return (
    <div class="table-scroll table-wrap" tabIndex={0} role="region" aria-label={props.label}>
      <table class="queue admin-table" data-testid={props.testid}>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th scope="col" key={c}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}

// The browser tab's title: "<page> · Sigap · <Pemda>", in the UI language.
let siteName = 'Sigap';
let pageName = '';

function applyTitle() {
  document.title = pageName ? `${pageName} · ${siteName}` : siteName;
}

// The app's own name with the Pemda's, once known.
export function setSiteName(name: string) {
  siteName = name;
  applyTitle();
}

// Sets the tab's title while the calling page shows ("" for the site alone).
export function useDocumentTitle(title: string) {
  useEffect(() => {
    pageName = title;
    applyTitle();
  }, [title]);
}

// A page heading that takes focus after navigation (screen readers announce
// it) and names the browser tab: after the heading's text, or `title`.
// `lang`: a heading in another language than the UI's (a service's name,
// written by the Pemda in Indonesian).
// Whether a page of this visit has shown its title: the first keeps the
// browser's own focus, so a keyboard's first Tab reaches the skip link and
// the header; after each move within the app the new page's title takes
// the focus (a screen reader announces where the citizen now is).
let landed = false;

export function PageTitle({ children, title, lang }: { children: ComponentChildren; title?: string; lang?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useDocumentTitle(title ?? (typeof children === 'string' ? children : ''));
  useEffect(() => {
    if (landed) ref.current?.focus({ preventScroll: true });
    landed = true;
  }, []);
  return (
    <h1 tabIndex={-1} ref={ref} lang={lang}>
      {children}
    </h1>
  );
}

// A labelled field: its hint and its error (when there is one) are tied to
// the input whose id is `id` (aria-describedby, aria-invalid), wherever it
// sits among the children, so a screen reader reads them with the input.
export function Field(props: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  // The error is announced when it comes (role="alert"): for a form whose
  // errors come without a summary that takes the focus.
  alert?: boolean;
  children: ComponentChildren;
}) {
  const described = [props.hint && `${props.id}-hint`, props.error && `${props.id}-error`].filter(
    (x): x is string => !!x,
  );
  return (
    <div class={props.error ? 'field has-error' : 'field'}>
      <label for={props.id}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {describe(props.children, props.id, described, !!props.error)}
      {props.error && (
        <p class="field-error" id={`${props.id}-error`} role={props.alert ? 'alert' : undefined}>
          {props.error}
        </p>
      )}
    </div>
  );
}

// `children` with the element of `id` given aria-describedby (its own ids
// first, then `ids`, once each) and, on an error, aria-invalid; looks inside
// plain elements (a row around an input), not inside components. The shape
// of the children (arrays, holes) is kept, so nothing is remounted.
const LEAVES = new Set(['select', 'textarea', 'option', 'optgroup', 'input']);

function describe(children: ComponentChildren, id: string, ids: string[], invalid: boolean): ComponentChildren {
  const found = { done: false };
  const walk = (child: ComponentChildren): ComponentChildren => {
    if (found.done) return child;
    if (Array.isArray(child)) return child.map(walk);
    if (!isValidElement(child)) return child;
    const props = child.props as Record<string, unknown>;
    if (props.id === id) {
      found.done = true;
      const own = typeof props['aria-describedby'] === 'string' ? props['aria-describedby'].split(/\s+/) : [];
      const all = [...new Set([...own, ...ids].filter(Boolean))];
      return cloneElement(child, {
        'aria-describedby': all.length > 0 ? all.join(' ') : undefined,
        'aria-invalid': invalid ? 'true' : props['aria-invalid'],
      } as Record<string, unknown>);
    }
    if (typeof child.type !== 'string' || LEAVES.has(child.type) || props.children === undefined) return child;
    const inner = walk(props.children as ComponentChildren);
    return found.done ? cloneElement(child, {}, inner) : child;
  };
  return walk(children);
}

// Copies `text` to the clipboard, falling back to a selection for old browsers.
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'visually-hidden';
    document.body.appendChild(area);
    area.select();
    let ok = false;
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    area.remove();
    return ok;
  }
}

export function CopyButton({ text, what }: { text: string; what: string }) {
  const [done, setDone] = useState<boolean | null>(null);
  return (
    <>
      <button
        type="button"
        class="button secondary small"
        onClick={async () => setDone(await copyText(text))}
      >
        {t('action.copy_what', { what })}
      </button>
      <span role="status" class="copy-status">
        {done === true ? t('common.copied') : done === false ? t('common.copy_failed') : ''}
      </span>
    </>
  );
}

// A list's filters, folded away under "Filter" with the number of those in
// use; `open` is the caller's, which may fold it after applying them on a
// phone.
export function FiltersPanel(props: {
  open: boolean;
  onToggle: (open: boolean) => void;
  active: number;
  class?: string;
  testid: string;
  children: ComponentChildren;
}) {
  return (
    <details
      class={props.class ? `${props.class} filters-panel` : 'filters-panel'}
      open={props.open}
      onToggle={(e) => props.onToggle(e.currentTarget.open)}
      data-testid={props.testid}
    >
      <summary>
        {t('queue.filters_title')}
        {props.active > 0 && (
          <>
            {' '}
            <span class="badge filter-count" data-testid="active-filters">
              {tn('queue.filters_active', props.active)}
            </span>
          </>
        )}
      </summary>
      {props.children}
    </details>
  );
}
