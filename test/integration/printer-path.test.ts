// Issue 15, Low: a `file:` printer was any path the app's user may write, so whoever could save
// the print settings could have every receipt written over ~/.bashrc. A `file:` printer is now a
// printer port (USB, parallel or serial devices; Windows COM/LPT ports and this PC's printer
// shares) or a file in the print folder chosen at the counter PC with `counterfoil printer folder`.
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findUser } from '../../core/auth/users.js';
import { configuredPrinter, printFileFolder, setPrintFileFolder } from '../../core/print/settings.js';
import { isPrinterDevice, parsePrinterTarget, printJob } from '../../core/print/transports.js';
import { counterfoil } from '../support/launcher.js';
import { makeTerminal, PINS, tempDir, type TestTerminal } from '../support/terminal.js';

const open: TestTerminal[] = [];
afterEach(() => {
  while (open.length) open.pop()!.close();
});
async function terminal() {
  const tt = await makeTerminal({ consumers: 5 });
  open.push(tt);
  const meena = await tt.login('meena');
  const settings = await tt.call('settings.print.get', { session: await tt.sessionOf('meena') });
  const setPrinter = (printer: string) => tt.api['settings.print.set']({ session: meena, settings: { ...settings, printer } });
  return Object.assign(tt, { meena, setPrinter });
}

describe('issue 15 Low: a file: printer is a printer port or a file in the print folder', () => {
  it('Low: settings.print.set with file:/home/x/.bashrc is refused and changes nothing', async () => {
    const tt = await terminal();
    const before = await tt.call('settings.print.get', { session: await tt.sessionOf('meena') });
    for (const path of ['/home/x/.bashrc', '/home/x/.config/autostart/x.desktop', 'OUT.bin', '/dev/usb/../../home/x/.bashrc', '/dev/shm/x', 'C:\\Users\\x\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\x.bat', '\\\\evil-host\\share\\x']) {
      const r = await tt.setPrinter(`file:${path}`);
      expect(r.ok ? 'saved' : r.error.code, path).toBe('PRINTER_PATH_NOT_ALLOWED');
      if (!r.ok) expect(r.error.message).toMatch(/must be a printer port .* or a file in the print folder chosen at this PC \(none is chosen\)/);
    }
    expect(await tt.call('settings.print.get', { session: await tt.sessionOf('meena') })).toEqual(before);
  });

  it('Low: printer ports are taken as they are, on Linux and Windows', async () => {
    const tt = await terminal();
    for (const path of ['/dev/usb/lp0', '/dev/lp1', '/dev/ttyUSB0', '/dev/ttyS0', '/dev/ttyACM0', '/dev/serial/by-id/usb-FTDI_FT232R-if00-port0', '\\\\.\\COM3', 'COM3', 'LPT1', '\\\\localhost\\POS80']) {
      expect(isPrinterDevice(path), path).toBe(true);
      const r = await tt.setPrinter(`file:${path}`);
      expect(r.ok, path).toBe(true);
    }
    for (const path of ['/dev/usb/lp0/../../sda', '/dev/sda', '/dev/stdout', '/tmp/lp0', 'COM3\\x', '\\\\localhost\\C$\\x']) expect(isPrinterDevice(path), path).toBe(false);
  });

  it('Low: a file inside the print folder chosen at the counter PC is taken; one outside it, or reached through a link out of it, is not', async () => {
    const tt = await terminal();
    const dir = tempDir('counterfoil-print-folder-');
    const folder = join(dir, 'print-files');
    mkdirSync(folder);
    const meena = findUser(tt.t.db, 'meena')!;
    expect(() => setPrintFileFolder(tt.t, 'relative/folder', meena)).toThrow(/absolute path of a folder/);
    expect(() => setPrintFileFolder(tt.t, join(dir, 'missing'), meena)).toThrow(/absolute path of a folder/);
    expect(setPrintFileFolder(tt.t, folder, meena)).toBe(folder);
    expect(printFileFolder(tt.t)).toBe(folder);

    expect((await tt.setPrinter(`file:${join(folder, 'out.bin')}`)).ok).toBe(true);
    expect((await tt.setPrinter(`file:${join(folder, 'jobs', 'out.bin')}`)).ok).toBe(true);
    expect((await tt.setPrinter(`file:${join(folder, '..receipts.bin')}`)).ok).toBe(true); // a name, not a way up
    for (const outside of [join(dir, 'out.bin'), join(folder, '..', 'out.bin'), folder]) {
      const r = await tt.setPrinter(`file:${outside}`);
      expect(r.ok ? 'saved' : r.error.code, outside).toBe('PRINTER_PATH_NOT_ALLOWED');
    }
    symlinkSync(dir, join(folder, 'up'));
    expect(await tt.setPrinter(`file:${join(folder, 'up', 'out.bin')}`)).toMatchObject({ ok: false, error: { code: 'PRINTER_PATH_NOT_ALLOWED' } });

    // A link put in the folder after the setting was saved is not followed when a job is written.
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'keep me');
    symlinkSync(victim, join(folder, 'linked.bin'));
    expect(await printJob(parsePrinterTarget(`file:${join(folder, 'linked.bin')}`), Buffer.from('job'))).toMatchObject({ printed: false, state: 'unreachable' });
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
  });

  it('Low: a file path saved before this check is not printed to', async () => {
    const tt = await terminal();
    const settings = await tt.call('settings.print.get', { session: await tt.sessionOf('meena') });
    const outside = join(tempDir('counterfoil-outside-'), 'receipts.bin');
    tt.t.db.prepare("INSERT INTO meta (key, value) VALUES ('print_settings', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(JSON.stringify({ ...settings, printer: `file:${outside}` }));
    expect(configuredPrinter(tt.t)).toBeNull();
    await tt.call('payment.record', { session: await tt.login('asha'), idempotencyKey: 'printer-path-0001', accountNo: '2100000001', amountPaise: 10_000, mode: 'cash', autoOpenShift: true });
    expect(await tt.call('printer.status', {})).toMatchObject({ configured: false });
  });

  it('Low: the print folder is chosen from the command line by a supervisor', async () => {
    const tt = await terminal();
    const data = join(tt.dir, 'terminal');
    tt.t.close();
    const folder = tempDir('counterfoil-print-folder-');
    const cf = (...args: string[]) => counterfoil('--data', data, ...args);
    expect(cf('printer', 'folder', '--user', 'asha', '--pin', PINS.asha, '--dir', folder).err).toBe('counterfoil: A supervisor must approve this.');
    const set = cf('printer', 'folder', '--user', 'meena', '--pin', PINS.meena, '--dir', folder);
    expect(set.code, set.err).toBe(0);
    expect(JSON.parse(set.out)).toEqual({ folder });
    const printer = cf('printer', 'set', '--user', 'meena', '--pin', PINS.meena, '--printer', `file:${join(folder, 'counter.bin')}`);
    expect(printer.code, printer.err).toBe(0);
    expect(cf('printer', 'set', '--user', 'meena', '--pin', PINS.meena, '--printer', 'file:/home/x/.bashrc').err).toMatch(/^counterfoil: A printer written as file: must be a printer port/);
    expect(JSON.parse(cf('printer', 'folder', '--user', 'meena', '--pin', PINS.meena, '--off').out)).toEqual({ folder: null });
  });
});
