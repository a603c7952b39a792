// Text a person types into the contract (reasons, names, bank names, header lines, sources, paths):
// one schema for every such field, so each refuses the same characters with the same words.
// Refused: C0 and C1 control characters (U+0000 stops PostgreSQL's jsonb and so a terminal's sync,
// CR/LF split CSV rows and receipt lines), bidi embeddings, overrides and isolates (they make a
// reason or a name read differently from what is stored), invisible spaces and joiners that have
// no place in Devanagari or Latin text, line and paragraph separators, and lone surrogates (not
// text, and refused by PostgreSQL too). ZWJ and ZWNJ stay: Devanagari uses them to shape
// conjuncts. A required field must hold that many characters a person can see.
import { z } from 'zod';

const UNSAFE = /[\p{Cc}\p{Cs}\u061C\u180E\u200B\u200E\u200F\u2028\u2029\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB]/u;

/** Letters, digits, punctuation and symbols — not spaces, joiners or marks alone. */
const SEEN = /[\p{L}\p{N}\p{P}\p{S}]/gu;
/** Letters and symbols that draw nothing (Hangul fillers, the Braille blank). */
const BLANK_GLYPH = /[\u115F\u1160\u3164\uFFA0\u2800]/gu;

/** The first character free text may not hold, as U+XXXX, or null. */
export function unsafeCharacter(s: string): string | null {
  const m = UNSAFE.exec(s);
  return m ? `U+${m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : null;
}

/** How many characters of s a person sees. */
export function visibleLength(s: string): number {
  return (s.replace(BLANK_GLYPH, '').match(SEEN) ?? []).length;
}

export interface FreeTextOptions {
  /** Characters a person must see (0: may be empty). Default 1. */
  min?: number;
  /** The words when fewer are seen; default "give at least N characters". */
  minMessage?: string;
  /** Trim blanks at the ends first (default); a path keeps them. */
  trim?: boolean;
}

/**
 * A free-text field of at most `max` characters. Marked `freeText` in its JSON Schema, so a test
 * can walk the contract and find any string that is neither free text nor a closed pattern.
 */
export function freeText(max: number, opts: FreeTextOptions = {}) {
  const min = opts.min ?? 1;
  const base = opts.trim === false ? z.string() : z.string().trim();
  return base
    .max(max)
    .superRefine((value, ctx) => {
      const bad = unsafeCharacter(value);
      if (bad) ctx.addIssue({ code: 'custom', message: `holds a control or invisible character ${bad}: type it again without it` });
      else if (min > 0 && visibleLength(value) < min) {
        ctx.addIssue({ code: 'custom', message: opts.minMessage ?? (min === 1 ? 'cannot be empty' : `give at least ${min} characters`) });
      }
    })
    .meta({ freeText: true });
}
