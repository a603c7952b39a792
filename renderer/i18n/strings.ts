// Every word the screens show, in Hindi and English (CONTEXT.md's words). Errors come from
// shared/errors.ts instead, so the core's refusal and the screen's inline message read the same.
import { errorText, type AppError, type ErrorCode, type Lang } from '../../shared/errors.js';

const STRINGS = {
  appTitle: { hi: 'बिल जमा काउंटर', en: 'Bill payment counter' },
  language: { hi: 'English', en: 'हिन्दी' },
  user: { hi: 'उपयोगकर्ता', en: 'User' },
  pin: { hi: 'पिन', en: 'PIN' },
  login: { hi: 'प्रवेश करें', en: 'Log in' },
  logout: { hi: 'बाहर निकलें', en: 'Log out' },
  lockedIdle: { hi: 'निष्क्रियता के कारण स्क्रीन लॉक हुई। फिर से प्रवेश करें।', en: 'Locked after a while without use. Log in again.' },
  openShift: { hi: 'पाली खोलें', en: 'Open shift' },
  openingFloat: { hi: 'प्रारंभिक नकद (फ़्लोट)', en: 'Opening cash (float)' },
  shiftOpenHint: { hi: 'गल्ले में रखी शुरुआती नकदी दर्ज करें।', en: 'Enter the cash in the drawer at the start.' },
  search: { hi: 'खोजें: खाता / मीटर / नाम / मोबाइल', en: 'Search: account / meter / name / mobile' },
  searchHint: { hi: 'कम से कम 3 अक्षर', en: 'at least 3 characters' },
  noResults: { hi: 'कोई उपभोक्ता नहीं मिला', en: 'No consumer found' },
  payUnknown: { hi: 'इस खाता संख्या पर भुगतान लें', en: 'Take a payment for this account number' },
  consumer: { hi: 'उपभोक्ता', en: 'Consumer' },
  accountNo: { hi: 'खाता संख्या', en: 'Account no.' },
  meterNo: { hi: 'मीटर संख्या', en: 'Meter no.' },
  amountDue: { hi: 'बकाया राशि', en: 'Amount due' },
  dueDate: { hi: 'देय तिथि', en: 'Due date' },
  billNo: { hi: 'बिल संख्या', en: 'Bill no.' },
  notInList: { hi: 'सूची में नहीं — खाता संख्या जाँच लें', en: 'Not in the list — check the account number' },
  mode: { hi: 'भुगतान का तरीका', en: 'Payment mode' },
  cash: { hi: 'नकद', en: 'Cash' },
  cheque: { hi: 'चेक', en: 'Cheque' },
  dd: { hi: 'डीडी', en: 'DD' },
  upi: { hi: 'यूपीआई', en: 'UPI' },
  card: { hi: 'कार्ड', en: 'Card' },
  amount: { hi: 'राशि (₹)', en: 'Amount (₹)' },
  chequeNo: { hi: 'चेक / डीडी संख्या (6 अंक)', en: 'Cheque / DD no. (6 digits)' },
  bank: { hi: 'बैंक', en: 'Bank' },
  instrumentDate: { hi: 'चेक / डीडी की तिथि', en: 'Cheque / DD date' },
  utr: { hi: 'यूटीआर (12 अंक)', en: 'UTR (12 digits)' },
  last4: { hi: 'कार्ड के अंतिम 4 अंक', en: 'Card last 4 digits' },
  approval: { hi: 'अनुमोदन कोड (6)', en: 'Approval code (6)' },
  review: { hi: 'जाँचें', en: 'Review' },
  confirmTitle: { hi: 'भुगतान की पुष्टि करें', en: 'Confirm the payment' },
  amountInWords: { hi: 'राशि (शब्दों में)', en: 'Amount (in words)' },
  record: { hi: 'दर्ज करें और रसीद छापें', en: 'Record and print receipt' },
  back: { hi: 'वापस', en: 'Back' },
  recording: { hi: 'दर्ज हो रहा है…', en: 'Recording…' },
  recorded: { hi: 'भुगतान दर्ज हुआ', en: 'Payment recorded' },
  receiptNo: { hi: 'रसीद संख्या', en: 'Receipt no.' },
  nextConsumer: { hi: 'अगला उपभोक्ता', en: 'Next consumer' },
  shiftAutoOpened: { hi: 'आपकी पाली खोली गई (फ़्लोट ₹0)', en: 'Your shift was opened (float ₹0)' },
  receiptPreview: { hi: 'रसीद का पूर्वावलोकन', en: 'Receipt preview' },
  printQueued: { hi: 'छपाई कतार में', en: 'Waiting to print' },
  printed: { hi: 'रसीद छपी', en: 'Receipt printed' },
  syncOnline: { hi: 'ऑनलाइन', en: 'Online' },
  syncOffline: { hi: 'ऑफ़लाइन — केंद्र से पुष्टि बाकी', en: 'Offline — central confirmation pending' },
  syncDegraded: { hi: 'केंद्र से समस्या', en: 'Central server trouble' },
  syncNotEnrolled: { hi: 'केंद्र से नहीं जुड़ा', en: 'Not enrolled' },
  syncStopped: { hi: 'भेजना रुका — पर्यवेक्षक को बुलाएँ', en: 'Sending stopped — call the supervisor' },
  queue: { hi: 'भेजना बाकी', en: 'To send' },
  oldest: { hi: 'सबसे पुराना', en: 'oldest' },
  printer: { hi: 'प्रिंटर', en: 'Printer' },
  sendNow: { hi: 'अभी भेजें', en: 'Send now' },
  clockSkew: { hi: 'घड़ी केंद्र से {minutes} मिनट अलग है', en: 'Clock is {minutes} min off the central server' },
  shortcuts: { hi: 'शॉर्टकट', en: 'Shortcuts' },
} as const satisfies Record<string, Record<Lang, string>>;

export type StringKey = keyof typeof STRINGS;

export function text(key: StringKey, lang: Lang, params: Record<string, string | number> = {}): string {
  return STRINGS[key][lang].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** An error from the core (or an inline rule) in the screen's language. */
export function errorIn(e: AppError, lang: Lang): string {
  return errorText(e.code as ErrorCode, e.params ?? {}, lang);
}
