/**
 * Validation of a posted form with a zod schema whose messages are message keys
 * (`z.string().min(1, 'signIn.username.required')`), turned into what the GOV.UK error summary and
 * inline error messages need. Pure.
 */
import type { z } from 'zod';
import type { Translate } from '../i18n/message-catalogue.ts';

export interface FormErrors {
  /** For govukErrorSummary's errorList: each links to its field. */
  readonly summary: ReadonlyArray<{ readonly text: string; readonly href: string }>;
  /** For each field's `errorMessage`. */
  readonly byField: Readonly<Record<string, { readonly text: string }>>;
}

/** A field's message key, by the field's id (`dateOfBirth-day` for the first of a date input). */
export type FieldMessageKeys = ReadonlyArray<{
  readonly field: string;
  readonly key: string;
  readonly params?: Readonly<Record<string, string | number>>;
}>;

export const NO_ERRORS: FormErrors = { summary: [], byField: {} };

export function formErrors(t: Translate, fields: FieldMessageKeys): FormErrors {
  const byField: Record<string, { text: string }> = {};
  const summary: Array<{ text: string; href: string }> = [];
  for (const f of fields) {
    if (byField[f.field]) continue; // the first problem of a field is the one to fix first
    const text = t(f.key, f.params);
    byField[f.field] = { text };
    summary.push({ text, href: `#${f.field}` });
  }
  return { summary, byField };
}

export type FormResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly fields: FieldMessageKeys };

/** Parses a urlencoded body (anything: it comes from the browser) with `schema`. */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.output<S>> {
  const r = schema.safeParse(body ?? {});
  if (r.success) return { ok: true, value: r.data };
  return {
    ok: false,
    fields: r.error.issues.map((i) => ({ field: i.path.map(String).join('-') || 'form', key: i.message })),
  };
}

/** A form field as browsers send it: a string, or missing; anything else counts as missing. */
export const formText = (v: unknown): string => (typeof v === 'string' ? v : '');

/** One field of a parsed form body, whatever the body is. */
export const formField = (body: unknown, name: string): unknown =>
  body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
