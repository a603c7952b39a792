// Deterministic demo consumers: plausible Kanpur names, localities, meters, bills and dues.
// The same seed and count always give the same consumers, so demos and benchmarks repeat.
import type { ConsumerRecord } from './consumer-record.js';

const FIRST: [string, string][] = [
  ['Ramesh', 'रमेश'], ['Suresh', 'सुरेश'], ['Sunita', 'सुनीता'], ['Anil', 'अनिल'], ['Priya', 'प्रिया'],
  ['Mohammad', 'मोहम्मद'], ['Farida', 'फ़रीदा'], ['Rajesh', 'राजेश'], ['Kavita', 'कविता'], ['Amit', 'अमित'],
  ['Pooja', 'पूजा'], ['Sanjay', 'संजय'], ['Neha', 'नेहा'], ['Vijay', 'विजय'], ['Geeta', 'गीता'],
  ['Arun', 'अरुण'], ['Shabana', 'शबाना'], ['Deepak', 'दीपक'], ['Rekha', 'रेखा'], ['Manoj', 'मनोज'],
  ['Imran', 'इमरान'], ['Nasreen', 'नसरीन'], ['Alok', 'आलोक'], ['Meena', 'मीना'], ['Rakesh', 'राकेश'],
  ['Savita', 'सविता'], ['Harish', 'हरीश'], ['Usha', 'उषा'], ['Dinesh', 'दिनेश'], ['Kiran', 'किरण'],
  ['Gurpreet', 'गुरप्रीत'], ['Shyam', 'श्याम'], ['Asha', 'आशा'], ['Pradeep', 'प्रदीप'], ['Nirmala', 'निर्मला'],
];
const LAST: [string, string][] = [
  ['Sharma', 'शर्मा'], ['Verma', 'वर्मा'], ['Gupta', 'गुप्ता'], ['Yadav', 'यादव'], ['Mishra', 'मिश्रा'],
  ['Tiwari', 'तिवारी'], ['Srivastava', 'श्रीवास्तव'], ['Khan', 'ख़ान'], ['Siddiqui', 'सिद्दीकी'], ['Shukla', 'शुक्ला'],
  ['Pandey', 'पांडेय'], ['Agarwal', 'अग्रवाल'], ['Dwivedi', 'द्विवेदी'], ['Tripathi', 'त्रिपाठी'], ['Singh', 'सिंह'],
  ['Kushwaha', 'कुशवाहा'], ['Bajpai', 'बाजपेयी'], ['Awasthi', 'अवस्थी'], ['Saxena', 'सक्सेना'], ['Dixit', 'दीक्षित'],
  ['Ansari', 'अंसारी'], ['Katiyar', 'कटियार'], ['Sachan', 'सचान'], ['Nigam', 'निगम'], ['Kapoor', 'कपूर'],
];
const LOCALITIES: [string, string][] = [
  ['Kidwai Nagar', 'किदवई नगर'], ['Swaroop Nagar', 'स्वरूप नगर'], ['Kakadeo', 'काकादेव'], ['Govind Nagar', 'गोविंद नगर'],
  ['Civil Lines', 'सिविल लाइंस'], ['Arya Nagar', 'आर्य नगर'], ['Shastri Nagar', 'शास्त्री नगर'], ['Kalyanpur', 'कल्याणपुर'],
  ['Panki', 'पनकी'], ['Barra', 'बर्रा'], ['Yashoda Nagar', 'यशोदा नगर'], ['Juhi', 'जूही'], ['Harsh Nagar', 'हर्ष नगर'],
  ['Tilak Nagar', 'तिलक नगर'], ['Jajmau', 'जाजमऊ'], ['Chakeri', 'चकेरी'], ['Rawatpur', 'रावतपुर'], ['Naubasta', 'नौबस्ता'],
  ['Vikas Nagar', 'विकास नगर'], ['Azad Nagar', 'आज़ाद नगर'], ['Lajpat Nagar', 'लाजपत नगर'], ['Gwaltoli', 'ग्वालटोली'],
  ['Nawabganj', 'नवाबगंज'], ['Fazalganj', 'फज़लगंज'], ['Sisamau', 'सीसामऊ'], ['Gumti No. 5', 'गुमटी नं. 5'],
];

/** mulberry32: a small, fast, seedable PRNG (not for secrets). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

/** The i-th demo account number: 10 digits, stable for a given index. */
export function demoAccountNo(i: number): string {
  return String(2_100_000_000 + i * 7);
}

/** Yields `count` consumers one at a time, so a large set never sits in memory at once. */
export function* demoConsumers(count: number, opts: { seed?: number; dueDate?: string } = {}): Generator<ConsumerRecord> {
  const rand = seededRandom(opts.seed ?? 42);
  const dueDate = opts.dueDate ?? '2026-11-30';
  for (let i = 0; i < count; i++) {
    const [first, firstHi] = pick(rand, FIRST);
    const [last, lastHi] = pick(rand, LAST);
    const [locality, localityHi] = pick(rand, LOCALITIES);
    // Most bills are a few hundred to a few thousand rupees; some carry large arrears.
    const rupees = rand() < 0.05 ? 5_000 + Math.floor(rand() * 95_000) : 150 + Math.floor(rand() * 4_850);
    yield {
      accountNo: demoAccountNo(i),
      meterNo: `KE${String(10_000_000 + Math.floor(rand() * 89_999_999))}`,
      name: `${first} ${last}`,
      nameHi: `${firstHi} ${lastHi}`,
      mobile: `${pick(rand, ['6', '7', '8', '9'])}${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`,
      locality,
      localityHi,
      billNo: `B2611${String(i + 1).padStart(7, '0')}`,
      dueDate,
      amountDuePaise: rupees * 100 + (rand() < 0.3 ? Math.floor(rand() * 100) : 0),
    };
  }
}

/** Demo users printed by `init --demo-consumers`: PINs are fixed so a demo can be followed. */
export const DEMO_USERS = [
  { name: 'asha', role: 'cashier', pin: '1111' },
  { name: 'ravi', role: 'cashier', pin: '2222' },
  { name: 'meena', role: 'supervisor', pin: '909090' },
] as const;
