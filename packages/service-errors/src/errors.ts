/**
 * The one error shape every service answers with:
 * `{"error": {"code": "...", "message": "...", "details": ...}}`.
 * Throw a ServiceError (or a subclass) from a route; anything else becomes a 500 without a stack.
 */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly details?: unknown };
}

export class ServiceError extends Error {
  static readonly code: string = 'SVC_ERR_GENERIC';
  readonly code: string;
  readonly statusCode: number;
  readonly details: unknown;

  constructor(statusCode: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.statusCode = statusCode;
    this.details = details;
  }

  toBody(): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}

export class NotFoundError extends ServiceError {
  static override readonly code = 'SVC_ERR_NOT_FOUND';
  constructor(message: string, details?: unknown) {
    super(404, NotFoundError.code, message, details);
  }
}

export class ValidationError extends ServiceError {
  static override readonly code = 'SVC_ERR_VALIDATION';
  constructor(message: string, details: ReadonlyArray<{ path: string; message: string }>) {
    super(400, ValidationError.code, message, details);
  }
}

export class ConflictError extends ServiceError {
  static override readonly code = 'SVC_ERR_CONFLICT';
  constructor(message: string, details?: unknown) {
    super(409, ConflictError.code, message, details);
  }
}

export class ForbiddenError extends ServiceError {
  static override readonly code = 'SVC_ERR_FORBIDDEN';
  constructor(message = 'You may not do this', details?: unknown) {
    super(403, ForbiddenError.code, message, details);
  }
}

export class UnavailableError extends ServiceError {
  static override readonly code = 'SVC_ERR_UNAVAILABLE';
  constructor(message: string, details?: unknown) {
    super(503, UnavailableError.code, message, details);
  }
}

/**
 * Another service or an upstream answered with a body of the wrong shape: a 502 naming which
 * answer, never a crash or a wrong page. A service may give its own code for the answer it reads.
 */
export class BadAnswerError extends ServiceError {
  static override readonly code = 'SVC_ERR_BAD_ANSWER';
  constructor(message: string, details?: unknown, code: string = BadAnswerError.code) {
    super(502, code, message, details);
  }
}

/** Fastify's own error codes for bad requests, mapped to our codes and statuses. */
export const FASTIFY_CLIENT_ERRORS: Readonly<Record<string, { status: number; code: string; message: string }>> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'SVC_ERR_UNSUPPORTED_MEDIA_TYPE',
    message: 'Unsupported Content-Type; send application/json',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'SVC_ERR_BODY_TOO_LARGE', message: 'Request body is too large' },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: 'SVC_ERR_EMPTY_BODY',
    message: 'Body cannot be empty when Content-Type is application/json',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'SVC_ERR_INVALID_JSON', message: 'Body is not valid JSON' },
  // The router's own refusals, before any route runs: a path whose percent-escapes do not decode
  // (`%ZZ`, `%C0%AF`), and a path parameter longer than the router's limit.
  FST_ERR_BAD_URL: {
    status: 400,
    code: 'SVC_ERR_BAD_URL',
    message: 'The URL path is not valid: a percent-escape in it does not decode to UTF-8',
  },
  FST_ERR_MAX_PARAM_LENGTH: {
    status: 414,
    code: 'SVC_ERR_PATH_PARAMETER_TOO_LONG',
    message: 'A part of the URL path is longer than any identifier here',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: 'SVC_ERR_INVALID_CONTENT_LENGTH',
    message: 'Content-Length does not match the body',
  },
};
