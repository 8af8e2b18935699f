// A service and its Standar Pelayanan in plain language (the six components
// published to citizens, PermenPAN-RB 15/2014). What the Pemda wrote is in
// Indonesian whatever the UI language, and marked so (lang="id") for screen
// readers and translation tools on an English page.
import { ApiError, get } from '../api';
import { agencies, agencyName } from '../catalogue';
import { formatDate } from '../format';
import { currentLanguage, label, t, tn } from '../i18n';
import { Link } from '../router';
import type { Service } from '../types';
import { ErrorBox, Loading, PageTitle, useAsync } from '../ui';
import { ordered } from './questions';

export function ServicePage({ code }: { code: string }) {
  const service = useAsync(
    () => get<Service>(`/api/v1/services/${encodeURIComponent(code)}`),
    [code],
  );
  const agencyList = useAsync(() => agencies(), []);
  if (service.error !== undefined) {
    // No such service: trying again cannot help.
    const missing = service.error instanceof ApiError && service.error.status === 404;
    return <ErrorBox error={service.error} onRetry={missing ? undefined : service.reload} />;
  }
  if (!service.data) return <Loading />;
  const s = service.data;
  const std = s.standard;
  const submitKind = s.kinds.includes('request') ? 'request' : s.kinds[0] ?? 'complaint';
  const questions = ordered(std.attributes);
  return (
    <article class="service">
      <p class="breadcrumb">
        <Link href="/">{t('nav.home')}</Link> › <span lang="id">{s.group}</span>
      </p>
      <PageTitle lang="id">{s.name}</PageTitle>
      <p class="muted">
        {t('service.by', { agency: agencyName(agencyList.data ?? [], s.agency_code) })}
      </p>
      {/* Said where it matters: the Pemda writes its services in Indonesian. */}
      {currentLanguage() !== 'id' && (
        <p class="hint" data-testid="service-in-indonesian">
          {t('service.in_indonesian')}
        </p>
      )}
      <p class="service-description" lang="id">
        {s.description}
      </p>
      <p>
        {t('service.kinds')} {s.kinds.map((k) => label('kind', k)).join(', ')}
      </p>
      {s.active === false ? (
        // A retired service: its standard stays readable, but nothing can be
        // filed under it any more (the form does not offer it).
        <p class="notice notice-warning" data-testid="service-retired">
          {t('service.retired')}
        </p>
      ) : (
        <p class="cta">
          <Link
            href={`/lapor?layanan=${encodeURIComponent(s.code)}&jenis=${submitKind}`}
            class="button primary"
          >
            {t('service.submit_cta')}
          </Link>
        </p>
      )}

      <h2>{t('service.standard_title')}</h2>
      <p class="muted">
        {t('service.standard_version', {
          version: std.version,
          date: formatDate(std.effective_from),
        })}
      </p>
      <dl class="standard">
        <dt>{t('service.requirements')}</dt>
        <dd>
          {std.requirements.length === 0 ? (
            t('service.none')
          ) : (
            <ul lang="id">
              {std.requirements.map((r, i) => (
                <li key={i}>{r}</li>
              ))}
            </ul>
          )}
        </dd>
        <dt>{t('service.procedure')}</dt>
        <dd>
          <ol lang="id">
            {std.procedure.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ol>
        </dd>
        <dt>{t('service.time')}</dt>
        <dd>
          {std.completion_days > 0
            ? tn('service.working_days', std.completion_days)
            : t('service.none')}
        </dd>
        <dt>{t('service.cost')}</dt>
        <dd lang={std.cost ? 'id' : undefined}>{std.cost || t('service.free')}</dd>
        <dt>{t('service.product')}</dt>
        <dd lang="id">{std.product}</dd>
        <dt>{t('service.complaints')}</dt>
        <dd lang="id">{std.complaint_channel}</dd>
      </dl>

      {questions.length > 0 && (
        <section aria-labelledby="questions-title">
          <h2 id="questions-title">{t('service.questions_title')}</h2>
          <p class="muted">{t('service.questions_hint')}</p>
          <ol class="service-questions" data-testid="service-questions">
            {questions.map((q) => (
              <li key={q.code} data-question={q.code}>
                <span lang="id">{q.description}</span>
                {q.variable && (
                  <span class="muted">
                    {' '}
                    ({[
                      q.required ? t('questions.required') : t('questions.optional'),
                      label('datatype', q.datatype),
                    ].join(' · ')}
                    )
                  </span>
                )}
                {q.values.length > 0 && (
                  <ul lang="id">
                    {q.values.map((v) => (
                      <li key={v.key}>{v.name}</li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ol>
        </section>
      )}
    </article>
  );
}
