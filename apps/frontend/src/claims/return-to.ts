/**
 * Where a page may send the browser back to when a link asks (`?returnTo=/apply/{claimId}`): only a
 * path on this site, so a crafted link cannot bounce a citizen to another one (an open redirect).
 * Pure.
 */

const MAX_LENGTH = 512;
/** A path (one leading slash, never `//` or `/\`, which browsers read as another host) of plain characters. */
const SAME_SITE_PATH = /^\/(?![/\\])[A-Za-z0-9/_\-.~?=&%]*$/;

export function sameSitePath(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > MAX_LENGTH || !SAME_SITE_PATH.test(value)) return undefined;
  // `%2F%2F` or `%5C` decoded by a later hop would make the same mistake.
  let decoded: string;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    return undefined;
  }
  return /^\/[/\\]/.test(decoded) || decoded.includes('\\') ? undefined : value;
}
