// The cashier's open shift (or none), from shift.current; opened here with the drawer's float.
import { create } from 'zustand';
import type { Output } from '../../../shared/contract.js';
import type { AppError } from '../../../shared/errors.js';
import { call } from '../../api/client.js';

type Shift = NonNullable<Output<'shift.current'>>;

interface ShiftState {
  shift: Shift | null;
  loaded: boolean;
  error: AppError | null;
  refresh(session: string): Promise<void>;
  open(session: string, floatPaise: number): Promise<boolean>;
  reset(): void;
}

export const useShift = create<ShiftState>((set) => ({
  shift: null,
  loaded: false,
  error: null,
  async refresh(session) {
    const r = await call('shift.current', { session });
    set(r.ok ? { shift: r.value, loaded: true, error: null } : { loaded: true, error: r.error });
  },
  async open(session, openingFloatPaise) {
    const r = await call('shift.open', { session, openingFloatPaise });
    if (!r.ok) {
      set({ error: r.error });
      return false;
    }
    const current = await call('shift.current', { session });
    set({ shift: current.ok ? current.value : null, error: null });
    return true;
  },
  reset: () => set({ shift: null, loaded: false, error: null }),
}));
