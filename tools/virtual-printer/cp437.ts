// Text bytes as a factory-default Epson printer shows them: code page PC437 (ESC t 0).
// Other code pages selected with ESC t are accepted but still shown as PC437.
const UPPER_HALF =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐' +
  '└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

/** The character a printable byte (0x20–0xFF) stands for. */
export function cp437Char(byte: number): string {
  if (byte === 0x7f) return '⌂';
  if (byte < 0x80) return String.fromCharCode(byte);
  return UPPER_HALF[byte - 0x80] ?? '?';
}
