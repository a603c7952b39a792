// Saving a file in the browser (the collections' signed exports): the bytes as a Blob, handed to a
// temporary <a download>, so the browser writes the file where it keeps downloads. The console's
// own copy of renderer/app/download.ts (the console imports console/ and shared/ only).

/** The bytes of a base64 string. */
export function fromBase64(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Offers `data` to the browser as a download named `fileName`. */
export function saveFile(fileName: string, data: BlobPart, contentType: string): void {
  const url = URL.createObjectURL(new Blob([data], { type: contentType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started by now; the URL is only let go once the browser has had it.
  setTimeout(() => URL.revokeObjectURL?.(url), 10_000);
}
