// What a screen hands the browser to save (renderer/app/download.ts): each Blob made into a URL,
// and each <a download> clicked, caught instead of saved. Call restoreDownloads after each test.
import { vi } from 'vitest';

const restorers: (() => void)[] = [];

export function catchDownloads(): { blobs: Blob[]; saved: { name: string; href: string }[] } {
  const blobs: Blob[] = [];
  const saved: { name: string; href: string }[] = [];
  const original = { create: URL.createObjectURL, revoke: URL.revokeObjectURL };
  URL.createObjectURL = (blob: Blob | MediaSource) => `blob:counterfoil/${blobs.push(blob as Blob)}`;
  URL.revokeObjectURL = () => undefined;
  restorers.push(() => Object.assign(URL, { createObjectURL: original.create, revokeObjectURL: original.revoke }));
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    saved.push({ name: this.download, href: this.href });
  });
  return { blobs, saved };
}

export function restoreDownloads(): void {
  for (const f of restorers.splice(0)) f();
}
