// The Pemda's categories (issue 8) to choose from, with a search: a Pemda
// has hundreds (the SP4N-LAPOR! taxonomy nearly a thousand), too many for a
// bare list on a phone. Used by the officers' "Ubah kategori" and by the
// citizen's report form.
import { useRef, useState } from 'preact/hooks';
import { categoryGroups, categoryLabel } from './catalogue';
import { t, tn } from './i18n';
import type { Category } from './types';
import { Field } from './ui';

// Folds case and accents: "gorong" finds "GORONG-GORONG".
function fold(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

// The Pemda's categories (issue 8), grouped by main category; a main
// category may be chosen itself. A Pemda has hundreds (the SP4N-LAPOR!
// taxonomy nearly a thousand), so a search box above the list keeps only
// those whose names (main and sub) hold every word typed; Enter or the down
// arrow moves to the list, taking its first match. Only a listed category
// can be chosen.
export function CategorySelect(props: {
  id: string;  // of the select; its search box is `${id}-filter`
  label: string;
  hint?: string;
  value: string;
  current?: string;  // the case's category now, which cannot be chosen again
  required?: boolean;
  none?: string;  // the empty choice's text
  categories: Category[];
  onChange: (code: string) => void;
  error?: string;
}) {
  const [filter, setFilter] = useState('');
  const select = useRef<HTMLSelectElement>(null);
  if (props.categories.length === 0) {
    // Without a taxonomy the category stays free text.
    return (
      <Field id={props.id} label={props.label} hint={props.hint} error={props.error}>
        <input
          id={props.id}
          value={props.value}
          required={props.required}
          maxLength={200}
          onInput={(e) => props.onChange(e.currentTarget.value)}
        />
      </Field>
    );
  }
  const words = fold(filter).split(/[\s›>/,.-]+/).filter(Boolean);
  const hit = (text: string) => words.every((w) => text.includes(w));
  const groups = categoryGroups(props.categories)
    .map(({ main, subs }) => {
      const mainText = fold(`${main.name} ${main.code}`);
      return {
        main,
        mainHit: hit(mainText),
        subs: subs.filter((c) => hit(`${mainText} ${fold(`${c.name} ${c.code}`)}`)),
      };
    })
    .filter((g) => g.mainHit || g.subs.length > 0);
  const matches = groups.flatMap((g) => [...(g.mainHit ? [g.main] : []), ...g.subs]).filter((c) => c.code !== props.current);
  // The choice made stays in the list while another word is typed.
  const chosen = props.value && !matches.some((c) => c.code === props.value)
    ? props.categories.find((c) => c.code === props.value)
    : undefined;
  const toList = (event: KeyboardEvent) => {
    if (event.key !== 'Enter' && event.key !== 'ArrowDown') return;
    event.preventDefault();  // Enter here must not send the form
    if (matches.length === 0) return;
    if (!matches.some((c) => c.code === props.value)) props.onChange(matches[0].code);
    select.current?.focus();
  };
  return (
    <>
      <Field id={`${props.id}-filter`} label={t('input.category_filter')} hint={t('input.category_filter_hint')}>
        <input
          id={`${props.id}-filter`}
          type="search"
          value={filter}
          autocomplete="off"
          spellcheck={false}
          aria-controls={props.id}
          onInput={(e) => setFilter(e.currentTarget.value)}
          onKeyDown={toList}
        />
      </Field>
      <p class="hint" role="status" data-testid="category-matches">
        {words.length === 0
          ? tn('input.category_all', matches.length)
          : matches.length === 0
            ? t('input.category_none')
            : tn('input.category_matches', matches.length)}
      </p>
      <Field id={props.id} label={props.label} hint={props.hint} error={props.error}>
        <select
          ref={select}
          id={props.id}
          value={props.value}
          required={props.required}
          onChange={(e) => props.onChange(e.currentTarget.value)}
        >
          <option value="">{props.none ?? t('submit.choose')}</option>
          {chosen && (
            <option key={`chosen-${chosen.code}`} value={chosen.code}>
              {categoryLabel(props.categories, chosen.code)}
            </option>
          )}
          {groups.map(({ main, mainHit, subs }) => (
            <optgroup key={main.code} label={main.name}>
              {mainHit && (
                <option value={main.code} disabled={main.code === props.current}>
                  {main.name}
                </option>
              )}
              {subs.map((c) => (
                <option key={c.code} value={c.code} disabled={c.code === props.current}>
                  {c.name}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </Field>
    </>
  );
}

