/** What counts as an upstream failure for the breaker and for retries. */
import { TaskCancelledError } from 'cockatiel';
import type { UpstreamResponse } from '../upstream/upstream-response.ts';

/** A call that reached no answer (refused, reset) or an answer the upstream marks as its own failure (5xx). */
export class UpstreamFailure extends Error {
  readonly reason: string;
  /** The upstream's answer, when it gave one; passed on to the caller once retries are spent. */
  readonly response: UpstreamResponse | undefined;
  constructor(reason: string, response?: UpstreamResponse) {
    super(`upstream failure: ${reason}`);
    this.name = 'UpstreamFailure';
    this.reason = reason;
    this.response = response;
  }
}

/** Failures worth counting against the breaker and worth a retry: 5xx, no answer, or a timeout. */
export function isTransientFailure(err: Error): boolean {
  return err instanceof UpstreamFailure || err instanceof TaskCancelledError;
}
