// The portal's front page: what a citizen can do, a search of the service
// catalogue, the catalogue by group, and the reports sent from this device.
import { useMemo, useState } from 'preact/hooks';
import { openSurveys, services } from '../catalogue';
import { label, t, tn } from '../i18n';
import { Link } from '../router';
import { CASE_KINDS, type Service } from '../types';
import { ErrorBox, Loading, PageTitle, useAsync } from '../ui';
import { DeviceCases } from './device_cases';
import { useCodeForm } from './receipts';
import { searchIndex, searchServices, searchTerms } from './service_search';

// The search is kept in the address (/?cari=...), replaced as it is typed:
// Back from a service opens the home page with the same search and results.
const SEARCH_PARAM = 'cari';

function keepSearch(text: string) {
  const url = new URL(window.location.href);
  if (text.trim()) url.searchParams.set(SEARCH_PARAM, text);
  else url.searchParams.delete(SEARCH_PARAM);
  history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
}

function Catalogue() {
  const list = useAsync(() => services(), []);
  const [query, setQuery] = useState(() => new URLSearchParams(window.location.search).get(SEARCH_PARAM) ?? '');
  const index = useMemo(() => searchIndex(list.data ?? []), [list.data]);
  const groups = useMemo((): [string, Service[]][] => {
    const byGroup = new Map<string, Service[]>();
    for (const s of list.data ?? []) byGroup.set(s.group, [...(byGroup.get(s.group) ?? []), s]);
    return [...byGroup.entries()].sort(([a], [b]) => a.localeCompare(b, 'id'));
  }, [list.data]);
  const searching = query.trim() !== '';
  // What a search found, best first (most of the words matched).
  const found = useMemo(() => (searching ? searchServices(index, searchTerms(query)) : []), [index, query, searching]);

  return (
    <section aria-labelledby="catalogue-title" class="card">
      <h2 id="catalogue-title">{t('home.catalogue_title')}</h2>
      <form role="search" onSubmit={(e) => e.preventDefault()}>
        <label for="service-search">{t('home.search_label')}</label>
        <p class="hint" id="service-search-hint">
          {t('home.search_hint')}
        </p>
        <input
          id="service-search"
          type="search"
          value={query}
          placeholder={t('home.search_placeholder')}
          aria-describedby="service-search-hint"
          onInput={(e) => {
            setQuery(e.currentTarget.value);
            keepSearch(e.currentTarget.value);
          }}
        />
      </form>
      {list.loading && !list.data && <Loading />}
      {list.error !== undefined && <ErrorBox error={list.error} onRetry={list.reload} />}
      {/* What a search found, announced as it is typed. */}
      <p role="status" class={searching && found.length > 0 ? 'hint' : undefined} data-testid="search-status">
        {list.data && searching && found.length === 0 && t('home.search_none')}
        {list.data && searching && found.length > 0 && tn('home.search_count', found.length)}
      </p>
      {/* The groups and names of services are the Pemda's, in Indonesian. */}
      {searching ? (
        <ol class="link-list search-results" data-testid="search-results">
          {found.map((s) => (
            <li key={s.code}>
              <Link href={`/layanan/${encodeURIComponent(s.code)}`} lang="id">
                {s.name}
              </Link>{' '}
              <span class="muted" lang="id">
                · {s.group}
              </span>
            </li>
          ))}
        </ol>
      ) : (
        groups.map(([group, items]) => (
          <details key={group}>
            <summary>
              <span lang="id">{group}</span> <span class="muted">({items.length})</span>
            </summary>
            <ul class="link-list">
              {items.map((s) => (
                <li key={s.code}>
                  <Link href={`/layanan/${encodeURIComponent(s.code)}`} lang="id">
                    {s.name}
                  </Link>
                </li>
              ))}
            </ul>
          </details>
        ))
      )}
    </section>
  );
}

function QuickTrack() {
  const { code, setCode, problem, submit } = useCodeForm('quick-code');
  return (
    <form class="inline-form" noValidate onSubmit={submit}>
      <label for="quick-code">{t('home.track_label')}</label>
      <div class="row">
        <input
          id="quick-code"
          value={code}
          autocomplete="off"
          autocapitalize="characters"
          spellcheck={false}
          aria-invalid={problem ? 'true' : undefined}
          aria-describedby={problem ? 'quick-code-error' : undefined}
          onInput={(e) => setCode(e.currentTarget.value)}
        />
        <button type="submit" class="button">
          {t('action.track')}
        </button>
      </div>
      {problem && (
        <p class="field-error" id="quick-code-error" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}

export function Home() {
  // The survey is offered only while one is open (else /survei says none is).
  const surveys = useAsync(() => openSurveys().catch(() => []), []);
  return (
    <>
      <section class="hero">
        <PageTitle title="">{t('home.title')}</PageTitle>
        <p>{t('home.lead')}</p>
        <ul class="kind-list">
          {CASE_KINDS.map((k) => (
            <li key={k}>
              <strong>{label('kind', k)}</strong> — {label('kind_help', k)}
            </li>
          ))}
        </ul>
        <Link href="/lapor" class="button primary big">
          {t('home.submit_cta')}
        </Link>{' '}
        {(surveys.data?.length ?? 0) > 0 && (
          <Link href="/survei" class="button secondary">
            {t('survey.home_link')}
          </Link>
        )}
      </section>
      <section class="card" aria-labelledby="track-title">
        <h2 id="track-title">{t('home.track_title')}</h2>
        <QuickTrack />
        <DeviceCases />
      </section>
      <Catalogue />
    </>
  );
}
