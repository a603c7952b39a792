// The keys of an in-page confirmation (closing a day, marking a cheque returned): it takes the
// focus on its confirm button; Enter confirms — on that button, anywhere in the confirmation but
// its Back button, or with the focus lost — and Escape goes back.
import { useEffect, useRef, type FormEvent } from 'react';

export function useConfirmDialog(onConfirm: () => void, onCancel: () => void) {
  const form = useRef<HTMLFormElement>(null);
  const back = useRef<HTMLButtonElement>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  const latest = useRef({ onConfirm, onCancel });
  useEffect(() => {
    latest.current = { onConfirm, onCancel };
  });
  useEffect(() => {
    confirm.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      const at = document.activeElement;
      if (e.key === 'Escape') {
        e.preventDefault();
        latest.current.onCancel();
      } else if (e.key === 'Enter' && at !== back.current && (at === null || at === document.body || form.current?.contains(at))) {
        e.preventDefault(); // the confirm button's own Enter click would confirm a second time
        latest.current.onConfirm();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onConfirm();
  };
  return { form, back, confirm, submit };
}
