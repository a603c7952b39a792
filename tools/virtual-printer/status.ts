// The printer's condition and the status bytes it answers with, per the Epson ESC/POS reference
// (DLE EOT n real-time status; GS r n transmit status). Every DLE EOT byte has bit 1 and bit 4 set
// and bits 0 and 7 clear, so 0x12 means "nothing to report".

export const CONDITIONS = ['ready', 'paper-near-end', 'paper-out', 'cover-open', 'offline'] as const;
export type Condition = (typeof CONDITIONS)[number];

/** A condition, or a one-shot fault: reset the connection once the next job has sent N bytes. */
export type PrinterState = { condition: Condition } | { condition: 'ready'; dropAtByte: number };
export type PrinterStateText = Condition | `drop-at-byte ${number}`;

export function parseState(text: string): PrinterState {
  const t = text.trim();
  const drop = /^drop-at-byte[\s=:]+(\d+)$/.exec(t);
  if (drop?.[1]) return { condition: 'ready', dropAtByte: Number(drop[1]) };
  const condition = CONDITIONS.find((c) => c === t);
  if (!condition) throw new Error(`unknown printer state "${t}": use ${CONDITIONS.join(', ')} or drop-at-byte N`);
  return { condition };
}

export function stateText(state: PrinterState): string {
  return 'dropAtByte' in state ? `drop-at-byte ${state.dropAtByte}` : state.condition;
}

/** Whether jobs received in this condition come out on paper. */
export const prints = (c: Condition) => c === 'ready' || c === 'paper-near-end';

const FIXED = 0x12;
const OFFLINE = 0x08; // n=1 bit 3
const COVER_OPEN = 0x04; // n=2 bit 2
const PAPER_END_STOP = 0x20; // n=2 bit 5
const ROLL_NEAR_END = 0x0c; // n=4 bits 2,3
const ROLL_END = 0x60; // n=4 bits 5,6

/** The answer to DLE EOT n (n = 1 printer, 2 offline cause, 3 error cause, 4 roll paper sensor). */
export function realtimeStatus(c: Condition, n: number): number {
  switch (n) {
    case 1: return FIXED | (prints(c) ? 0 : OFFLINE);
    case 2: return FIXED | (c === 'cover-open' ? COVER_OPEN : 0) | (c === 'paper-out' ? PAPER_END_STOP : 0);
    case 4:
      // With the roll gone the near-end sensor sees no paper either.
      if (c === 'paper-out') return FIXED | ROLL_NEAR_END | ROLL_END;
      return FIXED | (c === 'paper-near-end' ? ROLL_NEAR_END : 0);
    default: return FIXED;
  }
}

/** The answer to GS r 1 (paper sensors: bits 0,1 near end, bits 2,3 roll end) and GS r 2 (drawer pin 3 low). */
export function transmittedStatus(c: Condition, which: 'paper' | 'drawer'): number {
  if (which === 'drawer') return 0x00;
  if (c === 'paper-out') return 0x0f;
  return c === 'paper-near-end' ? 0x03 : 0x00;
}
