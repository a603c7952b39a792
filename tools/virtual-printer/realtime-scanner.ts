// An Epson printer answers DLE EOT n the moment the three bytes arrive, wherever they are: before a
// job, in the middle of one, even inside a raster image's data (the reference warns about exactly
// that). So the answer is found in the raw byte stream, across chunk boundaries, not by the parser.
const DLE = 0x10;
const EOT = 0x04;

export class RealtimeScanner {
  private tail = new Uint8Array(0);

  constructor(private readonly answer: (n: number) => void) {}

  push(chunk: Uint8Array): void {
    const bytes = new Uint8Array(this.tail.length + chunk.length);
    bytes.set(this.tail);
    bytes.set(chunk, this.tail.length);
    // The tail is the last two bytes seen, so every request found here ends in this chunk.
    for (let i = 0; i + 2 < bytes.length; i++) {
      const n = bytes[i + 2] ?? 0;
      if (bytes[i] === DLE && bytes[i + 1] === EOT && n >= 1 && n <= 4) this.answer(n);
    }
    this.tail = bytes.slice(-2);
  }
}
