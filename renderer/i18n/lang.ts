// The screen's language: Hindi first (the cashier's), switched with one key and remembered.
import { create } from 'zustand';
import type { Lang } from '../../shared/errors.js';
import { text, type StringKey } from './strings.js';

const KEY = 'counterfoil.lang';

interface LangState {
  lang: Lang;
  toggle(): void;
}

export const useLang = create<LangState>((set, get) => ({
  lang: (typeof localStorage !== 'undefined' && localStorage.getItem(KEY) === 'en' ? 'en' : 'hi') as Lang,
  toggle() {
    const lang: Lang = get().lang === 'hi' ? 'en' : 'hi';
    localStorage.setItem(KEY, lang);
    document.documentElement.lang = lang;
    set({ lang });
  },
}));

/** `t('record')` in the current language. */
export function useT(): (key: StringKey, params?: Record<string, string | number>) => string {
  const lang = useLang((s) => s.lang);
  return (key, params) => text(key, lang, params);
}
