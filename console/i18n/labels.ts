// Names of things the server sends as codes — alert kinds and admin-log actions — in both
// languages. A code added on the server before it has words here is shown as the code itself.
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
};

export const alertKindIn = (kind: string, lang: Lang): string => ALERT_KINDS[kind]?.[lang] ?? kind;
export const adminActionIn = (action: string, lang: Lang): string => ADMIN_ACTIONS[action]?.[lang] ?? action;
