/// <reference path="./qrcode-browser.d.ts" />
// A QR code drawn in the page as an SVG image (img-src data: in the console's CSP), with a name
// for screen readers; the text it holds is always shown beside it too.
import QRCode from 'qrcode/lib/browser.js';
import { useEffect, useState } from 'react';

export function Qr({ text, label, size = 220 }: { text: string; label: string; size?: number }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void QRCode.toString(text, { type: 'svg', margin: 2, width: size, errorCorrectionLevel: 'M' }).then((svg) => {
      if (live) setSrc(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
    });
    return () => {
      live = false;
    };
  }, [text, size]);
  return src ? <img className="qr" src={src} width={size} height={size} alt={label} data-testid="qr" data-qr-text={text} /> : <div className="qr qr-pending" style={{ width: size, height: size }} aria-hidden="true" />;
}
