// The console's sections and the capability each needs (shared/console-api.ts ROLE_CAPABILITIES
// says who holds which). A user is shown only the sections their role allows; the server refuses
// the rest anyway.
import type { Capability } from '../../shared/console-api.js';

export const SCREENS = [
  { id: 'census', needs: 'fleet.read' },
  { id: 'alerts', needs: 'fleet.read' },
  { id: 'collections', needs: 'collections.read' },
  { id: 'money', needs: 'money.read' },
  { id: 'adminLog', needs: 'adminlog.read' },
  { id: 'users', needs: 'users.admin' },
  { id: 'enroll', needs: 'fleet.admin' },
  { id: 'consumerImport', needs: 'consumers.import' },
] as const satisfies readonly { id: string; needs: Capability }[];

export type ScreenId = (typeof SCREENS)[number]['id'];

export function screensFor(capabilities: readonly Capability[]): ScreenId[] {
  return SCREENS.filter((s) => capabilities.includes(s.needs)).map((s) => s.id);
}
