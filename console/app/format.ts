// Instants as the console shows them: dd-mm-yyyy HH:MM on the IST wall clock (shared/dates.ts).
import { istDateTime } from '../../shared/dates.js';

export const when = (iso: string | null | undefined, none = '—'): string => (iso ? istDateTime(new Date(iso)) : none);
