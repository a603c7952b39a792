// Forms take noValidate, so the browser never answers in its own language with its own bubble
// (issue 16 #4, #10): a form asks this instead before it sends anything, and says the field's own
// label, in the screen's language, with the app's error.
import { appError, type AppError } from '../../shared/errors.js';

/** FIELD_REQUIRED naming the first [required] field left empty (and focusing it), or null. */
export function missingField(form: HTMLFormElement | null): AppError | null {
  if (!form) return null;
  for (const el of form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>('[required]')) {
    if (el.value.trim() !== '') continue;
    el.focus();
    const label = el.closest('label')?.firstChild?.textContent?.trim() || el.getAttribute('aria-label') || el.name;
    return appError('FIELD_REQUIRED', { field: label });
  }
  return null;
}
