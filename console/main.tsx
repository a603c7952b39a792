import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';
import { useLang } from './i18n/lang.js';
import './styles.css';

document.documentElement.lang = useLang.getState().lang;
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
