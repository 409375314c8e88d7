/**
 * The translations feature's public entry: its strings (the workspace nav shows `translations.nav`) and the lazy
 * admin page for the workspace's texts per language.
 */
import './translationStrings';

export const loadTranslationsPage = () => import('./TranslationsPage');
