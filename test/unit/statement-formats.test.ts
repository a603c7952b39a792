// The centre's readers of bank statements (camt.053, MT940, CSV through a mapping) and providers'
// settlement reports (issue 18): each format read back exactly from files our generators write
// (test/support/statement-files.ts), and from hand-written files shaped as banks send them; every
// file that is damaged, too big, not text, not INR, not balanced or laid out otherwise refused
// whole, saying where and why.
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import type { ParsedStatement, SettlementReportLine, StatementLine } from '../../shared/bank-statement.js';
import { addDays } from '../../shared/dates.js';
import { formatINR, type Paise } from '../../shared/money.js';
import { readStatementAmount, readStatementDate } from '../../shared/statement-values.js';
import {
  checkStatement, parseCamt053, parseMt940, parseSettlementCsv, parseStatement, parseStatementCsv, statementText, StatementError,
  type StatementErrorCode,
} from '../../upstream/money/statement-formats.js';
import { camt053Of, csvOf, mt940Of, settlementCsvOf } from '../support/statement-files.js';

/** The error a call throws, which must be a StatementError. */
function refusal(f: () => unknown): StatementError {
  try {
    f();
  } catch (e) {
    if (e instanceof StatementError) return e;
    throw e;
  }
  throw new Error('expected the file to be refused');
}

function refused(f: () => unknown, code: StatementErrorCode, message?: RegExp): StatementError {
  const e = refusal(f);
  expect({ code: e.code, message: e.message }).toMatchObject({ code, ...(message ? { message: expect.stringMatching(message) } : {}) });
  return e;
}

/**
 * A month's statement of a collection account: 20 credits and debits, amounts like 100.10, 0.01
 * and 12,34,567.89, the balance overdrawn for a while, narrations with XML and CSV specials, a
 * long one (MT940 cuts it into lines of 65) and one in Hindi.
 */
function sample(): ParsedStatement {
  const specs: [days: number, dir: 'credit' | 'debit', paise: number, narration: string, reference: string][] = [
    [0, 'credit', 100_10, 'UPI/CR/634512789012/ASHA KUMARI/SBIN/asha@oksbi/BILL 1002003004', '634512789012'],
    [0, 'debit', 12_34_567_89, 'NEFT/DR/Power Purchase & Transmission <Dec> "urgent"', 'N335260012345'],
    [1, 'credit', 1, 'Interest adj.', ''],
    [1, 'credit', 5_000_00, 'CASH DEP BY SS042 CIVIL LINES, SLIP DS-1001', 'DS-1001'],
    [2, 'debit', 23_60, 'CHARGES: SMS ALERTS Q3', ''],
    [2, 'credit', 12_40_000_00, 'RTGS/CR/UTIB0000123/STATE TREASURY/SUBSIDY DEC-2026', 'UTIBR52026120212'],
    [3, 'credit', 99_99, 'नकद जमा – सिविल लाइन्स काउंटर', 'DS-1002'],
    [4, 'credit', 3_45_678_90, 'SETTLEMENT/HDFC UPI/BATCH 20261204-01/NET OF MDR 0.00/1,234 TRANSACTIONS', 'HDFCUPI1204'],
    [4, 'debit', 1_500_50, 'CHQ RETURN/004512/INSUFFICIENT FUNDS', '004512'],
    [5, 'credit', 7_77_777_77, `${'BULK COLLECTION SWEEP FROM SUBSTATION ACCOUNTS '.repeat(3)}END`, 'SWEEP1205'],
    [6, 'debit', 10_00_000_00, 'TRANSFER TO FIXED DEPOSIT 50012345', 'FD50012345'],
    [7, 'credit', 2_500_00, 'CASH DEP BY SS017 RAJPUR, SLIP DS-2001', 'DS-2001'],
    [8, 'credit', 1_23_456_78, 'SETTLEMENT/CARD/BATCH 0412/GROSS 1,24,000.00 LESS MDR', 'CARD0412'],
    [9, 'debit', 1, 'ROUNDING', ''],
    [10, 'credit', 60_000_00, 'CASH DEP BY SS042 CIVIL LINES, SLIP DS-1003', 'DS-1003'],
    [11, 'debit', 4_72_00, 'GST ON CHARGES', 'GST1211'],
    [12, 'credit', 100_10, 'UPI/CR/634512789099/R SHARMA/HDFC/BILL 1002003999', '634512789099'],
    [13, 'credit', 8_88_888_88, 'RTGS/CR/MUNICIPAL CORPORATION/DUES 2026-27', 'SBINR52026121300'],
    [14, 'debit', 50_000_00, 'NEFT/DR/CONTRACTOR PAYMENT', 'N335260099999'],
    [15, 'credit', 9_999_99, 'CASH DEP BY SS017 RAJPUR, SLIP DS-2002', 'DS-2002'],
  ];
  const from = '2026-12-01';
  const openingPaise = 50_000_00;
  const lines: StatementLine[] = specs.map(([days, direction, amountPaise, narration, reference], i) => ({
    line: i + 1, bookedOn: addDays(from, days), valueOn: addDays(from, days + (i % 3 === 0 ? 1 : 0)), amountPaise, direction, narration, reference,
  }));
  const closingPaise = lines.reduce((b, l) => b + (l.direction === 'credit' ? l.amountPaise : -l.amountPaise), openingPaise);
  return { format: 'camt053', account: '30012345678', statementId: 'STMT-2026-12', from, to: lines.at(-1)!.bookedOn, openingPaise, closingPaise, lines };
}

const bytes = (s: string) => Buffer.from(s, 'utf8');

describe('reading values as banks write them', () => {
  it('reads amounts exactly, with grouping, symbols, signs and Cr/Dr', () => {
    const cases: [string, number | null][] = [
      ['1,234.50', 123450], ['12,34,567.89', 123456789], ['1,234,567.89', 123456789], ['100.10', 10010], ['0.01', 1],
      ['₹ 1,23,456.78', 12345678], ['INR 500', 50000], ['Rs. 12.5', 1250], ['Rs.12.50', 1250], ['-1,000.00', -100000],
      ['-₹500.00', -50000], ['(250.00)', -25000], ['5,000.00 Cr', 500000], ['250.00Dr', -25000], ['100.100', 10010],
      ['1,2345.00', null], ['12.345', null], ['abc', null], ['', null], ['-100 Dr', null], ['-100 Cr', null], ['1.2.3', null],
      ['90071992547409.91', 9007199254740991], ['90071992547409.92', null],
    ];
    for (const [text, paise] of cases) expect([text, readStatementAmount(text, 'rupees')]).toEqual([text, paise]);
    expect(readStatementAmount('123450', 'paise')).toBe(123450);
    expect(readStatementAmount('1234.50', 'paise')).toBeNull();
  });

  it('reads dates in the five formats, and only real ones', () => {
    expect(readStatementDate('2026-12-05', 'YYYY-MM-DD')).toBe('2026-12-05');
    expect(readStatementDate('05-12-2026', 'DD-MM-YYYY')).toBe('2026-12-05');
    expect(readStatementDate('05/12/2026 14:30:00', 'DD/MM/YYYY')).toBe('2026-12-05');
    expect(readStatementDate('05-Dec-2026', 'DD-MMM-YYYY')).toBe('2026-12-05');
    expect(readStatementDate('5-DEC-2026', 'DD-MMM-YYYY')).toBe('2026-12-05');
    expect(readStatementDate('05/12/26', 'DD/MM/YY')).toBe('2026-12-05');
    expect(readStatementDate('31/02/2026', 'DD/MM/YYYY')).toBeNull();
    expect(readStatementDate('2026-12-05', 'DD/MM/YYYY')).toBeNull();
    expect(readStatementDate('05-Dex-2026', 'DD-MMM-YYYY')).toBeNull();
  });
});

describe('the three statement formats', () => {
  const s = sample();

  it('reads back a camt.053 statement exactly, amounts like 100.10 to the paisa', () => {
    const xml = camt053Of(s);
    expect(xml).toContain('<Amt Ccy="INR">100.10</Amt>');
    expect(parseCamt053(xml)).toEqual({ ...s, format: 'camt053' });
    expect(parseStatement(bytes(xml), 'camt053')).toEqual({ ...s, format: 'camt053' });
    // Namespace prefixes, a BOM and CRLF line ends change nothing.
    const prefixed = xml.replace(/<(\/?)([A-Z]\w*)/g, '<$1ns2:$2').replace('xmlns=', 'xmlns:ns2=').replaceAll('\n', '\r\n');
    expect(parseStatement(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes(prefixed)]), 'camt053')).toEqual({ ...s, format: 'camt053' });
  });

  it('reads back an MT940 statement exactly, its long narration cut at 65 and joined again', () => {
    const text = mt940Of(s);
    expect(text).toContain(':61:2612021201C100,10NTRFNONREF//634512789012');
    expect(text.split('\r\n').some((l) => l.length === 65)).toBe(true);
    expect(parseMt940(text)).toEqual({ ...s, format: 'mt940' });
    expect(parseStatement(bytes(text), 'mt940')).toEqual({ ...s, format: 'mt940' });
  });

  for (const layout of ['marked', 'split', 'signed'] as const) {
    it(`reads back a CSV statement exactly (${layout} layout)`, () => {
      const { text, input } = csvOf(s, layout);
      if (layout !== 'split') expect(text).toContain('12,34,567.89');
      const expected = { ...s, format: 'csv', statementId: null };
      expect(parseStatementCsv(text, input)).toEqual(expected);
      expect(parseStatement(bytes(text), 'csv', input)).toEqual(expected);
    });
  }

  it('reads a CSV without a value date column, amounts in paise, header case and spaces forgiven', () => {
    const text = ' date ,DETAILS,Amount,Balance\r\n2026-12-01,opening deposit,10010,110010\r\n\r\n2026-12-02,"fee, monthly",-2360,107650\r\n';
    const r = parseStatementCsv(text, {
      bank: 'Test Bank', account: '123',
      mapping: { date: 'Date', narration: 'Details', amount: 'amount', balance: 'balance', dateFormat: 'YYYY-MM-DD', amountUnit: 'paise' },
    });
    expect(r).toMatchObject({ openingPaise: 100000, closingPaise: 107650, from: '2026-12-01', to: '2026-12-02' });
    expect(r.lines.map((l) => [l.line, l.direction, l.amountPaise, l.valueOn, l.narration, l.reference])).toEqual([
      [1, 'credit', 10010, null, 'opening deposit', ''], [2, 'debit', 2360, null, 'fee, monthly', ''],
    ]);
  });

  it('refuses a statement that does not add up, saying both figures in rupees', () => {
    const off = { ...s, closingPaise: s.closingPaise + 100 };
    const camt = refused(() => parseCamt053(camt053Of(off)), 'unbalanced');
    expect(camt.message).toContain('the statement does not add up');
    expect(camt.message).toMatch(/is ₹[\d,]+\.\d\d, but its closing balance is ₹[\d,]+\.\d\d \(a difference of ₹1\.00\)/);
    refused(() => parseMt940(mt940Of(off)), 'unbalanced', /does not add up: its entries come to ₹[\d,]+\.\d\d .* is ₹[\d,]+\.\d\d$/);
    // A CSV's closing balance is its last running balance, so a CSV cannot disagree with itself
    // (a wrong running balance is its bad row, below); the check it passes refuses the same.
    refused(() => checkStatement({ ...off, format: 'csv' }), 'unbalanced', /its closing balance is ₹/);
  });

  it('refuses a CSV row whose running balance is wrong, naming the row and the figures', () => {
    const { text, input } = csvOf(s, 'marked');
    const rows = parse(text) as string[][];
    rows[14]![6] = '9,99,999.00'; // row 15 as a spreadsheet numbers it (the header is row 1)
    const l = s.lines[13]!;
    const before = s.openingPaise + s.lines.slice(0, 13).reduce((b, x) => b + (x.direction === 'credit' ? x.amountPaise : -x.amountPaise), 0);
    const e = refused(() => parseStatementCsv(stringify(rows), input), 'bad_line');
    expect(e.line).toBe(15);
    expect(e.message).toBe(
      `row 15: the balance ₹9,99,999.00 is not the previous balance ${formatINR(before as Paise)} less this debit ₹0.01 (which makes ${formatINR((before - l.amountPaise) as Paise)})`,
    );
  });

  it('refuses a CSV whose columns are not the mapping\'s, listing the file\'s columns', () => {
    const { text, input } = csvOf(s, 'split');
    const e = refused(() => parseStatementCsv(text.replace('Closing Balance', 'Running Bal'), input), 'unknown_layout');
    expect(e.message).toContain('"Closing Balance"');
    expect(e.message).toContain('"Date", "Narration", "Chq./Ref.No.", "Value Dt", "Withdrawal Amt.", "Deposit Amt.", "Running Bal"');
    refused(() => parseStatement(bytes(text), 'csv'), 'unknown_layout', /mapping/);
  });

  it('refuses CSV rows it cannot read, naming the row', () => {
    const { text, input } = csvOf(s, 'signed');
    const rows = parse(text) as string[][];
    const again = (row: number, column: number, value: string) => {
      const copy = rows.map((r) => [...r]);
      copy[row - 1]![column] = value;
      return () => parseStatementCsv(stringify(copy), input);
    };
    expect(refused(again(3, 0, '31-02-2026'), 'bad_line', /^row 3: the Posting Date "31-02-2026" is not a date written DD-MM-YYYY$/).line).toBe(3);
    refused(again(4, 4, 'ten rupees'), 'bad_line', /^row 4: the Amount \(INR\) "ten rupees" is not an amount in rupees$/);
    refused(again(5, 4, '0.00'), 'bad_line', /^row 5: the Amount \(INR\) is zero/);
    refused(() => parseStatementCsv(`${text}01-12-2026,x\r\n`, input), 'bad_line', /has 2 columns where the header has 6/);
    refused(() => parseStatementCsv(`${text}"unclosed,1\r\n`, input), 'malformed', /cannot be read as CSV at line/);
    refused(() => parseStatementCsv(text.split('\r\n')[0]!, input), 'empty');
    const split = csvOf(s, 'split');
    const both = (parse(split.text) as string[][]).map((r) => [...r]);
    both[1]![4] = '10.00';
    refused(() => parseStatementCsv(stringify(both), split.input), 'bad_line', /^row 2: both Deposit Amt\. \(₹[\d,.]+\) and Withdrawal Amt\. \(₹10\.00\) are filled in/);
  });

  it('refuses a truncated camt file, and XML that is not camt.053, saying the line', () => {
    const xml = camt053Of(s);
    const half = refused(() => parseCamt053(xml.slice(0, xml.length / 2)), 'malformed', /cut short|line \d+/);
    expect(half.line).toBeGreaterThan(1);
    refused(() => parseCamt053(xml.replace('</BkToCstmrStmt>', '</BkToCstmrStmnt>')), 'malformed', /line \d+/);
    refused(() => parseCamt053(xml.replace('camt.053.001.08', 'camt.052.001.08')), 'malformed', /camt\.052\.001\.08 message, not a camt\.053/);
    refused(() => parseCamt053(xml.replace('camt.053.001.08', 'camt.053.001.10')), 'malformed', /version 001\.10/);
    refused(() => parseCamt053('<?xml version="1.0"?><Invoice><Total>1</Total></Invoice>'), 'malformed', /no Document\/BkToCstmrStmt/);
    refused(() => parseCamt053(xml.replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0"?><!DOCTYPE Document [<!ENTITY a "b">]>')), 'malformed', /DOCTYPE/);
    const entry = refused(() => parseCamt053(xml.replace('<Amt Ccy="INR">100.10</Amt>', '<Amt Ccy="INR">100.105</Amt>')), 'bad_line', /"100\.105" is not an amount/);
    expect(xml.split('\n')[entry.line! - 1]).toContain('<Ntry>');
  });

  it('refuses a file over 20 MB, saying its size', () => {
    refused(() => parseStatement(Buffer.alloc(50 * 1024 * 1024, 0x20), 'camt053'), 'too_large', /^the file is 50\.0 MB; the centre reads files of at most 20 MB/);
  });

  it('refuses bytes that are not UTF-8 text, saying the line', () => {
    const latin1 = Buffer.concat([bytes('Date,Narration,Amount,Balance\n01-12-2026,'), Buffer.from([0x44, 0xe9, 0x70, 0xf4, 0x74]), bytes(',1.00,1.00\n')]);
    const e = refused(() => parseStatement(latin1, 'csv', csvOf(s, 'signed').input), 'not_text', /not text in UTF-8 \(line 2/);
    expect(e.line).toBe(2);
    refused(() => parseStatement(Buffer.from([0xff, 0xfe, 0x3c, 0x00]), 'camt053'), 'not_text');
    refused(() => parseStatement(bytes('a\nb\0c'), 'mt940'), 'not_text', /line 2 holds a NUL byte/);
    refused(() => parseStatement(bytes('  \r\n'), 'mt940'), 'empty');
  });

  it('refuses a statement in another currency', () => {
    refused(() => parseCamt053(camt053Of(s).replaceAll('Ccy="INR"', 'Ccy="USD"').replace('<Ccy>INR</Ccy>', '')), 'not_inr', /in USD; the centre reads INR statements only/);
    refused(() => parseCamt053(camt053Of(s).replace('<Ccy>INR</Ccy>', '<Ccy>EUR</Ccy>')), 'not_inr', /kept in EUR/);
    refused(() => parseMt940(mt940Of(s).replaceAll('INR', 'USD')), 'not_inr', /USD/);
    refused(() => parseMt940(mt940Of(s).replace(/(:62F:[CD]\d{6})INR/, '$1EUR')), 'not_inr', /INR and EUR/);
  });

  it('refuses a file of more than one statement', () => {
    const xml = camt053Of(s);
    const stmt = xml.slice(xml.indexOf('    <Stmt>'), xml.indexOf('  </BkToCstmrStmt>'));
    refused(() => parseCamt053(xml.replace(stmt, stmt + stmt)), 'many_statements', /holds 2 statements/);
    refused(() => parseMt940(mt940Of(s) + mt940Of(s)), 'many_statements', /holds 2 statements/);
  });

  it('leaves pending camt entries out: they are not on the account yet', () => {
    const xml = camt053Of(s);
    const pending = (sts: string) => `      <Ntry>\n        <Amt Ccy="INR">999.00</Amt>\n        <CdtDbtInd>CRDT</CdtDbtInd>\n        ${sts}\n        <BookgDt><Dt>2026-12-03</Dt></BookgDt>\n      </Ntry>\n`;
    const withPending = xml.replace('    </Stmt>', `${pending('<Sts><Cd>PDNG</Cd></Sts>')}${pending('<Sts>PDNG</Sts>')}${pending('<Sts><Cd>INFO</Cd></Sts>')}    </Stmt>`);
    expect(parseCamt053(withPending)).toEqual({ ...s, format: 'camt053' });
    // Booked the old way (a plain Sts BOOK), the same entry counts, and unbalances the statement.
    refused(() => parseCamt053(xml.replace('    </Stmt>', `${pending('<Sts>BOOK</Sts>')}    </Stmt>`)), 'unbalanced');
  });

  it('checks every format the same way: the account, the dates and each entry', () => {
    checkStatement(s);
    refused(() => checkStatement({ ...s, account: ' ' }), 'malformed', /which account/);
    refused(() => checkStatement({ ...s, from: '2026-02-30' }), 'malformed', /"2026-02-30" is not a date/);
    refused(() => checkStatement({ ...s, from: '2026-12-31', to: '2026-12-01' }), 'malformed', /ends before it begins/);
    const moved = { ...s, lines: s.lines.map((l, i) => (i === 4 ? { ...l, bookedOn: '2027-01-05' } : l)) };
    expect(refused(() => checkStatement(moved), 'bad_line', /^entry 5: booked on 05-01-2027, outside the statement's period 01-12-2026 to 16-12-2026$/).line).toBe(5);
    refused(() => checkStatement({ ...s, lines: s.lines.map((l, i) => (i === 2 ? { ...l, amountPaise: 0 } : l)) }), 'bad_line', /^entry 3: the amount ₹0\.00 is not more than zero/);
    refused(() => checkStatement({ ...s, lines: s.lines.map((l, i) => (i === 2 ? { ...l, amountPaise: 1.5 } : l)) }), 'bad_line', /not a whole number of paise/);
    // The period of a camt statement is its FrToDt: an entry booked outside it is refused there too.
    const e = refused(() => parseCamt053(camt053Of(s).replace('<BookgDt><Dt>2026-12-03</Dt></BookgDt>', '<BookgDt><Dt>2026-11-28</Dt></BookgDt>')), 'bad_line', /^line \d+ \(entry 5\): booked on 28-11-2026/);
    expect(camt053Of(s).split('\n')[e.line! - 1]).toContain('<Ntry>');
  });
});

describe('files as banks send them', () => {
  it('reads a camt.053.001.02 with transaction details, remittance lines, a batch and a pending entry', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02 camt.053.001.02.xsd">
  <BkToCstmrStmt>
    <GrpHdr>
      <MsgId>053D2026120300012</MsgId>
      <CreDtTm>2026-12-03T06:10:22.118+05:30</CreDtTm>
      <MsgPgntn><PgNb>1</PgNb><LastPgInd>true</LastPgInd></MsgPgntn>
    </GrpHdr>
    <Stmt>
      <Id>0530000000012345</Id>
      <ElctrncSeqNb>236</ElctrncSeqNb>
      <CreDtTm>2026-12-03T06:10:22.118+05:30</CreDtTm>
      <Acct>
        <Id><Othr><Id>00000037123456789</Id><SchmeNm><Cd>BBAN</Cd></SchmeNm></Othr></Id>
        <Ccy>INR</Ccy>
        <Ownr><Nm>CITY POWER DISTRIBUTION LTD COLLECTION AC</Nm></Ownr>
        <Svcr><FinInstnId><BIC>SBININBB104</BIC></FinInstnId></Svcr>
      </Acct>
      <Bal>
        <Tp><CdOrPrtry><Cd>PRCD</Cd></CdOrPrtry></Tp>
        <Amt Ccy="INR">1250000.00</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Dt><Dt>2026-12-01</Dt></Dt>
      </Bal>
      <Bal>
        <Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp>
        <Amt Ccy="INR">1276699.50</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Dt><Dt>2026-12-02</Dt></Dt>
      </Bal>
      <Bal>
        <Tp><CdOrPrtry><Cd>CLAV</Cd></CdOrPrtry></Tp>
        <Amt Ccy="INR">1276699.50</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Dt><Dt>2026-12-02</Dt></Dt>
      </Bal>
      <TxsSummry>
        <TtlNtries><NbOfNtries>3</NbOfNtries><Sum>29700.50</Sum></TtlNtries>
      </TxsSummry>
      <Ntry>
        <NtryRef>1</NtryRef>
        <Amt Ccy="INR">25000.00</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Sts>BOOK</Sts>
        <BookgDt><Dt>2026-12-02</Dt></BookgDt>
        <ValDt><Dt>2026-12-02</Dt></ValDt>
        <AcctSvcrRef>SBIN326336123456</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>DMCT</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls>
          <TxDtls>
            <Refs><EndToEndId>HDFC0002612021234</EndToEndId></Refs>
            <AmtDtls><TxAmt><Amt Ccy="INR">25000.00</Amt></TxAmt></AmtDtls>
            <RltdPties><Dbtr><Nm>RAJPUR MUNICIPAL BOARD</Nm></Dbtr></RltdPties>
            <RmtInf>
              <Ustrd>ELECTRICITY DUES NOV-2026</Ustrd>
              <Ustrd>CONSUMER 1002003004</Ustrd>
            </RmtInf>
          </TxDtls>
        </NtryDtls>
        <AddtlNtryInf>NEFT CR-HDFC0000001-RAJPUR MUNICIPAL BOARD</AddtlNtryInf>
      </Ntry>
      <Ntry>
        <NtryRef>2</NtryRef>
        <Amt Ccy="INR">1500.50</Amt>
        <CdtDbtInd>DBIT</CdtDbtInd>
        <Sts>BOOK</Sts>
        <BookgDt><DtTm>2026-12-02T10:15:00+05:30</DtTm></BookgDt>
        <ValDt><Dt>2026-12-01</Dt></ValDt>
        <BkTxCd><Prtry><Cd>CHRG</Cd><Issr>SBI</Issr></Prtry></BkTxCd>
        <NtryDtls>
          <TxDtls>
            <Refs><EndToEndId>CHG/NOV/2026/77</EndToEndId></Refs>
            <RmtInf><Ustrd>CASH HANDLING CHARGES NOV-2026</Ustrd></RmtInf>
          </TxDtls>
        </NtryDtls>
      </Ntry>
      <Ntry>
        <NtryRef>3</NtryRef>
        <Amt Ccy="INR">3200.00</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Sts>BOOK</Sts>
        <BookgDt><Dt>2026-12-02</Dt></BookgDt>
        <ValDt><Dt>2026-12-02</Dt></ValDt>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>BOOK</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls>
          <Btch><NbOfTxs>2</NbOfTxs></Btch>
          <TxDtls>
            <Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
            <RmtInf><Ustrd>UPI 634512789012 ASHA K</Ustrd></RmtInf>
          </TxDtls>
          <TxDtls>
            <Refs><EndToEndId>634512789013</EndToEndId></Refs>
            <RmtInf><Ustrd>UPI 634512789013 R SHARMA</Ustrd></RmtInf>
          </TxDtls>
        </NtryDtls>
      </Ntry>
      <Ntry>
        <NtryRef>4</NtryRef>
        <Amt Ccy="INR">7000.00</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Sts>PDNG</Sts>
        <ValDt><Dt>2026-12-03</Dt></ValDt>
        <AddtlNtryInf>CHEQUE IN CLEARING 004513</AddtlNtryInf>
      </Ntry>
    </Stmt>
  </BkToCstmrStmt>
</Document>
`;
    expect(parseStatement(bytes(xml), 'camt053')).toEqual({
      format: 'camt053', account: '00000037123456789', statementId: '0530000000012345', from: '2026-12-02', to: '2026-12-02',
      openingPaise: 1_250_000_00, closingPaise: 1_276_699_50,
      lines: [
        { line: 1, bookedOn: '2026-12-02', valueOn: '2026-12-02', amountPaise: 25_000_00, direction: 'credit', reference: 'SBIN326336123456', narration: 'NEFT CR-HDFC0000001-RAJPUR MUNICIPAL BOARD ELECTRICITY DUES NOV-2026 CONSUMER 1002003004' },
        { line: 2, bookedOn: '2026-12-02', valueOn: '2026-12-01', amountPaise: 1_500_50, direction: 'debit', reference: 'CHG/NOV/2026/77', narration: 'CASH HANDLING CHARGES NOV-2026' },
        { line: 3, bookedOn: '2026-12-02', valueOn: '2026-12-02', amountPaise: 3_200_00, direction: 'credit', reference: '634512789013', narration: 'UPI 634512789012 ASHA K UPI 634512789013 R SHARMA' },
      ],
    } satisfies ParsedStatement);
  });

  it('reads an MT940 in SWIFT blocks with entry dates, a reversal, supplementary details and :86: over lines', () => {
    const text = [
      '{1:F01SBININBBAXXX0000000000}{2:O9400610261203SBININBBAXXX00000000002612030610N}{4:',
      ':20:940S261203001',
      ':25:SBIN0001234/37123456789',
      ':28C:236/1',
      ':60F:C261201INR1250000,00',
      ':61:2612021202CR25000,00NTRFHDFC000261202//SBIN326336123',
      'NEFT INWARD',
      ':86:NEFT CR-HDFC0000001-RAJPUR MUNICIPAL BOARD',
      'ELECTRICITY DUES NOV-2026 CONSUMER 1002003004',
      ':61:2612011202D1500,5NCHGNONREF',
      ':86:CASH HANDLING CHARGES NOV-2026',
      ':61:2612021202RD200,NCHGNONREF//REV0001',
      ':86:REVERSAL OF SMS CHARGES',
      ':61:2612021202C3000,NMSCUPI1202',
      ':62F:C261202INR1276699,50',
      ':64:C261202INR1276699,50',
      ':86:COLLECTION ACCOUNT CITY POWER',
      '-}',
      '',
    ].join('\r\n');
    expect(parseStatement(bytes(text), 'mt940')).toEqual({
      format: 'mt940', account: 'SBIN0001234/37123456789', statementId: '940S261203001', from: '2026-12-01', to: '2026-12-02',
      openingPaise: 1_250_000_00, closingPaise: 1_276_699_50,
      lines: [
        { line: 1, bookedOn: '2026-12-02', valueOn: '2026-12-02', amountPaise: 25_000_00, direction: 'credit', reference: 'SBIN326336123', narration: 'NEFT CR-HDFC0000001-RAJPUR MUNICIPAL BOARD ELECTRICITY DUES NOV-2026 CONSUMER 1002003004' },
        { line: 2, bookedOn: '2026-12-02', valueOn: '2026-12-01', amountPaise: 1_500_50, direction: 'debit', reference: '', narration: 'CASH HANDLING CHARGES NOV-2026' },
        { line: 3, bookedOn: '2026-12-02', valueOn: '2026-12-02', amountPaise: 200_00, direction: 'credit', reference: 'REV0001', narration: 'REVERSAL OF SMS CHARGES' },
        { line: 4, bookedOn: '2026-12-02', valueOn: '2026-12-02', amountPaise: 3_000_00, direction: 'credit', reference: 'UPI1202', narration: '' },
      ],
    } satisfies ParsedStatement);
    // An entry date across the new year is of the next year; an amount of three decimals is refused.
    const newYear = text.replace(':61:2612011202D1500,5', ':61:2612310101D1500,5').replace(':62F:C261202', ':62F:C270101');
    expect(parseMt940(newYear).lines[1]).toMatchObject({ valueOn: '2026-12-31', bookedOn: '2027-01-01' });
    const e = refused(() => parseMt940(text.replace('D1500,5NCHG', 'D1500,505NCHG')), 'bad_line', /^line 10 \(:61: entry 2\): the amount "1500,505" is not an amount/);
    expect(e.line).toBe(10);
    refused(() => parseMt940(text.replace(':60F:C261201INR1250000,00\r\n', '')), 'malformed', /no opening balance \(:60F:\)/);
    refused(() => parseMt940(text.replace(':61:2612011202D', ':61:26120x1202D')), 'malformed', /^line 10: the :61: field/);
    refused(() => parseMt940('Account statement\r\n:20:X\r\n'), 'malformed', /not an MT940 statement/);
  });
});

describe('settlement reports', () => {
  const lines: SettlementReportLine[] = Array.from({ length: 12 }, (_, i) => ({
    line: i + 1, reference: String(634512789000 + i * 7), amountPaise: [100_10, 12_34_567_89, 1, 5_000_00][i % 4]!,
    feePaise: i % 4 === 2 ? 1 : i % 3 === 0 ? 0 : 118, transactedOn: addDays('2026-12-01', i), settledOn: addDays('2026-12-02', i + (i % 2)), batch: `B${20261202 + (i >> 2)}`,
  }));

  for (const mode of ['upi', 'card'] as const) {
    it(`reads back a ${mode} settlement report exactly`, () => {
      const { text, input } = settlementCsvOf(lines, 'HDFC Bank', mode);
      expect(parseSettlementCsv(text, input)).toEqual(lines);
      expect(parseSettlementCsv(statementText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes(text)])), input)).toEqual(lines);
    });
  }

  it('takes a fee of 0 when the provider writes no fee', () => {
    const { text, input } = settlementCsvOf(lines, 'PhonePe', 'upi');
    const { fee: _fee, ...mapping } = input.mapping;
    expect(parseSettlementCsv(text, { ...input, mapping }).map((l) => l.feePaise)).toEqual(lines.map(() => 0));
  });

  it('refuses the whole report at a bad line, naming the row', () => {
    const { text, input } = settlementCsvOf(lines, 'HDFC Bank', 'card');
    const rows = parse(text) as string[][];
    const again = (row: number, column: number, value: string) => {
      const copy = rows.map((r) => [...r]);
      copy[row - 1]![column] = value;
      return () => parseSettlementCsv(stringify(copy), input);
    };
    expect(refused(again(3, 4, '-2.36'), 'bad_line', /^row 3: the Commission -₹2\.36 is negative$/).line).toBe(3);
    refused(again(2, 4, 'Rs. 200.00'), 'bad_line', /^row 2: the Commission ₹200\.00 is more than the amount ₹100\.10 it is charged on$/);
    refused(again(4, 5, ' '), 'bad_line', /^row 4: no Batch No$/);
    refused(again(5, 1, '31/02/2026'), 'bad_line', /^row 5: the Transaction Date "31\/02\/2026" is not a date written DD\/MM\/YYYY$/);
    refused(again(5, 2, '2026-12-05'), 'bad_line', /^row 5: the Settled On "2026-12-05" is not a date written/);
    refused(again(6, 2, '01/12/2026'), 'bad_line', /^row 6: settled on 01-12-2026, before the transaction on 05-12-2026$/);
    refused(again(7, 0, ''), 'bad_line', /^row 7: no Approval Code$/);
    refused(again(8, 3, '0.00'), 'bad_line', /^row 8: the Txn Amount \(Rs\) "0\.00" is not an amount in rupees more than zero$/);
    refused(again(8, 3, '-100.00'), 'bad_line', /more than zero/);
    refused(() => parseSettlementCsv(text.split('\r\n')[0]!, input), 'empty', /has no transactions/);
    refused(() => parseSettlementCsv(text.replace('Batch No', 'Batch'), input), 'unknown_layout', /names "Batch No", which this file does not have.*"Batch"/);
  });
});
