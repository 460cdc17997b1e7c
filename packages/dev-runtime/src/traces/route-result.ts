/** What a trace route answers, before it is written to HTTP: kept apart so routes test without a socket. */
export interface RouteResult {
  readonly status: number;
  readonly body: unknown;
}

/** The house error shape, for the console routes (the Jaeger routes use Jaeger's own envelope). */
export function houseError(status: number, code: string, message: string): RouteResult {
  return { status, body: { error: { code, message } } };
}
