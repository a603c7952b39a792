// The session ends on the server after idle minutes; the page learns it at its next request. A
// console left open on a census would otherwise keep showing a fleet to whoever walks up, so once
// the user has done nothing for that long the page asks the server (GET /me) and, when the session
// is gone, goes back to sign-in. Asking only then: a timer asking all along would keep it alive.
export function watchIdle(minutes: number, check: () => void, everyMs = 30_000): () => void {
  let last = Date.now();
  let checked = false;
  const active = () => {
    last = Date.now();
    checked = false;
  };
  const events = ['keydown', 'pointerdown', 'wheel'] as const;
  for (const e of events) window.addEventListener(e, active, { passive: true });
  const timer = window.setInterval(() => {
    if (!checked && Date.now() - last > minutes * 60_000) {
      checked = true;
      check();
    }
  }, everyMs);
  return () => {
    window.clearInterval(timer);
    for (const e of events) window.removeEventListener(e, active);
  };
}
