// Amounts in words as Indian receipts write them: lakh and crore, never million.
import type { Paise } from './money.js';

const EN_ONES = [
  '', 'One', 'Two', 'Three', 'Four', 'Five', 'Six', 'Seven', 'Eight', 'Nine', 'Ten', 'Eleven',
  'Twelve', 'Thirteen', 'Fourteen', 'Fifteen', 'Sixteen', 'Seventeen', 'Eighteen', 'Nineteen',
];
const EN_TENS = ['', '', 'Twenty', 'Thirty', 'Forty', 'Fifty', 'Sixty', 'Seventy', 'Eighty', 'Ninety'];

// Hindi has a distinct word for each number below a hundred.
const HI_0_99 = (
  'शून्य एक दो तीन चार पाँच छह सात आठ नौ दस ग्यारह बारह तेरह चौदह पंद्रह सोलह सत्रह अठारह उन्नीस ' +
  'बीस इक्कीस बाईस तेईस चौबीस पच्चीस छब्बीस सत्ताईस अट्ठाईस उनतीस तीस इकतीस बत्तीस तैंतीस चौंतीस ' +
  'पैंतीस छत्तीस सैंतीस अड़तीस उनतालीस चालीस इकतालीस बयालीस तैंतालीस चौवालीस पैंतालीस छियालीस ' +
  'सैंतालीस अड़तालीस उनचास पचास इक्यावन बावन तिरेपन चौवन पचपन छप्पन सत्तावन अट्ठावन उनसठ साठ ' +
  'इकसठ बासठ तिरसठ चौंसठ पैंसठ छियासठ सड़सठ अड़सठ उनहत्तर सत्तर इकहत्तर बहत्तर तिहत्तर चौहत्तर ' +
  'पचहत्तर छिहत्तर सतहत्तर अठहत्तर उन्यासी अस्सी इक्यासी बयासी तिरासी चौरासी पचासी छियासी सत्तासी ' +
  'अट्ठासी नवासी नब्बे इक्यानबे बानबे तिरानबे चौरानबे पंचानबे छियानबे सत्तानबे अट्ठानबे निन्यानबे'
).split(' ');

interface Lexicon {
  below100(n: number): string;
  hundred: string;
  thousand: string;
  lakh: string;
  crore: string;
}

const EN: Lexicon = {
  below100: (n) => (n < 20 ? EN_ONES[n]! : EN_TENS[Math.floor(n / 10)]! + (n % 10 ? `-${EN_ONES[n % 10]}` : '')),
  hundred: 'Hundred',
  thousand: 'Thousand',
  lakh: 'Lakh',
  crore: 'Crore',
};

const HI: Lexicon = {
  below100: (n) => HI_0_99[n]!,
  hundred: 'सौ',
  thousand: 'हज़ार',
  lakh: 'लाख',
  crore: 'करोड़',
};

/** Words for a positive integer in the Indian system; crores above 99 recurse ("One Hundred Crore"). */
function integerWords(n: number, lex: Lexicon): string[] {
  const words: string[] = [];
  const crore = Math.floor(n / 1_00_00_000);
  let rest = n % 1_00_00_000;
  if (crore > 0) words.push(...integerWords(crore, lex), lex.crore);
  const parts: [number, string][] = [
    [Math.floor(rest / 1_00_000), lex.lakh],
    [Math.floor((rest %= 1_00_000) / 1_000), lex.thousand],
    [Math.floor((rest %= 1_000) / 100), lex.hundred],
  ];
  for (const [count, unit] of parts) if (count > 0) words.push(lex.below100(count), unit);
  if (rest % 100 > 0) words.push(lex.below100(rest % 100));
  return words;
}

/** "Rupees One Lakh Twenty-Three Thousand Four Hundred Fifty-Six and Fifty Paise Only". */
export function amountInWordsEn(amount: Paise): string {
  if (amount < 0) throw new RangeError('amount in words is for non-negative amounts');
  const r = Math.floor(amount / 100);
  const p = amount % 100;
  const rupeesPart = r > 0 ? `Rupees ${integerWords(r, EN).join(' ')}` : '';
  const paisePart = p > 0 ? `${EN.below100(p)} Paise` : '';
  if (!rupeesPart && !paisePart) return 'Rupees Zero Only';
  return `${[rupeesPart, paisePart].filter(Boolean).join(' and ')} Only`;
}

/** "एक लाख तेईस हज़ार चार सौ छप्पन रुपये और पचास पैसे मात्र". */
export function amountInWordsHi(amount: Paise): string {
  if (amount < 0) throw new RangeError('amount in words is for non-negative amounts');
  const r = Math.floor(amount / 100);
  const p = amount % 100;
  const rupeesPart = r > 0 ? `${integerWords(r, HI).join(' ')} रुपये` : '';
  const paisePart = p > 0 ? `${HI.below100(p)} पैसे` : '';
  if (!rupeesPart && !paisePart) return 'शून्य रुपये मात्र';
  return `${[rupeesPart, paisePart].filter(Boolean).join(' और ')} मात्र`;
}
