import { describe, expect, it } from 'vitest';
import { decodeStatus, PRINTER_STATE_TEXT } from '../../core/print/printer-status.js';
import { BACKOFF, backoffMs } from '../../shared/backoff.js';

// Answers to DLE EOT 1, 2, 4 as an Epson printer sends them (bits 1 and 4 always set).
const FIXED = 0x12;
const answer = (printer: number, offlineCause: number, paper: number) => Uint8Array.from([FIXED | printer, FIXED | offlineCause, FIXED | paper]);

describe('printer status (DLE EOT)', () => {
  it('reads ready, paper out, cover open, offline and paper low', () => {
    expect(decodeStatus(answer(0, 0, 0))).toBe('ready');
    expect(decodeStatus(answer(0x08, 0x20, 0x60))).toBe('paper-out');
    expect(decodeStatus(answer(0x08, 0x04, 0))).toBe('cover-open');
    expect(decodeStatus(answer(0x08, 0, 0))).toBe('offline');
    expect(decodeStatus(answer(0, 0, 0x0c))).toBe('paper-low');
  });

  it('refuses bytes that are not status answers', () => {
    expect(decodeStatus(Uint8Array.from([0x12, 0x12]))).toBeNull();
    expect(decodeStatus(Uint8Array.from([0x00, 0x12, 0x12]))).toBeNull();
    expect(decodeStatus(Uint8Array.from([0xff, 0xff, 0xff]))).toBeNull();
  });

  it('has words for every state in both languages', () => {
    for (const t of Object.values(PRINTER_STATE_TEXT)) {
      expect(t.en.length).toBeGreaterThan(0);
      expect(t.hi).toMatch(/[\u0900-\u097F]/);
    }
  });
});

describe('print retry backoff', () => {
  it('is full jitter under a doubling step capped at 5 minutes', () => {
    expect(backoffMs(0, () => 0.999)).toBeLessThan(BACKOFF.baseMs);
    expect(backoffMs(3, () => 0.999)).toBeLessThan(BACKOFF.baseMs * 8);
    expect(backoffMs(3, () => 0.999)).toBeGreaterThan(BACKOFF.baseMs * 7);
    expect(backoffMs(50, () => 0.999)).toBeLessThan(BACKOFF.capMs);
    expect(backoffMs(50, () => 0)).toBe(0);
  });
});
