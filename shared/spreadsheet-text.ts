// Text written into a CSV or XLSX cell from outside (consumer names from the feed, bank names typed
// at a counter, cashiers' names held centrally) must not become a formula or a second row (issue
// 15 #5, OWASP's CSV injection advice): control characters in a text cell (CR and LF above all)
// become a space, so each record is one line even for a reader that goes line by line; and a text
// cell a spreadsheet would run (= + - @ first, also after spaces) gets a leading apostrophe. The
// terminal's exports and the centre's use this one function.

// C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/** A text cell a spreadsheet would run as a formula gets a leading apostrophe; others pass as they are. */
export function neutraliseFormula(cell: string): string {
  return /^[=+\-@\t\r\n]|^\s+[=+\-@]/.test(cell) ? `'${cell}` : cell;
}

/** A text cell as written: on one line, and never a formula. */
export function safeText(cell: string): string {
  return neutraliseFormula(cell.replace(CONTROLS, ' '));
}
