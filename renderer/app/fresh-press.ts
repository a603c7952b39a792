// A step that takes money is confirmed by a press made on that step: not by the Enter that opened
// it (still held, or repeating), nor by a second Enter typed in the same breath. The step arms once
// Enter is up and it has been on the screen for ARM_MS; until then its button does nothing. Debounce
// by step (a press that began elsewhere never counts), with a short time for the double press.
import { useEffect, useRef, useState } from 'react';

/** Long enough to see the step; below a cashier's read-and-confirm time. */
export const ARM_MS = 300;

let enterHeld = false;
if (typeof window !== 'undefined') {
  window.addEventListener('keydown', (e) => { if (e.key === 'Enter') enterHeld = true; }, true);
  window.addEventListener('keyup', (e) => { if (e.key === 'Enter') enterHeld = false; }, true);
  window.addEventListener('blur', () => { enterHeld = false; });
}

/** Whether the step shown since this component mounted may be confirmed now. */
export function useArmed(): boolean {
  const [armed, setArmed] = useState(false);
  const released = useRef(!enterHeld);
  const waited = useRef(false);
  useEffect(() => {
    const check = () => {
      if (released.current && waited.current) setArmed(true);
    };
    const timer = setTimeout(() => {
      waited.current = true;
      check();
    }, ARM_MS);
    const onUp = (e: KeyboardEvent) => {
      if (e.key !== 'Enter') return;
      released.current = true;
      check();
    };
    window.addEventListener('keyup', onUp, true);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('keyup', onUp, true);
    };
  }, []);
  return armed;
}
