// What `counterfoil verify-pack` prints of a report (verify-pack.ts): the pack, the server key's
// fingerprint with what the auditor must do with it, the keys, each day's totals, then INTACT or
// every fault on a line of its own, code first.
import { spacedFingerprint } from '../../shared/audit-pack.js';
import { faultLine, type PackReport } from './verify-pack.js';

const rupees = (paise: number) => `₹${(paise / 100).toFixed(2)}`;

export function packReportText(r: PackReport): string {
  const lines: string[] = [];
  const m = r.manifest;
  if (m) {
    lines.push(`audit pack of terminal ${m.terminal.id} (${m.terminal.substation}/${m.terminal.counter}), ${m.range.from} to ${m.range.to}: seq ${m.span.firstSeq}–${m.span.lastSeq}, ${r.events} events`);
    lines.push(`made ${m.madeAt} by ${m.madeBy}`);
    lines.push(`server key ${m.centre.keyId}, fingerprint ${spacedFingerprint(r.fingerprint ?? m.centre.fingerprint)}`);
    lines.push(r.pinned
      ? '  pinned: the pack is signed by the server key you gave'
      : '  NOT PINNED: compare this fingerprint with the one the utility publishes (counterfoil-upstream key), or give --server-key');
    if (m.next === null) lines.push(`  the span ends at the centre's head: compare seq ${m.span.lastSeq} and its hash with the terminal's own head (counterfoil verify)`);
    for (const k of r.keys) lines.push(`terminal key ${k.keyId}: seq ${k.fromSeq}–${k.toSeq ?? ''}`);
    for (const d of r.days) {
      if (d.payments + d.voids + d.returnedCheques === 0 && d.closedSeq === null) continue;
      lines.push(`${d.date}: ${d.payments} payments ${rupees(d.totalPaise)}, ${d.voids} voided ${rupees(d.voidedPaise)}, ${d.returnedCheques} cheques returned ${rupees(d.returnedPaise)}, ${d.closedSeq === null ? 'not closed in the pack' : `closed at seq ${d.closedSeq} by ${d.closedBy ?? ''}`}`);
    }
  }
  if (r.ok) lines.push('INTACT: every check holds');
  else {
    lines.push(`NOT INTACT: ${r.faults.length} fault(s)`);
    for (const f of r.faults) lines.push(`  ${faultLine(f)}`);
  }
  return lines.join('\n');
}
