/**
 * Headers that say how the platform is built or who the caller is inside it; the gateway removes
 * them from every answer (and never takes identity headers from a client).
 */
export const INTERNAL_RESPONSE_HEADERS: ReadonlySet<string> = new Set(['x-powered-by', 'server']);
/** The signed identity headers the gateway adds for services (`x-dwp-user`, ...). */
export const INTERNAL_HEADER_PREFIX = 'x-dwp-';

export function isInternalHeader(name: string): boolean {
  return INTERNAL_RESPONSE_HEADERS.has(name) || name.startsWith(INTERNAL_HEADER_PREFIX);
}

/** Deletes identity headers a client sent, so only the gateway can set them. */
export function dropClientIdentityHeaders(headers: Record<string, unknown>): void {
  for (const name of Object.keys(headers))
    if (name.startsWith(INTERNAL_HEADER_PREFIX)) Reflect.deleteProperty(headers, name);
}
