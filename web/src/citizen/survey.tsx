// The public satisfaction survey (SKM, PermenPAN-RB 14/2017): the 9
// elements with their official answers, optional demographics and a
// suggestion. Anonymous; reached from the home page and, linked to the
// case, from the tracking page of a resolved case (/survei?kasus=CODE).
import { useState } from 'preact/hooks';
import { api } from '../api';
import { currentLanguage, t } from '../i18n';
import { Link, useLocation } from '../router';
import { ErrorBox, Field, Loading, PageTitle, useAsync } from '../ui';
import { secretFor } from './receipts';

interface SurveyElement {
  code: string;
  name: string;
  name_en: string;
  answers: string[];
  answers_en?: string[];
}

export interface Survey {
  id: number;
  unit_code: string;
  unit_name: string;
  service_code: string;
  period: string;
  open: boolean;
  elements: SurveyElement[];
}

const DEMOGRAPHICS = ['jenis_kelamin', 'usia', 'pendidikan', 'pekerjaan'] as const;
const CHOICES: Record<(typeof DEMOGRAPHICS)[number], string[]> = {
  jenis_kelamin: ['L', 'P'],
  usia: ['<20', '20-29', '30-39', '40-49', '50+'],
  pendidikan: ['SD', 'SMP', 'SMA', 'D3', 'S1', 'S2+'],
  pekerjaan: ['PNS', 'TNI/POLRI', 'Swasta', 'Wirausaha', 'Pelajar', 'Lainnya'],
};

// A demographic answer as shown: the words of the UI language; the value
// sent stays the questionnaire's own (PermenPAN-RB 14/2017).
function choiceLabel(question: (typeof DEMOGRAPHICS)[number], value: string): string {
  if (question === 'jenis_kelamin') return t(value === 'L' ? 'survey.male' : 'survey.female');
  if (question === 'pendidikan' || question === 'pekerjaan') {
    return t(`survey.${question}.${value}` as 'survey.pekerjaan.Lainnya');
  }
  return value;
}

function SurveyForm({ survey, caseCode }: { survey: Survey; caseCode: string }) {
  const [answers, setAnswers] = useState<Record<string, number>>({});
  const [info, setInfo] = useState<Record<string, string>>({});
  const [saran, setSaran] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const english = currentLanguage() === 'en';
  const complete = survey.elements.every((e) => answers[e.code]);

  const send = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, unknown> = { answers, channel: 'web', saran: saran.trim(), ...info };
      const secret = caseCode ? secretFor(caseCode) : '';
      if (caseCode && secret) {
        body.case_code = caseCode;
        body.reporter_secret = secret;
      }
      await api(`/api/v1/surveys/${survey.id}/responses`, { method: 'POST', body });
      setDone(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <p class="notice notice-info" role="status" data-testid="survey-thanks">
        {t('survey.thanks')}
      </p>
    );
  }
  return (
    <form class="card survey-form" onSubmit={send}>
      <p class="survey-unit" data-testid="survey-unit">
        {t('survey.unit', { unit: survey.unit_name || survey.unit_code, period: survey.period })}
      </p>
      <p class="hint">{t('survey.intro')}</p>
      {survey.elements.map((e, i) => (
        <fieldset key={e.code} class="survey-element">
          <legend>
            {i + 1}. {english ? e.name_en : e.name}
          </legend>
          <div class="survey-answers">
            {(english && e.answers_en ? e.answers_en : e.answers).map((text, a) => (
              <label key={a} class="option">
                <input
                  type="radio"
                  name={e.code}
                  value={a + 1}
                  required
                  checked={answers[e.code] === a + 1}
                  onChange={() => setAnswers({ ...answers, [e.code]: a + 1 })}
                />
                <span>{text}</span>
              </label>
            ))}
          </div>
        </fieldset>
      ))}
      <fieldset>
        <legend>{t('survey.about_you')}</legend>
        {DEMOGRAPHICS.map((d) => (
          <Field key={d} id={`survey-${d}`} label={t(`survey.${d}` as 'survey.usia')}>
            <select
              id={`survey-${d}`}
              value={info[d] ?? ''}
              onChange={(ev) => setInfo({ ...info, [d]: ev.currentTarget.value })}
            >
              <option value="">{t('survey.prefer_not')}</option>
              {CHOICES[d].map((c) => (
                <option key={c} value={c}>
                  {choiceLabel(d, c)}
                </option>
              ))}
            </select>
          </Field>
        ))}
      </fieldset>
      <Field id="survey-saran" label={t('survey.saran')}>
        <textarea id="survey-saran" rows={3} value={saran} onInput={(ev) => setSaran(ev.currentTarget.value)} />
      </Field>
      {error !== null && <ErrorBox error={error} />}
      <button type="submit" class="button primary" disabled={busy || !complete}>
        {t('survey.send')}
      </button>
    </form>
  );
}

export function SurveyPage() {
  const { query } = useLocation();
  const caseCode = query.get('kasus') ?? '';
  const list = useAsync(() => api<{ items: Survey[] }>('/api/v1/surveys').then((a) => a.data.items), []);
  const [chosen, setChosen] = useState<number | null>(null);
  const items = list.data ?? [];
  const survey = items.find((s) => s.id === chosen) ?? (items.length === 1 ? items[0] : undefined);
  return (
    <section>
      <PageTitle>{t('survey.title')}</PageTitle>
      {list.loading && !list.data && <Loading />}
      {list.error !== undefined && <ErrorBox error={list.error} onRetry={list.reload} />}
      {list.data && items.length === 0 && <p>{t('survey.none_open')}</p>}
      {items.length > 1 && (
        <Field id="survey-unit" label={t('survey.choose_unit')}>
          <select id="survey-unit" value={chosen ?? ''} onChange={(e) => setChosen(Number(e.currentTarget.value) || null)}>
            <option value="">—</option>
            {items.map((s) => (
              <option key={s.id} value={s.id}>
                {s.unit_name || s.unit_code} · {s.period}
              </option>
            ))}
          </select>
        </Field>
      )}
      {survey && <SurveyForm key={survey.id} survey={survey} caseCode={caseCode} />}
      <p>
        <Link href="/">{t('nav.home')}</Link>
      </p>
    </section>
  );
}
