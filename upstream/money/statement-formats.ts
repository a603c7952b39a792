/// <reference path="./mt940js.d.ts" />
// The utility's bank statements and its payment providers' settlement reports read into the one
// shape of shared/bank-statement.ts (issue 18, central money reconciliation): ISO 20022 camt.053
// through fast-xml-parser, SWIFT MT940 through mt940js, and CSV through a column mapping saved per
// bank or provider. Pure: text in, a statement or an error out. Every statement goes through
// checkStatement (opening + credits − debits = closing, dates real and in its period) before it is
// returned; any error refuses the whole file, nothing partial is ever returned. Money is integer
// paise read digit by digit from the file's text: no amount passes through a float.
import { parse as parseCsvText } from 'csv-parse/sync';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import mt940 from 'mt940js';
import {
  STATEMENT_MAX_BYTES, type CsvStatementInput, type ParsedStatement, type ProviderInput, type SettlementReportLine,
  type StatementFormat, type StatementLine,
} from '../../shared/bank-statement.js';
import { formatDmy, isIsoDate } from '../../shared/dates.js';
import { formatINR, groupIndian, type Paise } from '../../shared/money.js';
import { decimalToPaise, readStatementAmount, readStatementDate } from '../../shared/statement-values.js';

export type StatementErrorCode =
  | 'too_large' | 'not_text' | 'malformed' | 'unknown_layout' | 'unbalanced' | 'bad_line' | 'not_inr' | 'many_statements' | 'empty'
  // Raised on import (upstream/money/imports.ts): the file says something else than one held for the same dates.
  | 'overlap';

/**
 * Why a file was refused, in words a finance officer acts on. `line` is where in the file: the text
 * line (XML, MT940, a CSV's row counting the header as row 1) the message names.
 */
export class StatementError extends Error {
  constructor(readonly code: StatementErrorCode, message: string, readonly line?: number) {
    super(message);
    this.name = 'StatementError';
  }
}

/** Where an entry of a statement is in its file, for messages: "row 14", "line 230 (entry 12)". */
export type EntryPlace = (entry: number) => { where: string; line: number };

const entryPlace: EntryPlace = (entry) => ({ where: `entry ${entry}`, line: entry });

/** ₹1,23,456.78 for paise, sums too (a bigint beyond a safe number is still written exactly). */
function inr(p: number | bigint): string {
  if (typeof p === 'number') return formatINR(p as Paise);
  if (p >= BigInt(Number.MIN_SAFE_INTEGER) && p <= BigInt(Number.MAX_SAFE_INTEGER)) return formatINR(Number(p) as Paise);
  const abs = p < 0n ? -p : p;
  return `${p < 0n ? '-' : ''}₹${groupIndian((abs / 100n).toString())}.${(abs % 100n).toString().padStart(2, '0')}`;
}

const quote = (s: string) => `"${s.length > 60 ? `${s.slice(0, 60)}…` : s}"`;
const lineOfIndex = (text: string, index: number) => {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) n++;
  return n;
};
/** The line of many positions in one text: its line ends found once, then each line by bisection. */
function lineIndexer(text: string): (index: number) => number {
  let ends: number[] | null = null;
  return (index) => {
    if (ends === null) {
      ends = [];
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) ends.push(i);
    }
    let [lo, hi] = [0, ends.length];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ends[mid]! < index) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
}

// ---- the one check every statement goes through ----

/**
 * The check every statement passes whatever its format: it names its account, its dates are on the
 * calendar and in order, each entry is a positive amount of paise booked within the statement's
 * period, and opening + credits − debits = closing. `place` says where an entry is in its file.
 */
export function checkStatement(s: ParsedStatement, place: EntryPlace = entryPlace): void {
  if (s.account.trim() === '') throw new StatementError('malformed', 'the statement does not say which account it is of');
  for (const [what, d] of [['first', s.from], ['last', s.to]] as const) {
    if (!isIsoDate(d)) throw new StatementError('malformed', `the statement's ${what} date ${quote(d)} is not a date on the calendar`);
  }
  if (s.from > s.to) throw new StatementError('malformed', `the statement runs from ${formatDmy(s.from)} to ${formatDmy(s.to)}: it ends before it begins`);
  for (const [what, p] of [['opening', s.openingPaise], ['closing', s.closingPaise]] as const) {
    if (!Number.isSafeInteger(p)) throw new StatementError('malformed', `the ${what} balance ${String(p)} is not a whole number of paise the centre can hold`);
  }
  let credits = 0n;
  let debits = 0n;
  for (const l of s.lines) {
    const at = place(l.line);
    const bad = (message: string) => new StatementError('bad_line', `${at.where}: ${message}`, at.line);
    if (!Number.isSafeInteger(l.amountPaise) || l.amountPaise <= 0) {
      throw bad(Number.isSafeInteger(l.amountPaise) ? `the amount ${inr(l.amountPaise)} is not more than zero` : `the amount ${String(l.amountPaise)} is not a whole number of paise`);
    }
    if (!isIsoDate(l.bookedOn)) throw bad(`the booking date ${quote(l.bookedOn)} is not a date on the calendar`);
    if (l.valueOn !== null && !isIsoDate(l.valueOn)) throw bad(`the value date ${quote(l.valueOn)} is not a date on the calendar`);
    if (l.bookedOn < s.from || l.bookedOn > s.to) {
      throw bad(`booked on ${formatDmy(l.bookedOn)}, outside the statement's period ${formatDmy(s.from)} to ${formatDmy(s.to)}`);
    }
    if (l.direction === 'credit') credits += BigInt(l.amountPaise);
    else if (l.direction === 'debit') debits += BigInt(l.amountPaise);
    else throw bad(`${quote(String(l.direction))} is neither a credit nor a debit`);
  }
  const reached = BigInt(s.openingPaise) + credits - debits;
  if (reached !== BigInt(s.closingPaise)) {
    throw new StatementError(
      'unbalanced',
      `the statement does not add up: the opening balance ${inr(s.openingPaise)} plus its credits ${inr(credits)} less its debits ${inr(debits)} is ${inr(reached)}, but its closing balance is ${inr(s.closingPaise)} (a difference of ${inr(BigInt(s.closingPaise) - reached)})`,
    );
  }
}

// ---- bytes to text ----

const mb = (bytes: number) => bytes / (1024 * 1024);

/**
 * A statement or settlement file's bytes as text: at most STATEMENT_MAX_BYTES, UTF-8 (a BOM is
 * dropped), no NUL bytes, not empty.
 */
export function statementText(bytes: Uint8Array): string {
  if (bytes.length > STATEMENT_MAX_BYTES) {
    throw new StatementError('too_large', `the file is ${mb(bytes.length).toFixed(1)} MB; the centre reads files of at most ${mb(STATEMENT_MAX_BYTES)} MB (a month of a busy account is a few MB: ask the bank for one file per month)`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const loose = new TextDecoder('utf-8').decode(bytes);
    const at = loose.indexOf('\uFFFD');
    const line = at < 0 ? undefined : lineOfIndex(loose, at);
    throw new StatementError('not_text', `the file is not text in UTF-8${line === undefined ? '' : ` (line ${line} has bytes that are not UTF-8 characters)`}: it may be a spreadsheet, a PDF or text in another encoding; export the statement from the bank as CSV (UTF-8), XML or MT940 text`, line);
  }
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    const line = lineOfIndex(text, nul);
    throw new StatementError('not_text', `the file is not text: line ${line} holds a NUL byte (a spreadsheet or PDF must be exported as CSV first)`, line);
  }
  if (text.trim() === '') throw new StatementError('empty', 'the file is empty');
  return text;
}

/** A statement file of the given format, checked whole (see statementText and checkStatement). */
export function parseStatement(bytes: Uint8Array, format: StatementFormat, csv?: CsvStatementInput): ParsedStatement {
  const text = statementText(bytes);
  switch (format) {
    case 'camt053':
      return parseCamt053(text);
    case 'mt940':
      return parseMt940(text);
    case 'csv':
      if (!csv) throw new StatementError('unknown_layout', 'a CSV statement is read through the bank\'s column mapping, and none was given');
      return parseStatementCsv(text, csv);
  }
}

// ---- ISO 20022 camt.053 ----

type XmlNode = Record<string, unknown>;

const CAMT_REPEATED = new Set(['Stmt', 'Bal', 'Ntry', 'NtryDtls', 'TxDtls', 'Ustrd']);
const camtParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  // Every value stays the file's text: "100.10" must never become the float 100.1.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  captureMetaData: true,
  // An element that occurs once is still a list where the schema lets it repeat.
  isArray: (name) => CAMT_REPEATED.has(name),
});
// Where each element starts in the text (captureMetaData), for the line numbers of messages.
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

const node = (v: unknown): XmlNode | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as XmlNode) : undefined);
const nodes = (v: unknown): XmlNode[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).map(node).filter((n): n is XmlNode => n !== undefined);
const at = (v: unknown, ...path: string[]): unknown => path.reduce<unknown>((n, k) => node(n)?.[k], v);
/** An element's text ('' when absent): a string, or the #text of an element with attributes. */
const xmlText = (v: unknown): string => {
  if (typeof v === 'string') return v.trim();
  const t = node(v)?.['#text'];
  return typeof t === 'string' ? t.trim() : '';
};

function xmlError(err: { code: string; msg: string; line: number }, xml: string): StatementError {
  const unclosed = /^Invalid '\[(.*)\]' found/s.exec(err.msg);
  if (unclosed) {
    const names = [...unclosed[1]!.matchAll(/"([^"]+)"/g)].map((m) => m[1]).join(', ');
    const last = lineOfIndex(xml, xml.trimEnd().length);
    return new StatementError('malformed', `the file ends at line ${last} before its elements ${names} are closed: it is cut short or damaged; download the statement again`, last);
  }
  return new StatementError('malformed', `the file is not well-formed XML at line ${err.line}: ${err.msg}`, err.line);
}

/** The date of a Dt (or DtTm, its date part) element's content; null when absent. */
function camtDate(v: unknown): string | null {
  const d = xmlText(at(v, 'Dt')) || xmlText(at(v, 'DtTm')).slice(0, 10);
  return d === '' ? null : d;
}

/**
 * A camt.053 statement (BkToCstmrStmt, namespace camt.053.001.02 to .08): one Stmt per file, its
 * account (IBAN or Othr/Id), opening (OPBD, else PRCD) and closing (CLBD) balances in INR, and its
 * booked entries (Sts BOOK; pending ones are not on the account yet and are left out).
 */
export function parseCamt053(xml: string): ParsedStatement {
  if (xml.startsWith('\uFEFF')) xml = xml.slice(1);
  if (xml.trim() === '') throw new StatementError('empty', 'the file is empty');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw xmlError(valid.err, xml);
  const doctype = /<!DOCTYPE/i.exec(xml);
  if (doctype) {
    const line = lineOfIndex(xml, doctype.index);
    throw new StatementError('malformed', `line ${line}: the file declares a DOCTYPE, which no bank statement carries; it is not read`, line);
  }
  const ns = /xmlns(?::[\w.-]+)?\s*=\s*["']urn:iso:std:iso:20022:tech:xsd:([^"']+)["']/.exec(xml)?.[1];
  if (ns !== undefined && !/^camt\.053\.001\.0[2-8]$/.test(ns)) {
    throw new StatementError('malformed', ns.startsWith('camt.053.')
      ? `this is a camt.053 statement of version ${ns.slice(9)}; the centre reads versions 001.02 to 001.08`
      : `this is an ISO 20022 ${ns} message, not a camt.053 bank statement`);
  }
  const doc = camtParser.parse(xml) as XmlNode;
  const bk = node(at(doc, 'Document', 'BkToCstmrStmt'));
  if (!bk) throw new StatementError('malformed', 'this is not a camt.053 bank statement: it has no Document/BkToCstmrStmt');
  const stmts = nodes(bk.Stmt);
  if (stmts.length === 0) throw new StatementError('empty', 'the file holds no statement (no Stmt element)');
  if (stmts.length > 1) {
    throw new StatementError('many_statements', `the file holds ${stmts.length} statements; the centre reads one statement (one account, one period) per file: ask the bank for a file per statement`);
  }
  const st = stmts[0]!;
  const lineAt = lineIndexer(xml);
  const lineOf = (n: XmlNode) => {
    const index = ((n as Record<symbol, unknown>)[META] as { startIndex?: number } | undefined)?.startIndex;
    return index === undefined ? 0 : lineAt(index);
  };

  const ccy = xmlText(at(st, 'Acct', 'Ccy'));
  if (ccy !== '' && ccy !== 'INR') throw new StatementError('not_inr', `the account is kept in ${ccy}; the centre reads statements of INR accounts only`);
  const account = xmlText(at(st, 'Acct', 'Id', 'IBAN')) || xmlText(at(st, 'Acct', 'Id', 'Othr', 'Id'));

  /** Signed or unsigned paise of an Amt element, in INR. */
  const money = (amt: unknown, what: string, line: number): number => {
    const currency = typeof node(amt)?.['@_Ccy'] === 'string' ? String(node(amt)!['@_Ccy']) : '';
    if (currency !== 'INR') {
      throw new StatementError('not_inr', currency === ''
        ? `line ${line}: ${what} does not say its currency (Ccy); the centre reads INR statements only`
        : `line ${line}: ${what} is in ${currency}; the centre reads INR statements only`, line);
    }
    const p = decimalToPaise(xmlText(amt));
    if (p === null) throw new StatementError('bad_line', `line ${line}: ${what} ${quote(xmlText(amt))} is not an amount in rupees and paise`, line);
    return p;
  };
  const sign = (n: XmlNode, what: string, line: number): 1 | -1 => {
    const ind = xmlText(n.CdtDbtInd);
    if (ind === 'CRDT') return 1;
    if (ind === 'DBIT') return -1;
    throw new StatementError('bad_line', `line ${line}: ${what} is marked ${quote(ind)}, neither credit (CRDT) nor debit (DBIT)`, line);
  };

  const bals = nodes(st.Bal);
  const balOf = (code: string) => bals.find((b) => xmlText(at(b, 'Tp', 'CdOrPrtry', 'Cd')) === code);
  const balance = (b: XmlNode | undefined, what: string) => {
    if (!b) return null;
    const line = lineOf(b);
    const date = camtDate(b.Dt);
    if (date !== null && !isIsoDate(date)) throw new StatementError('bad_line', `line ${line}: the date of the ${what} ${quote(date)} is not a date on the calendar`, line);
    return { paise: sign(b, `the ${what}`, line) * money(b.Amt, `the ${what}`, line), date };
  };
  const opening = balance(balOf('OPBD') ?? balOf('PRCD'), 'opening balance');
  const closing = balance(balOf('CLBD'), 'closing balance');
  if (!opening) throw new StatementError('malformed', 'the statement has no opening balance (a Bal of type OPBD or PRCD)');
  if (!closing) throw new StatementError('malformed', 'the statement has no closing balance (a Bal of type CLBD)');

  const lines: StatementLine[] = [];
  const places: { where: string; line: number }[] = [];
  nodes(st.Ntry).forEach((e, i) => {
    const sts = node(e.Sts) ? xmlText(at(e, 'Sts', 'Cd')) || xmlText(at(e, 'Sts', 'Prtry')) : xmlText(e.Sts);
    if (sts !== '' && sts !== 'BOOK') return; // pending (PDNG), for information (INFO) or future (FUTR): not booked
    const line = lineOf(e);
    const what = `entry ${i + 1}`;
    const amount = money(e.Amt, `the amount of ${what}`, line);
    const direction = sign(e, what, line) === 1 ? 'credit' : 'debit';
    const bookedOn = camtDate(e.BookgDt);
    if (bookedOn === null) throw new StatementError('bad_line', `line ${line}: ${what} is booked but has no booking date (BookgDt)`, line);
    const txs = nodes(e.NtryDtls).flatMap((d) => nodes(d.TxDtls));
    const endToEnd = txs.map((t) => xmlText(at(t, 'Refs', 'EndToEndId'))).find((r) => r !== '' && r !== 'NOTPROVIDED') ?? '';
    const said = [xmlText(e.AddtlNtryInf), ...txs.flatMap((t) => (Array.isArray(at(t, 'RmtInf', 'Ustrd')) ? (at(t, 'RmtInf', 'Ustrd') as unknown[]) : []).map(xmlText))];
    const narration = [...new Set(said.filter((s) => s !== ''))].join(' ');
    lines.push({
      line: lines.length + 1, bookedOn, valueOn: camtDate(e.ValDt), amountPaise: amount, direction, narration,
      reference: xmlText(e.AcctSvcrRef) || endToEnd,
    });
    places.push({ where: `line ${line} (${what})`, line });
  });

  let from: string | null;
  let to: string | null;
  const period = node(st.FrToDt);
  if (period) {
    from = xmlText(period.FrDtTm).slice(0, 10) || null;
    to = xmlText(period.ToDtTm).slice(0, 10) || null;
  } else if (lines.length > 0) {
    const booked = lines.map((l) => l.bookedOn).sort();
    from = booked[0]!;
    to = booked[booked.length - 1]!;
  } else {
    from = opening.date;
    to = closing.date;
  }
  if (from === null || to === null) throw new StatementError('malformed', 'the statement says neither its period (FrToDt) nor the dates of its balances');

  const s: ParsedStatement = {
    format: 'camt053', account, statementId: xmlText(st.Id) || null, from, to,
    openingPaise: opening.paise, closingPaise: closing.paise, lines,
  };
  checkStatement(s, (n) => places[n - 1] ?? entryPlace(n));
  return s;
}

// ---- SWIFT MT940 ----

// The raw text of the fields money and dates are read from (mt940js keeps each tag's text).
const MT940_BALANCE = /^([DC])(\d{2})(\d{2})(\d{2})([A-Z]{3})(\d*),(\d*)/;
const MT940_LINE = /^(\d{2})(\d{2})(\d{2})(?:(\d{2})(\d{2}))?(R?[DC])([A-Z])?(\d*),(\d*)[A-Z][A-Z0-9]{3}([^/\n]{0,16})(?:\/\/([^\n]{0,16}))?(?:\n(.*))?/;
const MT940_WIDTH = 65;

const MT940_FIELDS: Record<string, string> = { 20: 'reference (:20:)', 25: 'account (:25:)', 28: 'statement number (:28C:)', 60: 'opening balance (:60F:)', 62: 'closing balance (:62F:)' };

/** The entry date (MMDD) of a :61: line in the year that puts it nearest its value date. */
function entryDate(valueOn: string, mm: string, dd: string): string | null {
  const year = Number(valueOn.slice(0, 4));
  const candidates = [year - 1, year, year + 1].map((y) => `${y}-${mm}-${dd}`).filter(isIsoDate);
  const distance = (d: string) => Math.abs(Date.parse(d) - Date.parse(valueOn));
  return candidates.sort((a, b) => distance(a) - distance(b))[0] ?? null;
}

/** An MT940 amount ("1234,5", "100,10", "7,") as paise, exactly; null with more than 2 decimals. */
const mt940Paise = (whole: string, frac: string) => (whole === '' ? null : decimalToPaise(frac === '' ? whole : `${whole}.${frac}`));

function mt940LibraryError(e: unknown, text: string): StatementError {
  const msg = e instanceof Error ? e.message : String(e);
  const sum = /^Sum of lines \((-?[\d.e+-]+)\) != turnover \((-?[\d.e+-]+)\)/.exec(msg);
  if (sum) {
    // mt940js adds in floats; its figures are only shown here, rounded to the paisa.
    const [lines, turnover] = [Number(sum[1]), Number(sum[2])].map((n) => Math.round(n * 100));
    return new StatementError('unbalanced', `the statement does not add up: its entries come to ${inr(lines!)} (credits less debits), but the closing balance less the opening balance is ${inr(turnover!)}`);
  }
  const missing = /^Mandatory tag (\w+) is missing/.exec(msg);
  if (missing) return new StatementError('malformed', `the statement has no ${MT940_FIELDS[missing[1]!] ?? `:${missing[1]}: field`}`);
  const unparsed = /^Cannot parse tag (\w+): ([^\n]*)/.exec(msg);
  if (unparsed) {
    const index = text.indexOf(`:${unparsed[1]}`);
    const exact = text.search(new RegExp(`^:${unparsed[1]}[A-Z]?:${unparsed[2]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm'));
    const line = lineOfIndex(text, exact >= 0 ? exact : Math.max(index, 0));
    return new StatementError('malformed', `line ${line}: the :${unparsed[1]}: field ${quote(unparsed[2]!)} cannot be read`, line);
  }
  const unknown = /^Unknown tag (\w+)/.exec(msg);
  if (unknown) {
    const index = text.search(new RegExp(`^:${unknown[1]}:`, 'm'));
    const line = index >= 0 ? lineOfIndex(text, index) : undefined;
    return new StatementError('malformed', `${line === undefined ? '' : `line ${line}: `}:${unknown[1]}: is not a field of an MT940 statement`, line);
  }
  const currencies = /^Currency markers are differ \[(\w+), (\w+)\]/.exec(msg);
  if (currencies) return new StatementError('not_inr', `the statement's balances are in ${currencies[1]} and ${currencies[2]}; the centre reads INR statements only`);
  if (e instanceof TypeError) return new StatementError('malformed', 'this is not an MT940 statement: it does not begin with a field such as :20: or a SWIFT block {1:');
  return new StatementError('malformed', `this is not an MT940 statement the centre can read: ${msg}`);
}

/**
 * An MT940 statement, one per file: :20: its id, :25: the account, :60F:/:60M: and :62F:/:62M: the
 * balances (INR), each :61: an entry (its entry date the booking date, else its value date) with
 * the :86: after it as narration. Its period is the opening and closing balance dates, widened to
 * any entry booked outside them (MT940 states no period of its own).
 */
export function parseMt940(text: string): ParsedStatement {
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  if (text.trim() === '') throw new StatementError('empty', 'the file is empty');
  let statements;
  try {
    statements = new mt940.Parser({ no86Structure: true }).parse(text, true);
  } catch (e) {
    throw mt940LibraryError(e, text);
  }
  if (statements.length === 0) throw new StatementError('empty', 'the file holds no MT940 statement');
  if (statements.length > 1) {
    throw new StatementError('many_statements', `the file holds ${statements.length} statements (each begins with :20:); the centre reads one statement per file: ask the bank for a file per statement`);
  }
  const tags = statements[0]!.tags ?? [];
  // The text line of each :61:, in order: mt940js makes one tag of each.
  const entryLines: number[] = [];
  text.split(/\r?\n/).forEach((l, i) => {
    if (l.startsWith(':61:')) entryLines.push(i + 1);
  });

  const balance = (data: string, what: string) => {
    const m = MT940_BALANCE.exec(data);
    if (!m) throw new StatementError('malformed', `the ${what} ${quote(data)} cannot be read`);
    if (m[5] !== 'INR') throw new StatementError('not_inr', `the ${what} is in ${m[5]}; the centre reads INR statements only`);
    const date = `20${m[2]}-${m[3]}-${m[4]}`;
    if (!isIsoDate(date)) throw new StatementError('malformed', `the date of the ${what} ${quote(`${m[2]}${m[3]}${m[4]}`)} is not a date on the calendar`);
    const p = mt940Paise(m[6]!, m[7]!);
    if (p === null) throw new StatementError('malformed', `the ${what} ${quote(`${m[6]},${m[7]}`)} is not an amount in rupees and paise`);
    return { date, paise: m[1] === 'D' ? -p : p };
  };

  let account = '';
  let statementId: string | null = null;
  let opening: { date: string; paise: number } | null = null;
  let closing: { date: string; paise: number } | null = null;
  const lines: StatementLine[] = [];
  const places: { where: string; line: number }[] = [];
  let previous: string | number | null = null;
  for (const tag of tags) {
    if (tag.id === 20) statementId = tag.data.trim() === '' || tag.data.trim() === 'NONREF' ? null : tag.data.trim();
    if (tag.id === 25) account = tag.data.trim();
    if (tag.id === 60 && opening === null) opening = balance(tag.data, 'opening balance (:60F:)');
    if (tag.id === 62) closing = balance(tag.data, 'closing balance (:62F:)');
    if (tag.id === 61) {
      const fileLine = entryLines[lines.length] ?? 0;
      const where = `line ${fileLine} (:61: entry ${lines.length + 1})`;
      const bad = (message: string) => new StatementError('bad_line', `${where}: ${message}`, fileLine);
      const m = MT940_LINE.exec(tag.data);
      if (!m) throw bad(`${quote(tag.data.split('\n')[0]!)} cannot be read`);
      const valueOn = `20${m[1]}-${m[2]}-${m[3]}`;
      if (!isIsoDate(valueOn)) throw bad(`the value date ${quote(`${m[1]}${m[2]}${m[3]}`)} is not a date on the calendar`);
      const bookedOn = m[4] === undefined ? valueOn : entryDate(valueOn, m[4], m[5]!);
      if (bookedOn === null) throw bad(`the entry date ${quote(`${m[4]}${m[5]}`)} is not a date on the calendar`);
      const amount = mt940Paise(m[8]!, m[9]!);
      if (amount === null) throw bad(`the amount ${quote(`${m[8]},${m[9]}`)} is not an amount in rupees and paise`);
      const customer = m[10]!.trim();
      lines.push({
        line: lines.length + 1, bookedOn, valueOn, amountPaise: amount,
        // RC reverses a credit (money out), RD a debit (money back in).
        direction: m[6] === 'C' || m[6] === 'RD' ? 'credit' : 'debit',
        narration: (m[12] ?? '').trim(),
        reference: (m[11] ?? '').trim() || (customer === 'NONREF' ? '' : customer),
      });
      places.push({ where, line: fileLine });
    }
    if (tag.id === 86 && previous === 61) {
      // :86: is up to 6 lines of 65 characters: a full line was cut where the width ran out,
      // a shorter one ended where the bank ended it.
      const parts = tag.data.split(/\r?\n/);
      const narration = parts.reduce((all, part, i) => all + (i > 0 && parts[i - 1]!.length < MT940_WIDTH ? ' ' : '') + part, '').trim();
      if (narration !== '') lines[lines.length - 1]!.narration = narration;
    }
    if (tag.id !== 'NS') previous = tag.id;
  }
  if (!opening || !closing) throw new StatementError('malformed', `the statement has no ${opening ? 'closing' : 'opening'} balance`);
  const booked = lines.map((l) => l.bookedOn).sort();
  const s: ParsedStatement = {
    format: 'mt940', account, statementId,
    from: booked[0] !== undefined && booked[0] < opening.date ? booked[0] : opening.date,
    to: booked.length > 0 && booked[booked.length - 1]! > closing.date ? booked[booked.length - 1]! : closing.date,
    openingPaise: opening.paise, closingPaise: closing.paise, lines,
  };
  checkStatement(s, (n) => places[n - 1] ?? entryPlace(n));
  return s;
}

// ---- CSV ----

interface CsvRow {
  /** The row as a spreadsheet numbers it: the header is row 1. */
  row: number;
  cells: string[];
}

function readCsv(text: string): { header: string[]; rows: CsvRow[] } {
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  let records: string[][];
  try {
    records = parseCsvText(text, { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][];
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    const why = (e as Error).message.replace(/^[^:]*: /, '');
    throw new StatementError('malformed', `the file cannot be read as CSV${line ? ` at line ${line}` : ''}: ${why}`, line);
  }
  const header = (records[0] ?? []).map((h) => h.trim());
  if (header.every((h) => h === '')) throw new StatementError('empty', 'the file is empty: it has not even a header row');
  const rows = records.slice(1)
    .map((cells, i) => ({ row: i + 2, cells }))
    .filter((r) => r.cells.some((c) => c.trim() !== ''));
  for (const r of rows) {
    if (r.cells.length !== header.length) {
      throw new StatementError('bad_line', `row ${r.row} has ${r.cells.length} columns where the header has ${header.length}`, r.row);
    }
  }
  return { header, rows };
}

/** Each mapped column's index in the header, found by its text without case or surrounding spaces. */
function findColumns<K extends string>(header: string[], wanted: Record<K, string | undefined>, whose: string): Partial<Record<K, number>> {
  const found: Partial<Record<K, number>> = {};
  const missing: string[] = [];
  for (const key of Object.keys(wanted) as K[]) {
    const name = wanted[key];
    if (name === undefined) continue;
    const i = header.findIndex((h) => h.toLowerCase() === name.trim().toLowerCase());
    if (i < 0) missing.push(`"${name.trim()}"`);
    else found[key] = i;
  }
  if (missing.length > 0) {
    throw new StatementError('unknown_layout', `unknown column layout: the mapping for ${whose} names ${missing.join(', ')}, which this file does not have. The file's columns are: ${header.map((h) => `"${h}"`).join(', ')}. Check the file is from ${whose}, or change the mapping`, 1);
  }
  return found;
}

/**
 * A bank's CSV statement through its column mapping: header row first, then one entry a row. The
 * running balance proves it whole: the opening balance is the first row's balance less its movement,
 * each row's balance must be the one before plus its credit or less its debit, the closing is the
 * last. Its period is its first and last booking dates.
 */
export function parseStatementCsv(text: string, input: CsvStatementInput): ParsedStatement {
  const m = input.mapping;
  const { header, rows } = readCsv(text);
  const col = findColumns(header, {
    date: m.date, valueDate: m.valueDate, narration: m.narration, reference: m.reference, balance: m.balance,
    amount: m.amount, direction: m.direction, credit: m.credit, debit: m.debit,
  }, input.bank.trim());
  if (rows.length === 0) throw new StatementError('empty', 'the statement has no entries, so it shows no balance to check: a period with no entries needs no statement');
  const creditValues = (m.creditValues ?? []).map((v) => v.trim().toLowerCase());

  const lines: StatementLine[] = [];
  const places: { where: string; line: number }[] = [];
  let opening = 0;
  let previous = 0;
  for (const { row, cells } of rows) {
    const cell = (k: keyof typeof col) => (col[k] === undefined ? '' : cells[col[k]]!.trim());
    const bad = (message: string) => new StatementError('bad_line', `row ${row}: ${message}`, row);
    const amount = (k: 'amount' | 'credit' | 'debit' | 'balance') => {
      const p = readStatementAmount(cell(k), m.amountUnit);
      if (p === null) throw bad(`the ${m[k]} ${quote(cell(k))} is not an amount in ${m.amountUnit}`);
      return p;
    };
    const date = (k: 'date' | 'valueDate') => {
      const d = readStatementDate(cell(k), m.dateFormat);
      if (d === null) throw bad(`the ${m[k]} ${quote(cell(k))} is not a date written ${m.dateFormat}`);
      return d;
    };

    const bookedOn = date('date');
    const valueOn = m.valueDate === undefined || cell('valueDate') === '' ? null : date('valueDate');
    let movement: number;
    if (m.credit !== undefined && m.debit !== undefined) {
      const [cr, dr] = (['credit', 'debit'] as const).map((k) => (cell(k) === '' ? 0 : amount(k)));
      if (cr! < 0 || dr! < 0) throw bad(`the ${cr! < 0 ? m.credit : m.debit} ${quote(cell(cr! < 0 ? 'credit' : 'debit'))} is negative`);
      if (cr! > 0 && dr! > 0) throw bad(`both ${m.credit} (${inr(cr!)}) and ${m.debit} (${inr(dr!)}) are filled in; a row is one or the other`);
      if (cr === 0 && dr === 0) throw bad(`neither ${m.credit} nor ${m.debit} has an amount`);
      movement = cr! > 0 ? cr! : -dr!;
    } else if (m.direction !== undefined) {
      const a = amount('amount');
      if (a <= 0) throw bad(`the ${m.amount} ${quote(cell('amount'))} is not more than zero (its direction is in ${m.direction})`);
      movement = creditValues.includes(cell('direction').toLowerCase()) ? a : -a;
    } else {
      movement = amount('amount');
      if (movement === 0) throw bad(`the ${m.amount} is zero: neither a credit nor a debit`);
    }
    const balance = amount('balance');
    const moved = movement > 0 ? `plus this credit ${inr(movement)}` : `less this debit ${inr(-movement)}`;
    if (lines.length === 0) {
      opening = balance - movement;
    } else if (balance !== previous + movement) {
      throw bad(`the balance ${inr(balance)} is not the previous balance ${inr(previous)} ${moved} (which makes ${inr(previous + movement)})`);
    }
    if (!Number.isSafeInteger(opening) || !Number.isSafeInteger(previous + movement)) throw bad('the balance is beyond what the centre can hold');
    previous = balance;
    lines.push({
      line: lines.length + 1, bookedOn, valueOn, amountPaise: Math.abs(movement), direction: movement > 0 ? 'credit' : 'debit',
      narration: cell('narration'), reference: cell('reference'),
    });
    places.push({ where: `row ${row}`, line: row });
  }
  const booked = lines.map((l) => l.bookedOn).sort();
  const s: ParsedStatement = {
    format: 'csv', account: input.account.trim(), statementId: null, from: booked[0]!, to: booked[booked.length - 1]!,
    openingPaise: opening, closingPaise: previous, lines,
  };
  checkStatement(s, (n) => places[n - 1] ?? entryPlace(n));
  return s;
}

// ---- payment providers' settlement reports ----

/**
 * A UPI or card provider's settlement CSV through its column mapping: each row a transaction it
 * settled, with its reference, gross amount, fee (0 without a fee column), transaction and
 * settlement dates and batch. The whole file is refused at its first bad row, or when it has none.
 */
export function parseSettlementCsv(text: string, input: ProviderInput): SettlementReportLine[] {
  const m = input.mapping;
  const { header, rows } = readCsv(text);
  const col = findColumns(header, {
    reference: m.reference, amount: m.amount, fee: m.fee, transactedOn: m.transactedOn, settledOn: m.settledOn, batch: m.batch,
  }, input.provider.trim());
  if (rows.length === 0) throw new StatementError('empty', `the settlement report of ${input.provider.trim()} has no transactions`);
  return rows.map(({ row, cells }, i): SettlementReportLine => {
    const cell = (k: keyof typeof col) => (col[k] === undefined ? '' : cells[col[k]]!.trim());
    const bad = (message: string) => new StatementError('bad_line', `row ${row}: ${message}`, row);
    const date = (k: 'transactedOn' | 'settledOn') => {
      const d = readStatementDate(cell(k), m.dateFormat);
      if (d === null) throw bad(`the ${m[k]} ${quote(cell(k))} is not a date written ${m.dateFormat}`);
      return d;
    };
    const reference = cell('reference');
    if (reference === '') throw bad(`no ${m.reference}`);
    const amountPaise = readStatementAmount(cell('amount'), m.amountUnit);
    if (amountPaise === null || amountPaise <= 0) throw bad(`the ${m.amount} ${quote(cell('amount'))} is not an amount in ${m.amountUnit} more than zero`);
    const feePaise = m.fee === undefined || cell('fee') === '' ? 0 : readStatementAmount(cell('fee'), m.amountUnit);
    if (feePaise === null) throw bad(`the ${m.fee} ${quote(cell('fee'))} is not an amount in ${m.amountUnit}`);
    if (feePaise < 0) throw bad(`the ${m.fee} ${inr(feePaise)} is negative`);
    if (feePaise > amountPaise) throw bad(`the ${m.fee} ${inr(feePaise)} is more than the amount ${inr(amountPaise)} it is charged on`);
    const transactedOn = date('transactedOn');
    const settledOn = date('settledOn');
    if (settledOn < transactedOn) throw bad(`settled on ${formatDmy(settledOn)}, before the transaction on ${formatDmy(transactedOn)}`);
    const batch = cell('batch');
    if (batch === '') throw bad(`no ${m.batch}`);
    return { line: i + 1, reference, amountPaise, feePaise, transactedOn, settledOn, batch };
  });
}
