import { render } from 'preact';
import { App } from './app';
import { preloadLanguages, setLanguage, storedLanguage } from './i18n';
import './styles.css';

async function boot() {
  // Stored again only when the user chooses (the language switch).
  if (storedLanguage() === 'en') await setLanguage('en', false).catch(() => undefined);
  render(<App />, document.getElementById('app')!);
  preloadLanguages();
}

void boot();
