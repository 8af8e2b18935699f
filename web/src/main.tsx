import { render } from 'preact';
import { App } from './app';
import { preloadLanguages, setLanguage, storedLanguage } from './i18n';
import './styles.css';

async function boot() {
  if (storedLanguage() === 'en') await setLanguage('en').catch(() => undefined);
  render(<App />, document.getElementById('app')!);
  preloadLanguages();
}

void boot();
