// The audit pack (docs/audit.md) end to end: a real terminal's three days — payments, a void, a
// returned cheque, shifts and days closed, a key rotation — held by the centre; a pack made with the
// centre's command line (in-process), checked offline by the terminal's `verify-pack` with the day
// totals its closes state; `tar -tf` lists it; bad requests are refused with nothing written.
import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main as terminalMain } from '../../core/cli.js';
import { verifyAuditPack } from '../../core/audit/verify-pack.js';
import { main as upstreamMain } from '../../upstream/cli.js';
import { openStore } from '../../upstream/store.js';
import { makeAuditPack } from '../../upstream/audit-pack.js';
import { upstreamBackends } from '../support/upstream-db.js';
import { buildServer } from '../../upstream/server.js';
import { serverKey } from '../../upstream/crypto.js';
import { consoleCookie, makeConsoleUser, ORIGIN } from '../support/console-users.js';
import { auditScenario, uploadToCentre, type AuditScenario } from '../support/audit-scenario.js';
import { tempDir } from '../support/terminal.js';

const dir = tempDir('counterfoil-audit-pack-');
const data = join(dir, 'up');
let s: AuditScenario;

/** Runs a command line in this process: its exit status and what it wrote. */
async function run(main: (argv: string[]) => Promise<number>, args: string[]): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((x) => ((out += String(x)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((x) => ((err += String(x)), true));
  try {
    return { status: await main(args), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}
const upstream = (...args: string[]) => run(upstreamMain, ['--data', data, ...args]);
const verifyPack = (...args: string[]) => run(terminalMain, ['verify-pack', ...args]);

beforeAll(async () => {
  s = await auditScenario();
  const sql = await openStore({ dataDir: data });
  try {
    await uploadToCentre(sql, s.tt);
  } finally {
    await sql.close();
  }
}, 120_000);
afterAll(() => {
  s?.tt.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('counterfoil-upstream audit-pack → counterfoil verify-pack', () => {
  it('makes a pack from seq 1 over the three days that verify-pack finds intact, with each closed day’s totals', async () => {
    const file = join(dir, 'all.tar');
    const made = await upstream('audit-pack', '--terminal', s.tt.t.id, '--from', '2026-11-26', '--to', '2026-11-28', '--out', file);
    expect(made.status, made.err).toBe(0);
    const answer = JSON.parse(made.out) as { sha256: string; firstSeq: number; lastSeq: number; fingerprint: string };
    const head = (s.tt.t.db.prepare('SELECT MAX(seq) AS seq FROM journal').get() as { seq: number }).seq;
    expect(answer).toMatchObject({ firstSeq: 1, lastSeq: head });

    const r = verifyAuditPack(readFileSync(file));
    expect(r.faults).toEqual([]);
    expect(r.keys.map((k) => [k.fromSeq, k.toSeq])).toEqual([[1, s.rotationSeq], [s.rotationSeq + 1, null]]);
    for (const [date, close] of Object.entries(s.closes)) expect(r.days.find((d) => d.date === date)).toMatchObject({ ...close, closedBy: 'meena' });
    expect(r.days.find((d) => d.date === '2026-11-27')).toMatchObject({ returnedCheques: 1, returnedPaise: 5_000_00 });
    expect(r.days.find((d) => d.date === '2026-11-28')).toMatchObject({ payments: 1, totalPaise: 110_00, voids: 1, closedSeq: null });

    const printed = await verifyPack(file);
    expect(printed.status, printed.out).toBe(0);
    expect(printed.out).toContain('INTACT');
    expect(printed.out).toContain('2026-11-26: 2 payments ₹3200.00, 1 voided ₹450.50');
    expect(printed.out).toMatch(/NOT PINNED: compare this fingerprint/);
    expect(printed.out.replace(/ /g, '')).toContain(answer.fingerprint);

    // Pinned to the server key the centre publishes (`counterfoil-upstream key`), and to another one.
    const published = JSON.parse((await upstream('key')).out) as { publicKey: string; fingerprint: string };
    expect(published.fingerprint).toBe(answer.fingerprint);
    const pinned = await verifyPack(file, '--server-key', Buffer.from(published.publicKey, 'base64url').toString('base64'));
    expect(pinned.status, pinned.out).toBe(0);
    expect(pinned.out).toContain('pinned: the pack is signed by the server key you gave');
    const other = await verifyPack(file, '--server-key', Buffer.alloc(16, 7).toString('base64'));
    expect(other.status).toBe(2); // not a key at all: a usage error, nothing checked
    const strangerKey = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x!;
    const stranger = await verifyPack(file, '--server-key', Buffer.from(strangerKey, 'base64url').toString('base64'));
    expect(stranger.status).toBe(1);
    expect(stranger.out).toMatch(/server-key: the pack is signed by server key/);

    // The admin log says who made which pack, with its SHA-256.
    const log = (await upstream('admin-log', '--limit', '5')).out.trim().split('\n').map((l) => JSON.parse(l) as { action: string; subject: string; after: { sha256: string } });
    expect(log.find((e) => e.action === 'audit.pack-made')).toMatchObject({ subject: s.tt.t.id, after: { sha256: answer.sha256 } });
    expect(createHashHex(readFileSync(file))).toBe(answer.sha256);
  }, 60_000);

  it('anchors a pack that starts mid-journal with a checkpoint, the key in force from the registry', async () => {
    const file = join(dir, 'later.tar');
    const made = await upstream('audit-pack', '--terminal', s.tt.t.id, '--from', '2026-11-27', '--to', '2026-11-27', '--out', file);
    expect(made.status, made.err).toBe(0);
    const r = verifyAuditPack(readFileSync(file));
    expect(r.faults).toEqual([]);
    expect(r.manifest?.anchor?.seq).toBe(r.manifest!.span.firstSeq - 1);
    expect(r.manifest!.span.firstSeq).toBeGreaterThan(1);
    expect(r.days).toEqual([expect.objectContaining({ date: '2026-11-27', ...s.closes['2026-11-27'] })]);
    // The same request makes the same pack but for the moment it was made: the events are the same bytes.
    const again = join(dir, 'later-again.tar');
    expect((await upstream('audit-pack', '--terminal', s.tt.t.id, '--from', '2026-11-27', '--to', '2026-11-27', '--out', again)).status).toBe(0);
    expect(verifyAuditPack(readFileSync(again)).faults).toEqual([]);
  }, 60_000);

  it('is a plain tar that tar -tf lists and tar -xf opens', async () => {
    let tar = true;
    try {
      execFileSync('tar', ['--version'], { stdio: 'ignore' });
    } catch {
      tar = false;
    }
    if (!tar) return expect(tar).toBe(false); // no tar on this machine: nothing more to run
    const file = join(dir, 'all.tar');
    expect(execFileSync('tar', ['-tf', file], { encoding: 'utf8' }).trim().split('\n')).toEqual(['manifest.json', 'manifest.sig', 'events.ndjson', 'keys.json', 'checkpoints.ndjson', 'days.json']);
    const x = join(dir, 'x');
    execFileSync('mkdir', ['-p', x]);
    execFileSync('tar', ['-xf', file, '-C', x]);
    expect(JSON.parse(readFileSync(join(x, 'manifest.json'), 'utf8'))).toMatchObject({ format: 'counterfoil-audit-pack/1' });
  });

  it('holds to docs/audit.md: its openssl steps and its python script pass on a real pack and the script fails an altered one', async () => {
    let tools = true;
    try {
      for (const tool of ['tar', 'openssl', 'python3', 'sha256sum']) execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      tools = false;
    }
    if (!tools) return expect(tools).toBe(false); // a machine without them runs nothing more
    const doc = readFileSync(join(__dirname, '../../docs/audit.md'), 'utf8');
    const block = (marker: string) => {
      const m = new RegExp(`<!-- tested: ${marker}[^>]*-->\\n\`\`\`\\w+\\n([\\s\\S]*?)\`\`\``).exec(doc);
      if (!m) throw new Error(`docs/audit.md has no block marked ${marker}`);
      return m[1]!;
    };
    const file = join(dir, 'all.tar');
    const work = join(dir, 'openssl');
    mkdirSync(work);
    const shell = execFileSync('bash', ['-euo', 'pipefail', '-c', block('openssl')], { cwd: work, env: { ...process.env, PACK: file }, encoding: 'utf8' });
    const manifest = JSON.parse(readFileSync(join(work, 'pack', 'manifest.json'), 'utf8')) as { centre: { fingerprint: string }; files: { name: string; sha256: string }[] };
    expect(shell).toContain(manifest.centre.fingerprint);
    expect(shell).toContain('Signature Verified Successfully');
    for (const f of manifest.files) expect(shell).toContain(`${f.sha256}  ${f.name}`);

    writeFileSync(join(work, 'check.py'), block('python'));
    const ok = execFileSync('python3', [join(work, 'check.py')], { cwd: join(work, 'pack'), encoding: 'utf8' });
    expect(ok).toMatch(/OK: \d+ events, chain and signatures hold/);
    // One payment's amount changed in its body, its hash made right: the script names that seq.
    const events = readFileSync(join(work, 'pack', 'events.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { seq: number; body: string; hash: string });
    const victim = events.find((e) => Buffer.from(e.body, 'base64').toString().includes('"payment.recorded"'))!;
    const body = Buffer.from(victim.body, 'base64').toString().replace(/"amountPaise":(\d+)/, (_m, n: string) => `"amountPaise":${Number(n) + 100}`);
    victim.body = Buffer.from(body).toString('base64');
    victim.hash = createHash('sha256').update(body).digest('hex');
    writeFileSync(join(work, 'pack', 'events.ndjson'), events.map((e) => JSON.stringify(e)).join('\n') + '\n');
    let failed = '';
    try {
      execFileSync('python3', [join(work, 'check.py')], { cwd: join(work, 'pack'), encoding: 'utf8' });
    } catch (e) {
      failed = String((e as { stdout?: string }).stdout);
    }
    expect(failed).toContain(`seq ${victim.seq}: not signed by the key in force`);
    expect(failed).toContain('events.ndjson is not the file the manifest names');
  }, 120_000);

  it('refuses a bad terminal, bad dates, from after to, an empty range and an existing file, writing nothing', async () => {
    const before = readdirSync(dir).sort();
    const out = join(dir, 'refused.tar');
    const cases: [string[], RegExp][] = [
      [['--terminal', 'T000000000000', '--from', '2026-11-26', '--to', '2026-11-28'], /no terminal T000000000000/],
      [['--terminal', 'nonsense', '--from', '2026-11-26', '--to', '2026-11-28'], /terminal is its id/],
      [['--terminal', s.tt.t.id, '--from', '2026-11-31', '--to', '2026-12-01'], /YYYY-MM-DD/],
      [['--terminal', s.tt.t.id, '--from', '2026-11-28', '--to', '2026-11-26'], /from its first day to its last/],
      [['--terminal', s.tt.t.id, '--from', '2025-01-01', '--to', '2026-11-28'], /at most 366 days/],
      [['--terminal', s.tt.t.id, '--from', '2026-12-10', '--to', '2026-12-11'], /holds no event/],
      [['--terminal', s.tt.t.id, '--from', '2026-11-26'], /--to|YYYY-MM-DD/],
    ];
    for (const [args, message] of cases) {
      const r = await upstream('audit-pack', ...args, '--out', out);
      expect(r.status, r.err).not.toBe(0);
      expect(r.err).toMatch(message);
      expect(existsSync(out)).toBe(false);
    }
    expect((await upstream('audit-pack', '--terminal', s.tt.t.id, '--from', '2026-11-26', '--to', '2026-11-26')).err).toMatch(/--out FILE/);
    // An existing file is never overwritten, and no pack is logged as made.
    writeFileSync(out, 'keep me');
    const logged = (await upstream('admin-log', '--limit', '100')).out.split('\n').filter((l) => l.includes('audit.pack-made')).length;
    const r = await upstream('audit-pack', '--terminal', s.tt.t.id, '--from', '2026-11-26', '--to', '2026-11-26', '--out', out);
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/already there/);
    expect(readFileSync(out, 'utf8')).toBe('keep me');
    expect((await upstream('admin-log', '--limit', '100')).out.split('\n').filter((l) => l.includes('audit.pack-made')).length).toBe(logged);
    rmSync(out);
    expect(readdirSync(dir).sort()).toEqual(before);
    // verify-pack of something that is not a pack: faults, not a crash; of no file: a usage error.
    writeFileSync(out, 'not a pack');
    const v = await verifyPack(out);
    expect(v.status).toBe(1);
    expect(v.out).toMatch(/tar-/);
    rmSync(out);
    expect((await verifyPack(join(dir, 'missing.tar'))).status).toBe(2);
  }, 60_000);
});


describe('the console’s audit pack route', () => {
  it('gives an auditor the pack (admin-logged under their name), refuses a viewer, another origin, bad dates and an unknown terminal', async () => {
    const sql = await openStore({ dataDir: data });
    const app = await buildServer(sql);
    try {
      const key = await serverKey(sql);
      const now = new Date();
      const auditor = await makeConsoleUser(sql, key, 'auditor1', 'auditor', now);
      const viewer = await makeConsoleUser(sql, key, 'viewer1', 'viewer', now);
      const cookies = { auditor: await consoleCookie(app, auditor, now), viewer: await consoleCookie(app, viewer, now) };
      const post = (who: keyof typeof cookies, terminal: string, payload: unknown, origin = ORIGIN) =>
        app.inject({ method: 'POST', url: `/console/api/terminals/${terminal}/audit-pack`, headers: { host: 'localhost:80', origin, cookie: cookies[who] }, payload: payload as object });
      const logged = async () => (await sql.query<{ actor: string; subject: string }>("SELECT actor, subject FROM admin_log WHERE action = 'audit.pack-made'"));
      const before = (await logged()).length;

      const r = await post('auditor', s.tt.t.id, { from: '2026-11-26', to: '2026-11-27' });
      expect(r.statusCode, r.body).toBe(200);
      const answer = r.json() as { fileName: string; file: string; sha256: string; fingerprint: string };
      const bytes = Buffer.from(answer.file, 'base64');
      expect(createHashHex(bytes)).toBe(answer.sha256);
      const report = verifyAuditPack(bytes, { serverKey: key.publicRaw.toString('base64url') });
      expect(report.faults).toEqual([]);
      expect(report.manifest?.madeBy).toBe('auditor1');
      expect((await logged()).slice(before)).toEqual([{ actor: 'auditor1', subject: s.tt.t.id }]);

      expect((await post('viewer', s.tt.t.id, { from: '2026-11-26', to: '2026-11-27' })).statusCode).toBe(403);
      expect((await post('auditor', s.tt.t.id, { from: '2026-11-26', to: '2026-11-27' }, 'http://evil.example')).statusCode).toBe(403);
      expect((await post('auditor', s.tt.t.id, { from: '26-11-2026', to: '2026-11-27' })).json()).toMatchObject({ error: 'invalid_body' });
      expect((await post('auditor', s.tt.t.id, { from: '2026-11-27', to: '2026-11-26' })).json()).toMatchObject({ error: 'invalid_range' });
      expect((await post('auditor', s.tt.t.id, { from: '2026-11-26', to: '2026-11-27', extra: 1 })).statusCode).toBe(400);
      const unknown = await post('auditor', 'T000000000000', { from: '2026-11-26', to: '2026-11-27' });
      expect([unknown.statusCode, unknown.json()]).toMatchObject([404, { error: 'no_terminal' }]);
      const empty = await post('auditor', s.tt.t.id, { from: '2027-01-01', to: '2027-01-02' });
      expect([empty.statusCode, empty.json()]).toMatchObject([422, { error: 'empty_range' }]);
      expect((await logged()).length).toBe(before + 1);
    } finally {
      await app.close();
      await sql.close();
    }
  }, 60_000);
});

describe.each(upstreamBackends())('the pack made by the centre on $name', (backend) => {
  it('verifies, its events file byte for byte the terminal’s own journal of the span', async () => {
    const sql = await backend.open();
    try {
      await uploadToCentre(sql, s.tt);
      const pack = await makeAuditPack(sql, await serverKey(sql), { terminal: s.tt.t.id, from: '2026-11-27', to: '2026-11-28' }, 'cli:test', new Date('2026-12-01T00:00:00Z'));
      const r = verifyAuditPack(pack.bytes);
      expect(r.faults).toEqual([]);
      expect(r.days.map((d) => [d.date, d.payments, d.totalPaise, d.voids])).toEqual([
        ['2026-11-27', 3, s.closes['2026-11-27']!.totalPaise, 0], ['2026-11-28', 1, 110_00, 1],
      ]);
      // What the terminal signed, not what the centre computes: the files other than the manifest and
      // checkpoints depend on the journal alone.
      const files = Object.fromEntries(r.manifest!.files.map((f) => [f.name, f.sha256]));
      expect(files['events.ndjson']).toBe(sha256Hex(eventsNdjson(s.tt, r.manifest!.span.firstSeq, r.manifest!.span.lastSeq)));
    } finally {
      await sql.close();
    }
  }, 60_000);
});

/** events.ndjson as the terminal's own journal gives it: each line's body, hash and signature as stored there. */
function eventsNdjson(tt: AuditScenario['tt'], first: number, last: number): string {
  const rows = tt.t.db.prepare('SELECT seq, body, hash, sig FROM journal WHERE seq BETWEEN ? AND ? ORDER BY seq').all(first, last) as { seq: number; body: string; hash: Buffer; sig: Buffer }[];
  return rows.map((r) => `{"body":"${Buffer.from(r.body).toString('base64')}","hash":"${r.hash.toString('hex')}","seq":${r.seq},"sig":"${r.sig.toString('base64')}"}\n`).join('');
}
const sha256Hex = (t: string) => createHash('sha256').update(t).digest('hex');

const createHashHex = (b: Buffer) => createHash('sha256').update(b).digest('hex');
