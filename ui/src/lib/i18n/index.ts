import { addMessages, init, locale } from 'svelte-i18n';
import { ApiError } from '../api';
import type { Localized } from '../types';
import en from './en.json';
import zhCN from './zh-CN.json';
import hotlineEn from './hotline.en.json';
import hotlineZhCN from './hotline.zh-CN.json';

export type AppLocale = 'zh-CN' | 'en';
export const LOCALES: { id: AppLocale; label: string }[] = [
  { id: 'zh-CN', label: '中文' },
  { id: 'en', label: 'English' },
];

const STORAGE_KEY = 'govhall.locale';

addMessages('zh-CN', zhCN);
addMessages('en', en);
// The 12345 hotline's texts live in their own files (one writer each).
addMessages('zh-CN', hotlineZhCN);
addMessages('en', hotlineEn);

function remembered(): AppLocale | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === 'en' || value === 'zh-CN' ? value : null;
  } catch {
    return null;
  }
}

init({ fallbackLocale: 'zh-CN', initialLocale: remembered() ?? 'zh-CN' });

locale.subscribe((value) => {
  if (value && typeof document !== 'undefined') document.documentElement.lang = value;
});

export function setLocale(value: AppLocale): void {
  locale.set(value);
  try {
    localStorage.setItem(STORAGE_KEY, value);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}

export function isEnglish(value: string | null | undefined): boolean {
  return !!value && value.startsWith('en');
}

/** Picks the API's `{ zh, en }` text for the current locale. */
export function pick(text: Localized | null | undefined, value: string | null | undefined): string {
  if (!text) return '';
  return (isEnglish(value) ? text.en : text.zh) || text.zh || text.en;
}

type Translate = (key: string, options?: { values?: Record<string, string | number> }) => string;

/** The text to show for a failed request, in the current language. */
export function errorText(error: unknown, value: string | null | undefined, t: Translate): string {
  if (error instanceof ApiError) {
    if (error.localized) return pick(error.localized, value);
    if (error.status === 0) return t('errors.network');
    return t('errors.generic', { values: { code: error.code } });
  }
  return t('errors.generic', { values: { code: 'UI' } });
}
