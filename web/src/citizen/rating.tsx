// The reporter's rating of a resolved case: 1 to 5 stars and a comment,
// once per answer of the agency (a case reopened and answered again is
// rated again), with the reporter secret this browser keeps (counted apart from
// the SKM survey, to which it links).
import { useState } from 'preact/hooks';
import { api } from '../api';
import { t, tn } from '../i18n';
import { Link } from '../router';
import { openSurveys } from '../catalogue';
import { ErrorBox, Field, useAsync } from '../ui';

interface Rating {
  stars: number;
  comment: string;
}

export function RatingBox(props: { code: string; secret: string; rating: Rating | null | undefined }) {
  const [stars, setStars] = useState(0);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<Rating | null>(props.rating ?? null);

  const send = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api(`/api/v1/cases/${encodeURIComponent(props.code)}/rating`, {
        method: 'POST',
        body: { stars, comment: comment.trim() },
        headers: { 'X-Reporter-Secret': props.secret },
      });
      setSaved({ stars, comment: comment.trim() });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  // Offered only while a survey is open: otherwise the link leads nowhere.
  const open = useAsync(() => openSurveys().catch(() => []), []);
  const survey = (open.data?.length ?? 0) > 0 && (
    <p>
      <Link href={`/survei?kasus=${encodeURIComponent(props.code)}`}>{t('rating.survey_link')}</Link>
    </p>
  );
  if (saved) {
    return (
      <section class="card" aria-labelledby="rating-title">
        <h2 id="rating-title">{t('rating.title')}</h2>
        <p data-testid="rating-done">{tn('rating.done', saved.stars, { stars: saved.stars })}</p>
        {saved.comment && <p class="pre">{saved.comment}</p>}
        {survey}
      </section>
    );
  }
  return (
    <form class="card" aria-labelledby="rating-title" onSubmit={send}>
      <h2 id="rating-title">{t('rating.title')}</h2>
      <fieldset class="stars">
        <legend>{t('rating.stars_label')}</legend>
        {[1, 2, 3, 4, 5].map((n) => (
          <label key={n} class="chip">
            <input type="radio" name="stars" value={n} checked={stars === n} onChange={() => setStars(n)} />
            <span>{tn('rating.star_n', n)}</span>
          </label>
        ))}
      </fieldset>
      <Field id="rating-comment" label={t('rating.comment')}>
        <textarea id="rating-comment" rows={3} value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
      </Field>
      {error !== null && <ErrorBox error={error} />}
      <button type="submit" class="button primary" disabled={busy || stars === 0}>
        {t('rating.send')}
      </button>
      {survey}
    </form>
  );
}
