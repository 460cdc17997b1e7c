/**
 * Text a request may carry but no store can keep: the NUL character (PostgreSQL's text and jsonb
 * refuse U+0000) and unpaired UTF-16 surrogates (no UTF-8 encoding exists for them: jsonb refuses
 * the escape, and every other store would silently keep U+FFFD instead). RFC 7493 (I-JSON) §2.1
 * lets a receiver refuse lone surrogates outright; here both are refused, naming the field, before
 * any route runs, so that no request fails in its store halfway through its work.
 */
import type { FastifySchemaCompiler } from 'fastify';
import { ValidationError } from '@dwp/service-errors';
import type { z } from 'zod';

const NUL = '\u0000';

/** A string no store can keep as it is. */
const unstorable = (s: string): boolean => s.includes(NUL) || !s.isWellFormed();

export interface UnstorableText {
  /** `body.notes.0.text`: where the text is (for a key, the object holding it). */
  readonly path: string;
  readonly message: string;
}

/**
 * The first string (value or key) in a parsed request part that no store can keep. Walks without
 * recursion: a body may nest a thousand levels deep.
 */
export function unstorableTextIn(value: unknown, context: string): UnstorableText | undefined {
  const stack: Array<{ readonly value: unknown; readonly path: string }> = [{ value, path: context }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { value: v, path } = next;
    if (typeof v === 'string') {
      if (unstorable(v)) return { path, message: 'must not contain the NUL character or an unpaired surrogate' };
    } else if (Array.isArray(v)) {
      v.forEach((item: unknown, i) => stack.push({ value: item, path: `${path}.${i}` }));
    } else if (typeof v === 'object' && v !== null && !Buffer.isBuffer(v)) {
      for (const [key, item] of Object.entries(v)) {
        if (unstorable(key))
          return { path, message: 'must not have a key with the NUL character or an unpaired surrogate' };
        stack.push({ value: item, path: `${path}.${key}` });
      }
    }
  }
  return undefined;
}

/** What Fastify calls each request part by, as the error's field paths name it. */
const CONTEXT: Readonly<Record<string, string>> = { body: 'body', querystring: 'querystring', params: 'params' };

/**
 * Wraps a validator compiler so that the body, query and path parameters are refused with the usual
 * 400 when they carry text no store can keep; headers cannot (the HTTP parser refuses NUL there).
 */
export function storableTextOnly(inner: FastifySchemaCompiler<z.ZodType>): FastifySchemaCompiler<z.ZodType> {
  return (route) => {
    const validate = inner(route);
    const context = route.httpPart === undefined ? undefined : CONTEXT[route.httpPart];
    if (!context) return validate;
    return (data) => {
      const found = unstorableTextIn(data, context);
      if (found) return { error: new ValidationError('Request validation failed', [found]) };
      return validate(data);
    };
  };
}
