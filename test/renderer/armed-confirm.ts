// The counter's record button once it takes a press (renderer/app/fresh-press.ts): a test, like a
// cashier, confirms what it has had on the screen for a moment.
import { screen, waitFor } from '@testing-library/react';
import { expect } from 'vitest';

export async function armedRecordButton(): Promise<HTMLElement> {
  const button = screen.getByTestId('confirm-record');
  await waitFor(() => expect(button.dataset.armed).toBe('true'));
  return button;
}
