// The questions a service asks besides the description (Open311 attributes):
// one field per question by its datatype, in the service's order. Answers
// are kept by question code; a datetime as the citizen entered it (local
// time of the Pemda), turned into ISO 8601 with its offset when sent.
import type { FieldProblem } from '../api';
import { localToIso, zoneLabel } from '../format';
import { t } from '../i18n';
import type { ServiceAttribute } from '../types';
import { fieldError } from '../ui';

export type Answers = Record<string, string[]>;

// The field name the server uses for a question in its 422 answers.
export function answerField(code: string): string {
  return `attribute[${code}]`;
}

// The id of a question's input (for labels and the error summary's links).
export function answerId(code: string): string {
  return `attr-${code}`;
}

export function ordered(attributes: ServiceAttribute[] | undefined): ServiceAttribute[] {
  return [...(attributes ?? [])].sort((a, b) => a.order - b.order);
}

function answered(values: string[] | undefined): string[] {
  return (values ?? []).map((v) => v.trim()).filter((v) => v !== '');
}

// The "attributes" member of the submission: the answered questions of
// this service only (answers to another service's questions stay in the
// draft, unsent).
export function answersBody(
  attributes: ServiceAttribute[] | undefined,
  answers: Answers | undefined,
): Record<string, string | string[]> {
  const body: Record<string, string | string[]> = {};
  for (const a of ordered(attributes)) {
    if (!a.variable) continue;
    const values = answered(answers?.[a.code]);
    if (values.length === 0) continue;
    if (a.datatype === 'multivaluelist') {
      body[a.code] = values;
    } else if (a.datatype === 'datetime') {
      body[a.code] = localToIso(values[0]) || values[0];
    } else {
      body[a.code] = values[0];
    }
  }
  return body;
}

// Required questions left unanswered (the server checks them too).
export function missingAnswers(
  attributes: ServiceAttribute[] | undefined,
  answers: Answers | undefined,
): FieldProblem[] {
  return ordered(attributes)
    .filter((a) => a.variable && a.required && answered(answers?.[a.code]).length === 0)
    .map((a) => ({ field: answerField(a.code), code: 'required', message: '' }));
}

// How a question's answer is given, for people. The service's
// datatype_description is written for Open311 clients and may show the
// API's syntax ("2026-01-15T16:00:00+07:00", "1.5"): under a date and time
// picker the portal says it in its own words, in the UI language (the
// picker decides how it is typed; the time is the Pemda's); for a number
// the service's text stays when it writes no number (a unit in words),
// else the portal's example with the UI language's decimal comma. Lists and
// free text keep the service's text (an example like "PJU-0123" helps).
// The service's own text is the Pemda's, in Indonesian (lang "id").
function typeHint(a: ServiceAttribute): { text: string; lang?: string } {
  const own = (a.datatype_description ?? '').trim();
  switch (a.datatype) {
    case 'datetime':
      return { text: t('questions.datetime_hint', { zone: zoneLabel() }) };
    case 'number':
      return own && !/\d/.test(own) ? { text: own, lang: 'id' } : { text: t('questions.number_hint') };
    default:
      return { text: own, lang: 'id' };
  }
}

// A question and what explains it, when the service wrote both as one
// text ("Apakah Anda termasuk kelompok rentan (…)? Jawaban ini membantu
// petugas …"): the question alone names the field, so a screen reader does
// not repeat the paragraph at every visit; the rest describes it. Split
// after the first question mark followed by more text, or, in a long text
// without one, after its first sentence.
export function splitQuestion(text: string): { question: string; about: string } {
  const trimmed = text.trim();
  const asked = /^([^?]+\?)\s+(\S[\s\S]*)$/.exec(trimmed);
  if (asked) return { question: asked[1], about: asked[2] };
  const sentence = trimmed.length > 120 ? /^(.+?[.!])\s+(\p{Lu}[\s\S]*)$/u.exec(trimmed) : null;
  if (sentence) return { question: sentence[1], about: sentence[2] };
  return { question: trimmed, about: '' };
}

// A question's hint: required or not, how it is answered, whether personal.
function Hint({ a, id }: { a: ServiceAttribute; id: string }) {
  const type = typeHint(a);
  return (
    <p class="hint" id={id}>
      {a.required ? t('questions.required') : t('questions.optional')}
      {type.text && (
        <>
          {' · '}
          <span lang={type.lang}>{type.text}</span>
        </>
      )}
      {a.personal && ` · ${t('questions.personal')}`}
    </p>
  );
}

function Question(props: {
  attribute: ServiceAttribute;
  values: string[];
  error?: string;
  onChange: (values: string[]) => void;
}) {
  const { attribute: a, values, error, onChange } = props;
  const id = answerId(a.code);
  const { question, about } = splitQuestion(a.description);
  const described = [about && `${id}-about`, `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  const aboutText = about && (
    <p class="hint" id={`${id}-about`} lang="id">
      {about}
    </p>
  );
  const common = {
    id,
    'aria-describedby': described || undefined,
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-required': a.required ? ('true' as const) : undefined,
  };
  const one = values[0] ?? '';

  if (a.datatype === 'multivaluelist') {
    return (
      <fieldset
        class={error ? 'field question has-error' : 'field question'}
        id={id}
        aria-describedby={described || undefined}
        data-question={a.code}
      >
        <legend lang="id">{question}</legend>
        {aboutText}
        <Hint a={a} id={`${id}-hint`} />
        {a.values.map((v) => (
          <div class="choice" key={v.key}>
            <input
              type="checkbox"
              id={`${id}-${v.key}`}
              value={v.key}
              checked={values.includes(v.key)}
              aria-invalid={error ? 'true' : undefined}
              aria-describedby={error ? `${id}-error` : undefined}
              onChange={(e) =>
                onChange(
                  e.currentTarget.checked
                    ? [...values.filter((x) => x !== v.key), v.key]
                    : values.filter((x) => x !== v.key),
                )
              }
            />
            <label for={`${id}-${v.key}`} lang="id">
              {v.name}
            </label>
          </div>
        ))}
        {error && (
          <p class="field-error" id={`${id}-error`}>
            {error}
          </p>
        )}
      </fieldset>
    );
  }

  let input;
  switch (a.datatype) {
    case 'singlevaluelist':
      input = (
        <select {...common} value={one} onChange={(e) => onChange([e.currentTarget.value])}>
          <option value="">{t('submit.choose')}</option>
          {a.values.map((v) => (
            <option key={v.key} value={v.key} lang="id">
              {v.name}
            </option>
          ))}
        </select>
      );
      break;
    case 'text':
      input = (
        <textarea
          {...common}
          rows={3}
          maxLength={4000}
          value={one}
          onInput={(e) => onChange([e.currentTarget.value])}
        />
      );
      break;
    case 'number':
      // Text with a decimal keypad: a number input would hide what the
      // citizen typed when it is not a number, and the server names it.
      input = (
        <input
          {...common}
          inputMode="decimal"
          maxLength={64}
          value={one}
          onInput={(e) => onChange([e.currentTarget.value])}
        />
      );
      break;
    case 'datetime':
      input = (
        <input
          {...common}
          type="datetime-local"
          value={one}
          onInput={(e) => onChange([e.currentTarget.value])}
        />
      );
      break;
    default:
      input = (
        <input
          {...common}
          maxLength={500}
          value={one}
          onInput={(e) => onChange([e.currentTarget.value])}
        />
      );
  }
  return (
    <div class={error ? 'field question has-error' : 'field question'} data-question={a.code}>
      <label for={id} lang="id">
        {question}
      </label>
      {aboutText}
      <Hint a={a} id={`${id}-hint`} />
      {input}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

// The service's questions, or nothing when it asks none.
export function ServiceQuestions(props: {
  attributes: ServiceAttribute[] | undefined;
  answers: Answers;
  problems: FieldProblem[];
  onChange: (answers: Answers) => void;
}) {
  const list = ordered(props.attributes);
  if (list.length === 0) return null;
  return (
    <fieldset class="card questions" data-testid="questions">
      <legend>{t('questions.legend')}</legend>
      <p class="hint">{t('questions.hint')}</p>
      {list.map((a) =>
        a.variable ? (
          <Question
            key={a.code}
            attribute={a}
            values={props.answers[a.code] ?? []}
            error={fieldError(props.problems, answerField(a.code))}
            onChange={(values) => props.onChange({ ...props.answers, [a.code]: values })}
          />
        ) : (
          <p key={a.code} class="notice notice-info" data-question={a.code} lang="id">
            {a.description}
          </p>
        ),
      )}
    </fieldset>
  );
}

// How an answer reads: the names of list keys, a datetime in the Pemda's
// zone, anything else as given.
export function answerText(
  attribute: ServiceAttribute | undefined,
  values: string[],
  formatDateTime: (iso: string) => string,
): string {
  if (!attribute) return values.join(', ');
  if (attribute.datatype === 'datetime') return values.map((v) => formatDateTime(v)).join(', ');
  if (attribute.datatype === 'singlevaluelist' || attribute.datatype === 'multivaluelist') {
    return values.map((v) => attribute.values.find((x) => x.key === v)?.name ?? v).join(', ');
  }
  return values.join(', ');
}
