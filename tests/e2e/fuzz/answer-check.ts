/**
 * What every answer to a fuzzed request must be: never a 5xx (a 503 would mean a store is down,
 * which it is not here), never a stack trace, and a refusal in the platform's one JSON error shape,
 * `{"error":{"code","message"}}`. The one other shape is API Gateway's own gateway responses
 * (`{"message"}` with `x-amzn-errortype`: missing token, not authorized, throttled), which the
 * local gateway keeps because clients of the real API Gateway see exactly that.
 */
import { z } from 'zod';

export const errorShape = z.object({
  error: z.looseObject({ code: z.string().min(1), message: z.string().min(1) }),
});

const gatewayResponse = z.object({ message: z.string().min(1) });

/** Text that only a leaked stack trace or runtime internals would put in a body. */
const STACK_TRACE =
  /\n\s+at [^\n]+[(:]|at [\w$.<>]+ \((?:file:|node:|\/)[^)]*:\d+:\d+\)|node:internal|node_modules\/|\.ts:\d+:\d+|\bTypeError\b|\bReferenceError\b|\bSyntaxError: /;

export type AnswerClass = 'success' | 'refused' | 'gateway-response';

export type Verdict =
  { readonly ok: true; readonly class: AnswerClass } | { readonly ok: false; readonly problem: string };

export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
}

function parsedJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

const header = (a: Answer, name: string): string | undefined => {
  const v = a.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
};

export function judge(a: Answer): Verdict {
  if (STACK_TRACE.test(a.text)) return { ok: false, problem: `${a.status} with a stack trace in its body` };
  if (a.status >= 500) return { ok: false, problem: `${a.status} (a server error)` };
  if (a.status < 400) return { ok: true, class: 'success' };
  const type = header(a, 'content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) return { ok: false, problem: `${a.status} answered as "${type}", not JSON` };
  const json = parsedJson(a.text);
  if (!json.ok) return { ok: false, problem: `${a.status} whose body is not JSON` };
  if (errorShape.safeParse(json.value).success) return { ok: true, class: 'refused' };
  if (header(a, 'x-amzn-errortype') !== undefined && gatewayResponse.safeParse(json.value).success)
    return { ok: true, class: 'gateway-response' };
  return { ok: false, problem: `${a.status} not in the error shape` };
}
