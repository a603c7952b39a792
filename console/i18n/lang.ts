// The console's language: English first (central staff), Hindi one click away, remembered.
import { create } from 'zustand';
import type { Lang } from '../../shared/errors.js';
import { text, type StringKey } from './strings.js';

const KEY = 'counterfoil.console.lang';

interface LangState {
  lang: Lang;
  toggle(): void;
}

const remembered = (): Lang => (typeof localStorage !== 'undefined' && localStorage.getItem(KEY) === 'hi' ? 'hi' : 'en');

export const useLang = create<LangState>((set, get) => ({
  lang: remembered(),
  toggle() {
    const lang: Lang = get().lang === 'hi' ? 'en' : 'hi';
    localStorage.setItem(KEY, lang);
    document.documentElement.lang = lang;
    set({ lang });
  },
}));

export type T = (key: StringKey, params?: Record<string, string | number>) => string;

/** `t('signIn')` in the current language. */
export function useT(): T {
  const lang = useLang((s) => s.lang);
  return (key, params) => text(key, lang, params);
}
