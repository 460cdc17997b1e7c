/** Limits AWS sets, which the definition's readers (and the local stand-ins) must respect alike. */

/** API Gateway REST carries request and response payloads of at most 10 MB. */
export const API_GATEWAY_MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
