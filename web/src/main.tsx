import { render } from 'preact';
import { App } from './app';
import { setLanguage, storedLanguage } from './i18n';
import './styles.css';

async function boot() {
  if (storedLanguage() === 'en') await setLanguage('en').catch(() => undefined);
  render(<App />, document.getElementById('app')!);
}

void boot();
