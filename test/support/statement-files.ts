// Writes the files the centre reads (upstream/money/statement-formats.ts) from what they should say:
// a bank statement as camt.053 XML, MT940 text or CSV in three common layouts, and a provider's
// settlement report as CSV. The parser tests read them back; the reconciliation scenario makes its
// statements with them from simulated deposits. Money is written from integer paise, digit by digit.
import { stringify } from 'csv-stringify/sync';
import type {
  CsvStatementInput, ParsedStatement, ProviderInput, SettlementReportLine, StatementCsvMapping,
} from '../../shared/bank-statement.js';
import { groupIndian } from '../../shared/money.js';

/** "123456.78" for 12345678 paise (no sign: the direction is written apart). */
const plain = (paise: number) => `${Math.floor(Math.abs(paise) / 100)}.${String(Math.abs(paise) % 100).padStart(2, '0')}`;
/** "1,23,456.78". */
const grouped = (paise: number) => `${groupIndian(String(Math.floor(Math.abs(paise) / 100)))}.${String(Math.abs(paise) % 100).padStart(2, '0')}`;
const xml = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const dmy = (d: string, sep: string) => `${d.slice(8, 10)}${sep}${d.slice(5, 7)}${sep}${d.slice(0, 4)}`;

/** The running balance after each line, from the opening balance. */
function running(s: ParsedStatement): number[] {
  let b = s.openingPaise;
  return s.lines.map((l) => (b += l.direction === 'credit' ? l.amountPaise : -l.amountPaise));
}

/**
 * camt.053.001.08 as an Indian bank writes it: the account as Othr/Id (IBAN when it looks like
 * one), OPBD and CLBD balances, each line an Ntry booked (Sts/Cd BOOK) with AcctSvcrRef and
 * AddtlNtryInf. The statement's own closing balance is written, so an unbalanced one stays so.
 */
export function camt053Of(s: ParsedStatement): string {
  const amt = (p: number) => `<Amt Ccy="INR">${plain(p)}</Amt>`;
  const ind = (p: number) => `<CdtDbtInd>${p < 0 ? 'DBIT' : 'CRDT'}</CdtDbtInd>`;
  const bal = (code: string, p: number, date: string) =>
    `      <Bal>\n        <Tp><CdOrPrtry><Cd>${code}</Cd></CdOrPrtry></Tp>\n        ${amt(p)}\n        ${ind(p)}\n        <Dt><Dt>${date}</Dt></Dt>\n      </Bal>`;
  const accountId = /^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(s.account) ? `<IBAN>${xml(s.account)}</IBAN>` : `<Othr><Id>${xml(s.account)}</Id></Othr>`;
  const entries = s.lines.map((l, i) => [
    '      <Ntry>',
    `        <NtryRef>${i + 1}</NtryRef>`,
    `        ${amt(l.amountPaise)}`,
    `        <CdtDbtInd>${l.direction === 'credit' ? 'CRDT' : 'DBIT'}</CdtDbtInd>`,
    '        <Sts><Cd>BOOK</Cd></Sts>',
    `        <BookgDt><Dt>${l.bookedOn}</Dt></BookgDt>`,
    ...(l.valueOn ? [`        <ValDt><Dt>${l.valueOn}</Dt></ValDt>`] : []),
    ...(l.reference ? [`        <AcctSvcrRef>${xml(l.reference)}</AcctSvcrRef>`] : []),
    '        <BkTxCd><Prtry><Cd>NTRF</Cd><Issr>BANK</Issr></Prtry></BkTxCd>',
    ...(l.narration ? [`        <AddtlNtryInf>${xml(l.narration)}</AddtlNtryInf>`] : []),
    '      </Ntry>',
  ].join('\n'));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
    '  <BkToCstmrStmt>',
    `    <GrpHdr><MsgId>MSG-${xml(s.statementId ?? 'STATEMENT')}</MsgId><CreDtTm>${s.to}T23:59:59+05:30</CreDtTm></GrpHdr>`,
    '    <Stmt>',
    ...(s.statementId !== null ? [`      <Id>${xml(s.statementId)}</Id>`] : []),
    `      <CreDtTm>${s.to}T23:59:59+05:30</CreDtTm>`,
    `      <FrToDt><FrDtTm>${s.from}T00:00:00+05:30</FrDtTm><ToDtTm>${s.to}T23:59:59+05:30</ToDtTm></FrToDt>`,
    `      <Acct><Id>${accountId}</Id><Ccy>INR</Ccy></Acct>`,
    bal('OPBD', s.openingPaise, s.from),
    bal('CLBD', s.closingPaise, s.to),
    ...entries,
    '    </Stmt>',
    '  </BkToCstmrStmt>',
    '</Document>',
    '',
  ].join('\n');
}

/**
 * MT940 with :20: the statement id (NONREF when none), :25: the account, :60F: and :62F: the
 * balances dated from and to, each line a :61: (value date, entry date = booking date,
 * NONREF//reference) and its narration as :86:, cut into lines of 65 characters. References are
 * at most 16 characters, as MT940 allows.
 */
export function mt940Of(s: ParsedStatement): string {
  const yymmdd = (d: string) => `${d.slice(2, 4)}${d.slice(5, 7)}${d.slice(8, 10)}`;
  const amount = (p: number) => plain(p).replace('.', ',');
  const balance = (tag: string, p: number, date: string) => `:${tag}:${p < 0 ? 'D' : 'C'}${yymmdd(date)}INR${amount(p)}`;
  const out = [`:20:${s.statementId ?? 'NONREF'}`, `:25:${s.account}`, ':28C:1/1', balance('60F', s.openingPaise, s.from)];
  for (const l of s.lines) {
    if (l.reference.length > 16) throw new Error(`mt940Of: line ${l.line}'s reference ${l.reference} is longer than MT940's 16 characters`);
    const mark = l.direction === 'credit' ? 'C' : 'D';
    out.push(`:61:${yymmdd(l.valueOn ?? l.bookedOn)}${l.bookedOn.slice(5, 7)}${l.bookedOn.slice(8, 10)}${mark}${amount(l.amountPaise)}NTRFNONREF${l.reference ? `//${l.reference}` : ''}`);
    if (l.narration) {
      const chunks = l.narration.match(/.{1,65}/g)!;
      if (chunks.length > 6) throw new Error(`mt940Of: line ${l.line}'s narration is longer than :86:'s 6 lines of 65`);
      out.push(`:86:${chunks[0]}`, ...chunks.slice(1));
    }
  }
  out.push(balance('62F', s.closingPaise, s.to), '-');
  return `${out.join('\r\n')}\r\n`;
}

/**
 * A CSV statement in one of three layouts banks use, with the mapping that reads it:
 * - 'marked': Txn Date (05-Dec-2026), Value Date, Description, Ref No./Cheque No., Amount
 *   (1,23,456.78), Dr / Cr (CR or DR), Balance;
 * - 'split': Date (05/12/26), Narration, Chq./Ref.No., Value Dt, Withdrawal Amt., Deposit Amt.,
 *   Closing Balance (plain 123456.78, a negative balance with a minus);
 * - 'signed': Posting Date (05-12-2026), Value Date, Particulars, Reference, Amount (INR)
 *   ("₹1,23,456.78", "-₹500.00" for a debit), Balance (INR) ("1,23,456.78 Cr" / "… Dr").
 * Balances are the running balance from the opening; the closing balance is the last of them.
 */
export function csvOf(s: ParsedStatement, layout: 'marked' | 'split' | 'signed'): { text: string; input: CsvStatementInput } {
  const balances = running(s);
  let mapping: StatementCsvMapping;
  let rows: string[][];
  if (layout === 'marked') {
    const date = (d: string) => `${d.slice(8, 10)}-${MONTHS[Number(d.slice(5, 7)) - 1]}-${d.slice(0, 4)}`;
    mapping = {
      date: 'Txn Date', valueDate: 'Value Date', narration: 'Description', reference: 'Ref No./Cheque No.',
      amount: 'Amount', direction: 'Dr / Cr', creditValues: ['CR', 'C'], balance: 'Balance', dateFormat: 'DD-MMM-YYYY', amountUnit: 'rupees',
    };
    rows = [['Txn Date', 'Value Date', 'Description', 'Ref No./Cheque No.', 'Amount', 'Dr / Cr', 'Balance'], ...s.lines.map((l, i) => [
      date(l.bookedOn), l.valueOn ? date(l.valueOn) : '', l.narration, l.reference, grouped(l.amountPaise),
      l.direction === 'credit' ? 'CR' : 'DR', `${balances[i]! < 0 ? '-' : ''}${grouped(balances[i]!)}`,
    ])];
  } else if (layout === 'split') {
    const date = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(2, 4)}`;
    mapping = {
      date: 'Date', narration: 'Narration', reference: 'Chq./Ref.No.', valueDate: 'Value Dt', debit: 'Withdrawal Amt.', credit: 'Deposit Amt.',
      balance: 'Closing Balance', dateFormat: 'DD/MM/YY', amountUnit: 'rupees',
    };
    rows = [['Date', 'Narration', 'Chq./Ref.No.', 'Value Dt', 'Withdrawal Amt.', 'Deposit Amt.', 'Closing Balance'], ...s.lines.map((l, i) => [
      date(l.bookedOn), l.narration, l.reference, l.valueOn ? date(l.valueOn) : '',
      l.direction === 'debit' ? plain(l.amountPaise) : '', l.direction === 'credit' ? plain(l.amountPaise) : '',
      `${balances[i]! < 0 ? '-' : ''}${plain(balances[i]!)}`,
    ])];
  } else {
    mapping = {
      date: 'Posting Date', valueDate: 'Value Date', narration: 'Particulars', reference: 'Reference', amount: 'Amount (INR)',
      balance: 'Balance (INR)', dateFormat: 'DD-MM-YYYY', amountUnit: 'rupees',
    };
    rows = [['Posting Date', 'Value Date', 'Particulars', 'Reference', 'Amount (INR)', 'Balance (INR)'], ...s.lines.map((l, i) => [
      dmy(l.bookedOn, '-'), l.valueOn ? dmy(l.valueOn, '-') : '', l.narration, l.reference,
      `${l.direction === 'debit' ? '-' : ''}₹${grouped(l.amountPaise)}`, `${grouped(balances[i]!)} ${balances[i]! < 0 ? 'Dr' : 'Cr'}`,
    ])];
  }
  return { text: stringify(rows, { record_delimiter: '\r\n' }), input: { bank: 'State Bank of India', account: s.account, mapping } };
}

/**
 * A provider's settlement report: UPI (UTR, Txn Date 2026-12-05, Settlement Date, Gross Amount
 * 1234.50, MDR, Settlement Batch) or card (Approval Code, Transaction Date 05/12/2026, Settled On,
 * Txn Amount (Rs) "Rs. 1,234.50", Commission, Batch No).
 */
export function settlementCsvOf(lines: SettlementReportLine[], provider: string, mode: 'upi' | 'card'): { text: string; input: ProviderInput } {
  if (mode === 'upi') {
    const rows = [['UTR', 'Txn Date', 'Settlement Date', 'Gross Amount', 'MDR', 'Settlement Batch'],
      ...lines.map((l) => [l.reference, l.transactedOn, l.settledOn, plain(l.amountPaise), plain(l.feePaise), l.batch])];
    return {
      text: stringify(rows),
      input: { provider, mode, mapping: { reference: 'UTR', transactedOn: 'Txn Date', settledOn: 'Settlement Date', amount: 'Gross Amount', fee: 'MDR', batch: 'Settlement Batch', dateFormat: 'YYYY-MM-DD', amountUnit: 'rupees' } },
    };
  }
  const rows = [['Approval Code', 'Transaction Date', 'Settled On', 'Txn Amount (Rs)', 'Commission', 'Batch No'],
    ...lines.map((l) => [l.reference, dmy(l.transactedOn, '/'), dmy(l.settledOn, '/'), `Rs. ${grouped(l.amountPaise)}`, `Rs. ${grouped(l.feePaise)}`, l.batch])];
  return {
    text: stringify(rows, { record_delimiter: '\r\n' }),
    input: { provider, mode, mapping: { reference: 'Approval Code', transactedOn: 'Transaction Date', settledOn: 'Settled On', amount: 'Txn Amount (Rs)', fee: 'Commission', batch: 'Batch No', dateFormat: 'DD/MM/YYYY', amountUnit: 'rupees' } },
  };
}
