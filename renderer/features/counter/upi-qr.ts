// The counter's UPI QR as a picture: the `upi://pay` link drawn as an SVG data URL (the hosts'
// CSP allows data: images), made off the keystroke so typing the amount never waits for it.
/// <reference path="./qrcode-browser.d.ts" />
import QRCode from 'qrcode/lib/browser.js';

/** The QR code of `text` as an `<img src>`: an SVG, 200 px square, one module of quiet zone. */
export async function qrImageUrl(text: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: 'svg', margin: 1, width: 200, errorCorrectionLevel: 'M' });
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
