// `npm run printer:virtual -- [--port 9100] [--out DIR] [--width 576|384] [--state STATE]`
// While it runs, type a state on stdin (ready, paper-near-end, paper-out, cover-open, offline,
// drop-at-byte N) to change it, or "state" to see the current one.
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { VirtualPrinter, HOST, type PrintedJob } from './printer.js';
import { parseState, stateText } from './status.js';

const USAGE = 'usage: printer:virtual [--port 9100] [--out ./virtual-printer-jobs] [--width 576|384] [--state ready|paper-near-end|paper-out|cover-open|offline|drop-at-byte=N]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '9100' },
      out: { type: 'string', default: './virtual-printer-jobs' },
      width: { type: 'string', default: '576' },
      state: { type: 'string', default: 'ready' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535, not "${values.port}"`);
  const printer = await VirtualPrinter.start({
    port, outDir: values.out, widthDots: Number(values.width), state: parseState(values.state),
  });
  printer.on('job', (job) => console.log(describe(job)));
  printer.on('discarded', (d) => console.log(`job of ${d.bytes.length} bytes not printed: ${d.reason}`));
  printer.on('dropped', (d) => console.log(`connection reset after ${d.bytes.length} bytes of a job (drop-at-byte)`));
  console.log(`virtual printer listening on ${HOST}:${printer.port}, saving jobs to ${printer.outDir}`);

  const input = createInterface({ input: process.stdin });
  input.on('line', (line) => {
    const command = line.trim();
    if (!command) return;
    try {
      if (command !== 'state') printer.setState(parseState(command));
      console.log(`state: ${stateText(printer.state)}`);
    } catch (err) {
      console.log(err instanceof Error ? err.message : String(err));
    }
  });
  const stop = () => {
    input.close();
    void printer.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function describe({ n, bytes, summary: s, pngPath }: PrintedJob): string {
  const parts = [
    `${bytes.length} bytes`, `${s.textLines.length} text lines`, `${s.rasterImages} images`, `${s.qrPayloads.length} QR`,
    s.cut ? 'cut' : 'no cut', s.drawerKicked ? 'drawer kicked' : '',
    s.unknownBytes ? `${s.unknownBytes} unknown bytes` : '', s.notDrawn.length ? `not drawn: ${s.notDrawn.join('; ')}` : '',
    // What a phone reads off each QR, decoded from the job's GS ( k bytes.
    ...s.qrPayloads.map((q) => `qr=${q}`),
  ];
  return `job ${n}: ${parts.filter(Boolean).join(', ')} -> ${pngPath}`;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
