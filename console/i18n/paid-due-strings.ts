// "Paid but still due" (issue 19, docs/paid-still-due.md), in English and Hindi: spread into the
// money section's words, whose view it is.
import type { Lang } from '../../shared/errors.js';

export const PAID_DUE_STRINGS = {
  moneyView_paidDue: { en: 'Paid but still due', hi: 'भुगतान हुआ, फिर भी बकाया' },
  paidDueTitle: { en: 'Paid but still due: what the consumer master has not taken in', hi: 'भुगतान हुआ, फिर भी बकाया: जो उपभोक्ता सूची ने नहीं लिया' },
  paidDueIntro: {
    en: 'Each import of the consumer master is checked: accounts whose bill did not go down by what was paid at the counters since the previous import of that bill (voided payments and returned cheques not counted), and payments to accounts the master does not know. Open an account to see its receipts.',
    hi: 'उपभोक्ता सूची के हर आयात की जाँच होती है: वे खाते जिनका बिल, उसी बिल के पिछले आयात के बाद काउंटरों पर हुए भुगतान जितना कम नहीं हुआ (रद्द भुगतान और लौटे चेक नहीं गिने जाते), और उन खातों में भुगतान जिन्हें सूची नहीं जानती। रसीदें देखने के लिए खाता खोलें।',
  },
  paidDueCheck: { en: 'Import checked', hi: 'जाँचा गया आयात' },
  paidDueCheckOption: { en: '{at} — {subject} ({accounts} accounts, {unknown} unknown)', hi: '{at} — {subject} ({accounts} खाते, {unknown} अज्ञात)' },
  paidDueNone: { en: 'No consumer master has been imported yet.', hi: 'अभी तक कोई उपभोक्ता सूची आयात नहीं हुई है।' },
  paidDueSummary: {
    en: 'Checked {at} by {by}: {records} records; {accounts} accounts still due after payment ({shortfall} more than should be); {unknown} payments to accounts not in the master ({unknownAmount}).',
    hi: '{at} को {by} द्वारा जाँचा गया: {records} रिकॉर्ड; भुगतान के बाद भी बकाया {accounts} खाते (होने से {shortfall} अधिक); सूची में न होने वाले खातों में {unknown} भुगतान ({unknownAmount})।',
  },
  paidDueAccountsTitle: { en: 'Accounts still due after payment ({count})', hi: 'भुगतान के बाद भी बकाया खाते ({count})' },
  paidDueAccountsNone: { en: 'Every bill went down by what was paid on it.', hi: 'हर बिल उस पर हुए भुगतान जितना कम हुआ।' },
  paidDueUnknownTitle: { en: 'Payments to accounts not in the master ({count})', hi: 'सूची में न होने वाले खातों में भुगतान ({count})' },
  paidDueUnknownNone: { en: 'Every payment is to an account the master knows.', hi: 'हर भुगतान ऐसे खाते में है जिसे सूची जानती है।' },
  paidDueTotal: { en: 'Total', hi: 'कुल' },
  paidDueReceipts: { en: 'Receipts of {account}', hi: '{account} की रसीदें' },
  col_bill: { en: 'Bill', hi: 'बिल' },
  col_previousDue: { en: 'Previous due', hi: 'पिछला बकाया' },
  col_paidSince: { en: 'Paid since', hi: 'तब से भुगतान' },
  col_newDue: { en: 'New due', hi: 'नया बकाया' },
  col_shortfall: { en: 'Due more than should be', hi: 'जितना होना चाहिए उससे अधिक बकाया' },
  col_reachedCentre: { en: 'Reached the centre', hi: 'केंद्र पहुँचा' },
  col_businessDate: { en: 'Business date', hi: 'कारोबारी तिथि' },
} as const satisfies Record<string, Record<Lang, string>>;
