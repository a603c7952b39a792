// The browser build of `qrcode`, typed for the one call the counter makes. The package's own
// types (@types/qrcode) reference Node's, which the renderer must not see (DESIGN §2), so the
// counter imports the browser entry and declares only what it uses.
declare module 'qrcode/lib/browser.js' {
  interface SvgOptions {
    type: 'svg';
    /** Quiet zone, in modules. */
    margin?: number;
    /** Width and height in pixels. */
    width?: number;
    errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H';
  }
  const QRCode: { toString(text: string, options: SvgOptions): Promise<string> };
  export default QRCode;
}
