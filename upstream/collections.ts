// The centre's collections report (issue 17 #5): what the signed journals held centrally say was
// collected (read from the daily collections that ingest projects from them), over a day or a range, grouped by any of business day × substation × counter × mode
// × cashier, voided payments apart and late entries (arrived after their day was reported closed)
// counted. Exported as CSV or XLSX with a signed manifest — contract counterfoil-central-export/1,
// the terminals' scheme signed by the server key — that `counterfoil verify-export` checks.
import { createHash, sign } from 'node:crypto';
import { Writable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { COLLECTION_DIMENSIONS, type CollectionDimension, type CollectionsReport, type CollectionsRow } from '../shared/console-api.js';
import { addDays, isIsoDate, type IsoDate } from '../shared/dates.js';
import { CENTRAL_EXPORT_MANIFEST_FORMAT, CentralExportManifest, manifestSignedText } from '../shared/export-manifest.js';
import { toRupeeString, type Paise } from '../shared/money.js';
import { safeText } from '../shared/spreadsheet-text.js';
import { keyIdOf, type ServerKey } from './crypto.js';
import type { Sql } from './store.js';

/** The longest range one report covers. */
export const COLLECTIONS_MAX_DAYS = 366;

export class CollectionsError extends Error {}

export interface CollectionsQuery {
  from: IsoDate;
  to: IsoDate;
  by: CollectionDimension[];
  substation?: string | null;
}

/** What each dimension selects and groups by (from the daily collections `c`, joined with terminals `t`). */
const COLUMNS: Record<CollectionDimension, string[]> = {
  day: ["to_char(c.business_date, 'YYYY-MM-DD') AS day"],
  substation: ['t.substation'],
  counter: ['t.substation', 't.counter', 't.id AS terminal_id'],
  mode: ['c.mode'],
  cashier: ['c.cashier'],
};

function checkQuery(q: CollectionsQuery): void {
  if (!isIsoDate(q.from) || !isIsoDate(q.to) || q.to < q.from) throw new CollectionsError('the dates run from the first day to the last (YYYY-MM-DD), the last not before the first');
  if (q.to > addDays(q.from, COLLECTIONS_MAX_DAYS - 1)) throw new CollectionsError(`one report covers at most ${COLLECTIONS_MAX_DAYS} days`);
  if (new Set(q.by).size !== q.by.length || q.by.some((d) => !COLLECTION_DIMENSIONS.includes(d))) throw new CollectionsError(`group by any of ${COLLECTION_DIMENSIONS.join(', ')}, each once`);
}

export async function collectionsReport(sql: Sql, q: CollectionsQuery): Promise<CollectionsReport> {
  checkQuery(q);
  const selected = [...new Set(q.by.flatMap((d) => COLUMNS[d]))];
  const grouped = selected.map((c) => c.replace(/ AS \w+$/, '').replace(/^to_char\((.*), 'YYYY-MM-DD'\)$/, '$1'));
  const rows = await sql.query<Record<string, string | null> & { payments: string; amount: string; voids: string; voided: string; late: string }>(
    `SELECT ${selected.map((c) => `${c}, `).join('')}
            COALESCE(SUM(c.payments), 0) AS payments, COALESCE(SUM(c.amount_paise), 0) AS amount,
            COALESCE(SUM(c.voids), 0) AS voids, COALESCE(SUM(c.voided_paise), 0) AS voided, COALESCE(SUM(c.late), 0) AS late
       FROM collections_daily c JOIN terminals t ON t.id = c.terminal_id
      WHERE c.business_date BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR t.substation = $3)
      ${grouped.length ? `GROUP BY ${grouped.join(', ')} ORDER BY ${grouped.join(', ')}` : ''}`,
    [q.from, q.to, q.substation ?? null],
  );
  const out: CollectionsRow[] = rows.map((r) => ({
    ...(q.by.includes('day') ? { day: r.day! } : {}),
    ...(q.by.includes('substation') || q.by.includes('counter') ? { substation: r.substation! } : {}),
    ...(q.by.includes('counter') ? { counter: r.counter!, terminalId: r.terminal_id! } : {}),
    ...(q.by.includes('mode') ? { mode: r.mode! } : {}),
    ...(q.by.includes('cashier') ? { cashier: r.cashier! } : {}),
    payments: Number(r.payments), amountPaise: Number(r.amount), voids: Number(r.voids), voidedPaise: Number(r.voided), late: Number(r.late),
  }));
  const sum = (k: 'payments' | 'amountPaise' | 'voids' | 'voidedPaise' | 'late') => out.reduce((n, r) => n + r[k], 0);
  return {
    from: q.from, to: q.to, by: q.by, substation: q.substation ?? null, rows: out,
    totals: { payments: sum('payments'), amountPaise: sum('amountPaise'), voids: sum('voids'), voidedPaise: sum('voidedPaise'), late: sum('late') },
  };
}

/** The columns of an export: the dimensions asked for, then the figures (English, a fixed contract like the terminals' CSV). */
function table(r: CollectionsReport): { header: string[]; rows: (string | number)[][] } {
  const dims: [string, (x: CollectionsRow) => string][] = [];
  if (r.by.includes('day')) dims.push(['Business date', (x) => x.day ?? '']);
  if (r.by.includes('substation') || r.by.includes('counter')) dims.push(['Substation', (x) => x.substation ?? '']);
  if (r.by.includes('counter')) dims.push(['Counter', (x) => x.counter ?? ''], ['Terminal', (x) => x.terminalId ?? '']);
  if (r.by.includes('mode')) dims.push(['Mode', (x) => x.mode ?? '']);
  if (r.by.includes('cashier')) dims.push(['Cashier', (x) => x.cashier ?? '']);
  const header = [...dims.map(([h]) => h), 'Payments', 'Amount (₹)', 'Amount (paise)', 'Voids', 'Voided (₹)', 'Late entries'];
  const figures = (x: Omit<CollectionsRow, 'day' | 'substation' | 'counter' | 'terminalId' | 'mode' | 'cashier'>) =>
    [x.payments, toRupeeString(x.amountPaise as Paise), x.amountPaise, x.voids, toRupeeString(x.voidedPaise as Paise), x.late];
  const rows = r.rows.map((x) => [...dims.map(([, get]) => safeText(get(x))), ...figures(x)]);
  rows.push([...(dims.length ? ['Total', ...dims.slice(1).map(() => '')] : []), ...figures(r.totals)]);
  return { header, rows };
}

async function writeXlsx(r: CollectionsReport, generatedAt: Date): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: true, zip: { zlib: { level: 1 } } });
  wb.creator = 'Counterfoil centre';
  wb.created = generatedAt;
  wb.modified = generatedAt;
  const ws = wb.addWorksheet('Collections');
  ws.addRow([`Collections ${r.from === r.to ? r.from : `${r.from} to ${r.to}`}${r.substation ? `, substation ${r.substation}` : ''}, from the signed journals held centrally`]).commit();
  const { header, rows } = table(r);
  ws.addRow(header).commit();
  for (const row of rows) ws.addRow(row).commit();
  ws.commit();
  await wb.commit();
  return Buffer.concat(chunks);
}

export interface CentralExport {
  fileName: string;
  bytes: Buffer;
  manifest: CentralExportManifest;
}

/** The report as a CSV or XLSX file with its manifest signed by the server key. */
export async function exportCollections(sql: Sql, key: ServerKey, q: CollectionsQuery, format: 'csv' | 'xlsx', by: string, now = new Date()): Promise<CentralExport> {
  const r = await collectionsReport(sql, q);
  let bytes: Buffer;
  if (format === 'csv') {
    const { header, rows } = table(r);
    bytes = Buffer.from(`\uFEFF${stringify([header, ...rows.map((row) => row.map(String))], { record_delimiter: 'windows', quoted: true, quoted_empty: true })}`, 'utf8');
  } else bytes = await writeXlsx(r, now);
  const days = r.from === r.to ? r.from : `${r.from}_${r.to}`;
  const fileName = `counterfoil-centre-collections-${r.substation ? `${r.substation}-` : ''}${days}.${format}`.replace(/[^A-Za-z0-9._-]/g, '_');
  const unsigned = {
    format: CENTRAL_EXPORT_MANIFEST_FORMAT,
    centre: { keyId: keyIdOf(key.publicRaw), publicKey: key.publicRaw.toString('base64url') },
    file: { name: fileName, format, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') },
    generatedAt: now.toISOString(),
    generatedBy: by,
    report: {
      name: 'collections' as const, from: r.from, to: r.to, by: r.by, substation: r.substation, rows: r.rows.length,
      payments: r.totals.payments, amountPaise: r.totals.amountPaise, voids: r.totals.voids, late: r.totals.late,
    },
  };
  const signature = sign(null, Buffer.from(manifestSignedText(unsigned), 'utf8'), key.privateKey).toString('base64url');
  return { fileName, bytes, manifest: CentralExportManifest.parse({ ...unsigned, signature }) };
}
