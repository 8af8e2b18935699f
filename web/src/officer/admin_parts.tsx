// Pieces the administrators' screens share: a secret shown once (an API key,
// a webhook's signing key) and an action that asks "are you sure?" in its
// table row.
import { useEffect, useRef, useState } from 'preact/hooks';
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

// A row's action that asks first, in the row itself: the button, then the
// question with "yes" (which takes the focus) and cancel. The question stays
// until `onConfirm` has finished.
export function ConfirmedButton(props: {
  label: string;
  ariaLabel: string;
  action: string; // data-do, for tests
  question: string;
  yes: string;
  onConfirm: () => Promise<void>;
}) {
  const [asking, setAsking] = useState(false);
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) yes.current?.focus();
  }, [asking]);
  if (!asking) {
    return (
      <span class="row-actions">
        <button type="button" class="button secondary small" data-do={props.action} aria-label={props.ariaLabel} onClick={() => setAsking(true)}>
          {props.label}
        </button>
      </span>
    );
  }
  return (
    <div class="row-actions confirm" role="group" aria-label={props.question}>
      <span class="long-text">{props.question}</span>{' '}
      <button type="button" class="button primary small" ref={yes} onClick={() => void props.onConfirm().finally(() => setAsking(false))}>
        {props.yes}
      </button>
      <button type="button" class="button secondary small" onClick={() => setAsking(false)}>
        {t('action.cancel')}
      </button>
    </div>
  );
}
