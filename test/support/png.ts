// Reading PNGs back in tests: pixels for jsQR and for golden-image comparison.
import { loadImage, createCanvas } from '@napi-rs/canvas';
import jsQRModule from 'jsqr';

// jsqr is CommonJS: under NodeNext its default import types as the module; at run time it is the function.
const jsQR = ((jsQRModule as unknown as { default?: unknown }).default ?? jsQRModule) as unknown as typeof jsQRModule.default;

export async function pngPixels(png: Buffer): Promise<{ width: number; height: number; data: Uint8ClampedArray }> {
  const img = await loadImage(png);
  const canvas = createCanvas(img.width, img.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const { data } = ctx.getImageData(0, 0, img.width, img.height);
  return { width: img.width, height: img.height, data };
}

/** The text of the QR code in a picture, read by a real QR decoder. */
export async function readQr(png: Buffer): Promise<string | null> {
  const { width, height, data } = await pngPixels(png);
  return jsQR(data, width, height)?.data ?? null;
}

/** Share of pixels whose grey level differs by more than a quarter of the range. */
export async function pixelDifference(a: Buffer, b: Buffer): Promise<number> {
  const [pa, pb] = await Promise.all([pngPixels(a), pngPixels(b)]);
  if (pa.width !== pb.width || pa.height !== pb.height) return 1;
  let differ = 0;
  for (let i = 0; i < pa.data.length; i += 4) {
    const ga = (pa.data[i]! + pa.data[i + 1]! + pa.data[i + 2]!) / 3;
    const gb = (pb.data[i]! + pb.data[i + 1]! + pb.data[i + 2]!) / 3;
    if (Math.abs(ga - gb) > 64) differ++;
  }
  return differ / (pa.width * pa.height);
}
