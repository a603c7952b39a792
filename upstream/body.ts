// A request body checked against its zod schema, with the first problem in words.
import type { z } from 'zod';

export function parse<S extends z.ZodType>(schema: S, body: unknown): { ok: true; value: z.output<S> } | { ok: false; message: string } {
  const r = schema.safeParse(body);
  if (r.success) return { ok: true, value: r.data };
  const i = r.error.issues[0];
  return { ok: false, message: i ? `${i.path.join('.') || 'body'}: ${i.message}` : 'invalid body' };
}
