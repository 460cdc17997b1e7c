/**
 * Every error the external gateway answers with, one class and one code each, in the platform's
 * one error shape. Messages say what the caller can do.
 */
import { ServiceError } from '@dwp/service-kit';

export class CallerNotAllowedError extends ServiceError {
  static override readonly code = 'EXT_ERR_CALLER_NOT_ALLOWED';
  constructor(caller: string, upstream: string, allowed: readonly string[]) {
    super(
      403,
      CallerNotAllowedError.code,
      `${caller} may not call ${upstream}; the platform definition allows ${allowed.join(', ')}`,
      { upstream, caller },
    );
  }
}

export class MethodNotAllowedError extends ServiceError {
  static override readonly code = 'EXT_ERR_METHOD_NOT_ALLOWED';
  readonly allow: readonly string[];
  constructor(method: string, upstream: string, allow: readonly string[]) {
    super(405, MethodNotAllowedError.code, `${upstream} does not take ${method}; use ${allow.join(' or ')}`, {
      upstream,
      allow,
    });
    this.allow = allow;
  }
}

/** Errors that tell the caller when to try again (`Retry-After`). */
export abstract class RetryLaterError extends ServiceError {
  readonly retryAfterSeconds: number;
  constructor(status: number, code: string, message: string, retryAfterMs: number, details: Record<string, unknown>) {
    const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    super(status, code, message, { ...details, retryAfterSeconds });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export class RateLimitedError extends RetryLaterError {
  static override readonly code = 'EXT_ERR_RATE_LIMITED';
  constructor(
    upstream: string,
    limit: { readonly requests: number; readonly perSeconds: number },
    retryAfterMs: number,
  ) {
    super(
      429,
      RateLimitedError.code,
      `${upstream} takes at most ${limit.requests} calls per ${limit.perSeconds} s from the platform; try again after Retry-After`,
      retryAfterMs,
      { upstream, limit },
    );
  }
}

export class CircuitOpenError extends RetryLaterError {
  static override readonly code = 'EXT_ERR_CIRCUIT_OPEN';
  constructor(upstream: string, retryAfterMs: number) {
    super(
      503,
      CircuitOpenError.code,
      `${upstream} is failing, so calls to it are paused; try again after Retry-After`,
      retryAfterMs,
      { upstream },
    );
  }
}

export class UpstreamNotConfiguredError extends ServiceError {
  static override readonly code = 'EXT_ERR_UPSTREAM_NOT_CONFIGURED';
  constructor(upstream: string, variable: string) {
    super(
      503,
      UpstreamNotConfiguredError.code,
      `${upstream} is not configured here; set ${variable} and its credentials`,
      { upstream, variable },
    );
  }
}

export class UpstreamTimeoutError extends ServiceError {
  static override readonly code = 'EXT_ERR_UPSTREAM_TIMEOUT';
  constructor(upstream: string, timeoutMs: number) {
    super(504, UpstreamTimeoutError.code, `${upstream} did not answer within ${timeoutMs} ms; try again later`, {
      upstream,
      timeoutMs,
    });
  }
}

export class UpstreamUnreachableError extends ServiceError {
  static override readonly code = 'EXT_ERR_UPSTREAM_UNREACHABLE';
  constructor(upstream: string, reason: string) {
    super(502, UpstreamUnreachableError.code, `${upstream} could not be reached; try again later`, {
      upstream,
      reason,
    });
  }
}

export class UpstreamAuthError extends ServiceError {
  static override readonly code = 'EXT_ERR_UPSTREAM_AUTH_FAILED';
  constructor(upstream: string, reason: string) {
    super(
      502,
      UpstreamAuthError.code,
      `${upstream} refused the platform's credentials; the operators must check them`,
      { upstream, reason },
    );
  }
}

export class PathInvalidError extends ServiceError {
  static override readonly code = 'EXT_ERR_PATH_INVALID';
  constructor(upstream: string) {
    super(
      400,
      PathInvalidError.code,
      `the path below /external/${upstream}/ must name a resource, without "." or ".." segments`,
      { upstream },
    );
  }
}
