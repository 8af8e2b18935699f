// Pieces the administrators' screens for other systems share (API keys,
// webhooks): a secret shown once, and an "are you sure?" in a table row.
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../i18n';
import { CopyButton } from '../ui';

// A secret just made (an API key, a webhook's signing key): shown until the
// administrator says it is stored; the server keeps only its hash or gives
// it to nobody again. `id` names the card and its parts for tests.
export function ShownOnce(props: {
  id: string;
  title: string;
  once: string;
  label: string;
  value: string;
  help: string;
  what: string;
  dismiss: string;
  onDismiss: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section class="card notice-warning" aria-labelledby={`${props.id}-title`} data-testid={props.id}>
      <h2 id={`${props.id}-title`} class="long-text" tabIndex={-1} ref={heading}>
        {props.title}
      </h2>
      <p>
        <strong>{props.once}</strong>
      </p>
      <p class="receipt-label">{props.label}</p>
      <p class="code secret" data-testid={`${props.id}-value`}>
        {props.value}
      </p>
      <p class="hint">{props.help}</p>
      <div class="row">
        <CopyButton text={props.value} what={props.what} />
        <button type="button" class="button secondary small" onClick={props.onDismiss}>
          {props.dismiss}
        </button>
      </div>
    </section>
  );
}

// "Revoke the key …?" in the row itself, with the way back; the yes button
// takes the focus.
export function ConfirmInRow({ question, yes, onYes, onNo }: { question: string; yes: string; onYes: () => void; onNo: () => void }) {
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => button.current?.focus(), []);
  return (
    <div class="row-actions confirm" role="group" aria-label={question}>
      <span class="long-text">{question}</span>{' '}
      <button type="button" class="button primary small" ref={button} onClick={onYes}>
        {yes}
      </button>
      <button type="button" class="button secondary small" onClick={onNo}>
        {t('action.cancel')}
      </button>
    </div>
  );
}
