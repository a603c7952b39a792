// The QR Code a printer would draw for GS ( k: the stored bytes in byte mode, smallest version.
// The `qrcode` library makes Model 2 only, which is what every current Epson prints anyway.
import QRCode from 'qrcode';
import type { QrLevel } from './commands.js';

export interface QrMatrix {
  size: number;
  /** size × size, row by row, 1 = dark module. */
  modules: Uint8Array;
}

/** The symbol for `data`, or undefined when it does not fit in a QR Code at that level. */
export function qrMatrix(data: Uint8Array, level: QrLevel): QrMatrix | undefined {
  if (data.length === 0) return undefined;
  try {
    const qr = QRCode.create([{ mode: 'byte', data }], { errorCorrectionLevel: level });
    const { size } = qr.modules;
    const modules = new Uint8Array(size * size);
    for (let i = 0; i < modules.length; i++) modules[i] = qr.modules.data[i] ? 1 : 0;
    return { size, modules };
  } catch {
    return undefined;
  }
}
