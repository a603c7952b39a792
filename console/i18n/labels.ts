// Names of things the server sends as codes — alert kinds, admin-log actions, the money matching
// rules, provider lines' states and an import's refusal — in both languages. A code added on the server before it has words here is shown as the code itself.
import type { Lang } from '../../shared/errors.js';

type Words = Record<string, Record<Lang, string>>;

const ALERT_KINDS: Words = {
  fork: { en: 'Fork: two different signed events at one seq', hi: 'फ़ोर्क: एक क्रमांक पर दो अलग हस्ताक्षरित प्रविष्टियाँ' },
  revoked: { en: 'Terminal revoked', hi: 'टर्मिनल निरस्त' },
  ingest_failed: { en: 'The centre could not store a batch', hi: 'केंद्र एक बैच सहेज नहीं सका' },
  revoked_upload: { en: 'Upload from a revoked terminal', hi: 'निरस्त टर्मिनल से भेजा गया डेटा' },
  late_entry: { en: 'Payment after the day was closed', hi: 'दिन बंद होने के बाद भुगतान' },
  clock_ahead: { en: 'Terminal clock ahead', hi: 'टर्मिनल की घड़ी आगे' },
  clock_backwards: { en: 'Terminal clock went backwards', hi: 'टर्मिनल की घड़ी पीछे गई' },
  refusals_limited: { en: 'Too many refused uploads', hi: 'बहुत से अस्वीकार अपलोड' },
  enroll_guessing: { en: 'Enrollment codes being guessed', hi: 'जोड़ने के कोड का अनुमान लगाया जा रहा है' },
  console_lockout: { en: 'Console name locked after wrong sign-ins', hi: 'गलत प्रवेश के बाद कंसोल नाम लॉक' },
  console_guessing: { en: 'Console sign-ins being guessed', hi: 'कंसोल प्रवेश का अनुमान लगाया जा रहा है' },
  postings_key_guessing: { en: 'Postings feed keys being guessed', hi: 'पोस्टिंग फ़ीड की कुंजियों का अनुमान लगाया जा रहा है' },
  gap: { en: 'Upload with a gap', hi: 'बीच में छूटी प्रविष्टियों वाला अपलोड' },
  malformed: { en: 'Malformed upload', hi: 'गलत रूप का अपलोड' },
  bad_signature: { en: 'Upload with a bad signature', hi: 'गलत हस्ताक्षर वाला अपलोड' },
  chain: { en: 'Upload that breaks the chain', hi: 'शृंखला तोड़ने वाला अपलोड' },
  bad_rotation: { en: 'Bad key change', hi: 'गलत कुंजी बदलाव' },
};

const ADMIN_ACTIONS: Words = {
  'enroll-code.issued': { en: 'Enrollment code issued', hi: 'जोड़ने का कोड बनाया' },
  'terminal.revoked': { en: 'Terminal revoked', hi: 'टर्मिनल निरस्त किया' },
  'consumers.imported': { en: 'Consumers imported', hi: 'उपभोक्ता सूची आयात की' },
  'consumers.seeded': { en: 'Demo consumers added', hi: 'नमूना उपभोक्ता जोड़े' },
  'bundle.imported': { en: 'Journal bundle imported', hi: 'जर्नल बंडल आयात किया' },
  'user.created': { en: 'User created', hi: 'उपयोगकर्ता बनाया' },
  'user.setup-completed': { en: 'User set up their password', hi: 'उपयोगकर्ता ने पासवर्ड बनाया' },
  'user.role-changed': { en: 'Role changed', hi: 'भूमिका बदली' },
  'user.disabled': { en: 'User disabled', hi: 'उपयोगकर्ता निष्क्रिय किया' },
  'user.enabled': { en: 'User enabled', hi: 'उपयोगकर्ता सक्रिय किया' },
  'user.reset': { en: 'User reset (new set-up link)', hi: 'उपयोगकर्ता रीसेट (नया सेट-अप लिंक)' },
  'alert.acknowledged': { en: 'Alert acknowledged', hi: 'चेतावनी देखी गई' },
  'alert.resolved': { en: 'Alert resolved', hi: 'चेतावनी सुलझाई गई' },
  'terminal.out-of-service': { en: 'Declared out of service', hi: 'सेवा से बाहर घोषित' },
  'statement.imported': { en: 'Bank statement imported', hi: 'बैंक विवरण आयात किया' },
  'settlement.imported': { en: 'Settlement report imported', hi: 'निपटान रिपोर्ट आयात की' },
  'money.accepted': { en: 'Money difference accepted', hi: 'धनराशि का अंतर स्वीकार किया' },
  'money.matched': { en: 'Bank entry matched by hand', hi: 'बैंक प्रविष्टि हाथ से मिलाई' },
  'money.settings-changed': { en: 'Reconciliation settings changed', hi: 'मिलान की सेटिंग बदली' },
  'money.mapping-saved': { en: 'Column mapping saved', hi: 'कॉलम मैपिंग सहेजी' },
  'audit.pack-made': { en: 'Audit pack made', hi: 'ऑडिट पैक बनाया' },
  'postings.client-made': { en: 'Postings client key made', hi: 'पोस्टिंग क्लाइंट की कुंजी बनाई' },
  'postings.client-revoked': { en: 'Postings client key revoked', hi: 'पोस्टिंग क्लाइंट की कुंजी निरस्त की' },
};

/** How a bank entry was matched (upstream/money/match-statement.ts names each match's rule). */
const RULES: Words = {
  slip: { en: 'slip number', hi: 'पर्ची संख्या' },
  'batch-ref': { en: 'settlement batch reference', hi: 'निपटान बैच संदर्भ' },
  'cheque-number': { en: 'cheque number', hi: 'चेक संख्या' },
  'amount-date': { en: 'amount and date', hi: 'राशि और तिथि' },
  'net-amount-date': { en: 'net amount and date', hi: 'शुद्ध राशि और तिथि' },
  manual: { en: 'by hand', hi: 'हाथ से' },
};

/** A provider's settlement line as matched against the payments (upstream/money/reconcile.ts). */
const SETTLEMENT_STATES: Words = {
  matched: { en: 'matched', hi: 'मिलान हुआ' },
  pending: { en: 'not matched yet', hi: 'अभी मिलान नहीं' },
  unknown: { en: 'no such payment', hi: 'ऐसा कोई भुगतान नहीं' },
  duplicate: { en: 'settled twice', hi: 'दो बार निपटान' },
  'amount-mismatch': { en: 'another amount than paid', hi: 'भुगतान से अलग राशि' },
  'settled-voided': { en: 'a voided payment settled', hi: 'रद्द भुगतान का निपटान' },
};

/** Why a statement or settlement file was refused, before the server's own words. */
const IMPORT_PROBLEMS: Words = {
  too_large: { en: 'The file is too large.', hi: 'फ़ाइल बहुत बड़ी है।' },
  not_text: { en: 'The file is not text.', hi: 'फ़ाइल टेक्स्ट नहीं है।' },
  malformed: { en: 'The file is not well formed.', hi: 'फ़ाइल सही रूप में नहीं है।' },
  unknown_layout: { en: 'The file’s columns are not the saved mapping’s.', hi: 'फ़ाइल के कॉलम सहेजी गई मैपिंग से मेल नहीं खाते।' },
  unbalanced: { en: 'The balances do not add up.', hi: 'शेष राशियों का जोड़ सही नहीं है।' },
  bad_line: { en: 'A line cannot be read.', hi: 'एक पंक्ति पढ़ी नहीं जा सकी।' },
  not_inr: { en: 'The file is not in rupees.', hi: 'फ़ाइल रुपये में नहीं है।' },
  many_statements: { en: 'The file holds more than one statement.', hi: 'फ़ाइल में एक से अधिक विवरण हैं।' },
  empty: { en: 'The file has no entries.', hi: 'फ़ाइल में कोई प्रविष्टि नहीं है।' },
  overlap: { en: 'It says something else than a statement already held, on the dates they share.', hi: 'साझा तिथियों पर यह पहले से रखे विवरण से कुछ और कहती है।' },
};

export const alertKindIn = (kind: string, lang: Lang): string => ALERT_KINDS[kind]?.[lang] ?? kind;
export const adminActionIn = (action: string, lang: Lang): string => ADMIN_ACTIONS[action]?.[lang] ?? action;
export const ruleIn = (rule: string, lang: Lang): string => RULES[rule]?.[lang] ?? rule;
export const settlementStateIn = (state: string, lang: Lang): string => SETTLEMENT_STATES[state]?.[lang] ?? state;
export const importProblemIn = (code: string, lang: Lang): string => IMPORT_PROBLEMS[code]?.[lang] ?? (lang === 'hi' ? 'फ़ाइल अस्वीकार हुई।' : 'The file was refused.');
