// Why the desktop host will not start, in English and Hindi: shown in a dialog and as one line on
// stderr, then the app exits. These are the host's own words (key vault, data folder, native
// modules); what the core refuses comes as a CounterfoilError with its own bilingual text.

const REFUSALS = {
  VAULT_UNAVAILABLE: {
    en: 'The operating system offers no protected key store (safeStorage is unavailable), so the terminal key cannot be kept encrypted. Sign in to a desktop session with a keyring (GNOME Keyring, KWallet), then start again.',
    hi: 'ऑपरेटिंग सिस्टम में सुरक्षित की-स्टोर (safeStorage) उपलब्ध नहीं है, इसलिए टर्मिनल की कुंजी एन्क्रिप्ट करके नहीं रखी जा सकती। कीरिंग (GNOME Keyring, KWallet) वाले डेस्कटॉप सत्र में साइन इन करके फिर शुरू करें।',
  },
  VAULT_PLAINTEXT: {
    en: 'The only key store here is the plain-text fallback ({backend}): the terminal key would be kept unencrypted. Install and unlock GNOME Keyring or KWallet, then start again.',
    hi: 'यहाँ केवल सादा-पाठ की-स्टोर ({backend}) है: टर्मिनल की कुंजी बिना एन्क्रिप्शन के रहती। GNOME Keyring या KWallet इंस्टॉल और अनलॉक करके फिर शुरू करें।',
  },
  VAULT_UNREADABLE: {
    en: 'The terminal key vault {file} cannot be opened: it was altered, or it belongs to another user or computer ({detail}). Nothing was recorded. Call the supervisor.',
    hi: 'टर्मिनल की कुंजी-तिजोरी {file} नहीं खुल रही: इसे बदला गया है, या यह किसी अन्य उपयोगकर्ता या कंप्यूटर की है ({detail})। कुछ दर्ज नहीं हुआ। पर्यवेक्षक को बुलाएँ।',
  },
  VAULT_CONFLICT: {
    en: 'The data folder {dir} holds both a key vault and a different plain key file ({pem}). Counterfoil will not choose between them. Call the supervisor.',
    hi: 'डेटा फ़ोल्डर {dir} में कुंजी-तिजोरी और एक अलग सादी कुंजी फ़ाइल ({pem}) दोनों हैं। Counterfoil इनमें से चुनाव नहीं करेगा। पर्यवेक्षक को बुलाएँ।',
  },
  VAULT_NO_KEY: {
    en: 'The data folder {dir} holds a ledger but no terminal key ({enc} or {pem}). Restore the key from its backup; do not make a new one for this ledger.',
    hi: 'डेटा फ़ोल्डर {dir} में लेजर है पर टर्मिनल की कुंजी ({enc} या {pem}) नहीं है। कुंजी बैकअप से वापस लाएँ; इस लेजर के लिए नई कुंजी न बनाएँ।',
  },
  KEY_MISMATCH: {
    en: 'The key in {dir} is not this terminal’s key (the ledger names key {expected}, the vault holds {found}). Nothing was recorded. Call the supervisor.',
    hi: '{dir} की कुंजी इस टर्मिनल की नहीं है (लेजर में कुंजी {expected}, तिजोरी में {found})। कुछ दर्ज नहीं हुआ। पर्यवेक्षक को बुलाएँ।',
  },
  NO_TERMINAL: {
    en: 'No terminal in {dir}. Make one with `counterfoil --data {dir} init …`, or start with --demo for a demo terminal.',
    hi: '{dir} में कोई टर्मिनल नहीं है। `counterfoil --data {dir} init …` से बनाएँ, या डेमो टर्मिनल के लिए --demo से शुरू करें।',
  },
  NATIVE_MODULE_ABI: {
    en: 'better-sqlite3 is built for Node, not for this Electron ({detail}). Rebuild it for Electron (npx @electron/rebuild -f -w better-sqlite3; `npm rebuild better-sqlite3` goes back to Node), or run the web shell: npm run start:web -- --data DIR.',
    hi: 'better-sqlite3 Node के लिए बना है, इस Electron के लिए नहीं ({detail})। इसे Electron के लिए फिर से बनाएँ (npx @electron/rebuild -f -w better-sqlite3), या वेब शेल चलाएँ: npm run start:web -- --data DIR।',
  },
  BAD_ARGUMENTS: {
    en: 'Cannot start: {detail}. Usage: counterfoil-desktop [--data DIR] [--demo] [--upstream URL --code CODE] [--printer tcp://HOST:PORT]',
    hi: 'शुरू नहीं हो सका: {detail}। उपयोग: counterfoil-desktop [--data DIR] [--demo] [--upstream URL --code CODE] [--printer tcp://HOST:PORT]',
  },
  START_FAILED: {
    en: 'Counterfoil could not start: {detail}',
    hi: 'Counterfoil शुरू नहीं हो सका: {detail}',
  },
} as const satisfies Record<string, { en: string; hi: string }>;

export type RefusalCode = keyof typeof REFUSALS;

const fill = (text: string, params: Record<string, string>): string =>
  text.replace(/\{(\w+)\}/g, (m, k: string) => params[k] ?? m);

/** The host will not start, and says why in both languages. */
export class HostRefusal extends Error {
  readonly en: string;
  readonly hi: string;

  constructor(readonly code: RefusalCode, params: Record<string, string> = {}) {
    const en = fill(REFUSALS[code].en, params);
    super(en);
    this.name = 'HostRefusal';
    this.en = en;
    this.hi = fill(REFUSALS[code].hi, params);
  }

  /** One line for stderr: the code, then English / Hindi. */
  line(): string {
    return `counterfoil: ${this.code}: ${this.en} / ${this.hi}`;
  }
}
