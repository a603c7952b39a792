// The browser build of `qrcode`, typed for the one call the console makes. The package's own
// types (@types/qrcode) reference Node's, which the console must not see (DESIGN §2).
declare module 'qrcode/lib/browser.js' {
  interface SvgOptions {
    type: 'svg';
    /** Quiet zone, in modules. */
    margin?: number;
    width?: number;
    errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H';
  }
  const QRCode: { toString(text: string, options: SvgOptions): Promise<string> };
  export default QRCode;
}
