// The server's refusals in the console's words, from their code (console/api/client.ts keeps the
// code). A code with no words here is shown with the server's English message, said to be so.
import { istDateTime } from '../../shared/dates.js';
import type { Lang } from '../../shared/errors.js';
import type { ApiError } from '../api/client.js';

const ERRORS = {
  bad_credentials: { en: 'Wrong name, password or code.', hi: 'नाम, पासवर्ड या कोड गलत है।' },
  locked: {
    en: 'Too many wrong sign-ins: this name is locked until {until} IST.',
    hi: 'बहुत बार गलत प्रवेश: यह नाम {until} IST तक लॉक है।',
  },
  rate_limited: {
    en: 'Too many refused attempts from this computer: wait a few minutes and try again.',
    hi: 'इस कंप्यूटर से बहुत से प्रयास अस्वीकार हुए: कुछ मिनट रुककर फिर प्रयास करें।',
  },
  no_session: { en: 'Your session has ended. Sign in again.', hi: 'आपका सत्र समाप्त हो गया है। फिर से प्रवेश करें।' },
  bad_setup: {
    en: 'This set-up link has been used or has expired. Ask an administrator for a new one.',
    hi: 'यह सेट-अप लिंक इस्तेमाल हो चुका है या उसकी अवधि समाप्त हो गई है। प्रशासक से नया लिंक माँगें।',
  },
  bad_totp: {
    en: 'That code is not the one the authenticator app shows now. Check the app’s clock and type the current code.',
    hi: 'यह कोड वह नहीं है जो ऑथेंटिकेटर ऐप अभी दिखा रहा है। ऐप की घड़ी जाँचें और अभी का कोड लिखें।',
  },
  bad_replacement: {
    en: 'That terminal cannot be replaced at this counter: {message}',
    hi: 'इस काउंटर पर उस टर्मिनल को नहीं बदला जा सकता: {message}',
  },
  invalid_body: { en: 'The server refused what was sent: {message}', hi: 'सर्वर ने भेजी गई जानकारी अस्वीकार की: {message}' },
  last_admin: {
    en: 'This is the last active administrator: make another administrator first.',
    hi: 'यह अंतिम सक्रिय प्रशासक है: पहले किसी और को प्रशासक बनाएँ।',
  },
  user_exists: { en: 'A user with this name already exists.', hi: 'इस नाम का उपयोगकर्ता पहले से है।' },
  no_user: { en: 'There is no such user.', hi: 'ऐसा कोई उपयोगकर्ता नहीं है।' },
  no_alert: { en: 'There is no such alert.', hi: 'ऐसी कोई चेतावनी नहीं है।' },
  already_resolved: { en: 'Someone has already resolved this alert. The list is reloaded.', hi: 'यह चेतावनी पहले ही किसी ने सुलझा दी है। सूची फिर से लोड की गई।' },
  bad_range: { en: 'The dates are not a valid range for this terminal: {message}', hi: 'ये तिथियाँ इस टर्मिनल के लिए सही अवधि नहीं हैं: {message}' },
  no_terminal: { en: 'There is no such terminal.', hi: 'ऐसा कोई टर्मिनल नहीं है।' },
  invalid_range: { en: 'These dates cannot make an audit pack: {message}', hi: 'इन तिथियों से ऑडिट पैक नहीं बन सकता: {message}' },
  empty_range: { en: 'The centre holds nothing of this terminal on these days.', hi: 'इन दिनों का इस टर्मिनल का कुछ भी केंद्र के पास नहीं है।' },
  forbidden: { en: 'Your role may not do this.', hi: 'आपकी भूमिका में यह कार्य नहीं है।' },
  cross_origin: { en: 'Refused: the request did not come from this console’s own page.', hi: 'अस्वीकार: अनुरोध इसी कंसोल के पेज से नहीं आया।' },
  network: { en: 'The central server did not answer. Check the network and try again.', hi: 'केंद्रीय सर्वर से उत्तर नहीं मिला। नेटवर्क जाँचें और फिर प्रयास करें।' },
  internal: { en: 'The server failed. Try again; if it repeats, tell the server’s operator.', hi: 'सर्वर में गड़बड़ी हुई। फिर प्रयास करें; बार-बार हो तो सर्वर संचालक को बताएँ।' },
  invalid_query: { en: 'The server refused this report: {message}', hi: 'सर्वर ने यह रिपोर्ट अस्वीकार की: {message}' },
  body_too_large: { en: 'The file is too large for the centre: {message}', hi: 'फ़ाइल केंद्र के लिए बहुत बड़ी है: {message}' },
  no_import: { en: 'The centre no longer knows this import (it was restarted, or many imports followed). Check the admin log.', hi: 'केंद्र को अब यह आयात ज्ञात नहीं है (सर्वर फिर से शुरू हुआ, या कई आयात बाद में हुए)। प्रशासन लॉग देखें।' },
  changed: { en: 'The figures have changed since they were shown; look again: {message}', hi: 'दिखाए जाने के बाद आँकड़े बदल गए हैं; फिर से देखें: {message}' },
  no_counter_day: { en: 'There is no such counter-day: {message}', hi: 'ऐसा कोई काउंटर-दिन नहीं है: {message}' },
  no_entry: { en: 'That bank entry cannot carry a slip: {message}', hi: 'वह बैंक प्रविष्टि किसी पर्ची की नहीं हो सकती: {message}' },
  entry_explained: { en: 'Someone has already matched that bank entry: {message}', hi: 'उस बैंक प्रविष्टि का मिलान पहले ही हो चुका है: {message}' },
  no_slip: { en: 'There is no such deposit slip: {message}', hi: 'ऐसी कोई जमा पर्ची नहीं है: {message}' },
  not_found: { en: 'The server does not have this yet (a newer server may).', hi: 'सर्वर में यह अभी नहीं है (नए सर्वर में हो सकता है)।' },
} as const satisfies Record<string, Record<Lang, string>>;

const OTHER = { en: 'Refused ({code}): {message}', hi: 'अस्वीकार ({code}): {message}' } as const;

export function errorIn(e: ApiError, lang: Lang): string {
  const words = (ERRORS as Record<string, Record<Lang, string>>)[e.code] ?? OTHER;
  const until = e.lockedUntil ? istDateTime(new Date(e.lockedUntil)) : '';
  return words[lang].replace('{until}', until).replace('{code}', e.code).replace('{message}', e.message);
}
