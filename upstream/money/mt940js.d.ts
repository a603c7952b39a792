// The part of mt940js (CommonJS, untyped) that statement-formats.ts uses. The parser splits the text
// into tags, checks the mandatory ones, one currency and opening + lines = closing (in floats), and
// with `withTags` keeps each statement's tags with their raw text, which is what we read money from.
declare module 'mt940js' {
  export interface Mt940Tag {
    /** 20, 25, 28, 60, 61, 62, 64, 65, 86 …; 'NS' (non-SWIFT) or 'MB' (message block {1:…}). */
    id: number | string;
    /** The tag's text after ":61:" (continuation lines joined with \n). */
    data: string;
  }

  export interface Mt940Statement {
    transactionReference: string;
    accountIdentification: string;
    currency: string;
    openingBalance: number;
    closingBalance: number;
    transactions: unknown[];
    /** Present when parse() is called with withTags = true. */
    tags?: Mt940Tag[];
  }

  export class Parser {
    constructor(options?: { no86Structure?: boolean });
    parse(data: string, withTags?: boolean): Mt940Statement[];
  }

  const mt940: { Parser: typeof Parser };
  export default mt940;
}
