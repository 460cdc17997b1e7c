/**
 * Every error gateway-core throws, in one catalogue. Each has a stable code a program can read;
 * option errors say which option is wrong and what to do about it.
 */
export class GatewayCoreError extends Error {
  static readonly code: string = 'GW_ERR_GENERIC';
  readonly code: string;

  constructor(message: string, code: string = GatewayCoreError.code) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A plugin or store was given an option it cannot work with (thrown at registration, never per request). */
export class InvalidOptionError extends GatewayCoreError {
  static override readonly code = 'GW_ERR_OPTION_INVALID';
  readonly option: string;
  constructor(option: string, message: string) {
    super(`${option}: ${message}`, InvalidOptionError.code);
    this.option = option;
  }
}

/** A shared store (Redis) did not answer; callers decide whether to fail open or closed. */
export class StoreUnavailableError extends GatewayCoreError {
  static override readonly code = 'GW_ERR_STORE_UNAVAILABLE';
  constructor(store: string, cause: unknown) {
    super(
      `${store} is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`,
      StoreUnavailableError.code,
    );
    this.cause = cause;
  }
}

/** A service's OpenAPI document could not be fetched or compiled. */
export class OpenApiDocumentError extends GatewayCoreError {
  static override readonly code = 'GW_ERR_OPENAPI_DOCUMENT';
  readonly service: string;
  constructor(service: string, message: string) {
    super(`${service}: ${message}`, OpenApiDocumentError.code);
    this.service = service;
  }
}

/** A canary change the gateway cannot make (no canary to promote, a percentage out of range). */
export class CanaryStateError extends GatewayCoreError {
  static override readonly code = 'GW_ERR_CANARY_STATE';
  constructor(message: string) {
    super(message, CanaryStateError.code);
  }
}

export function requirePositive(option: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0)
    throw new InvalidOptionError(option, `must be a positive number, got ${value}`);
  return value;
}

export function requireNonNegative(option: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new InvalidOptionError(option, `must be zero or more, got ${value}`);
  return value;
}
