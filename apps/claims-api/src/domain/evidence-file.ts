/**
 * What an evidence upload is, decided from its bytes (the "magic numbers" at its start), never
 * from its name or the type the client claims. Pure.
 */
import { API_GATEWAY_MAX_PAYLOAD_BYTES } from '@dwp/platform';

/** An upload crosses API Gateway, which carries at most 10 MB: the largest evidence file. */
export const MAX_EVIDENCE_BYTES = API_GATEWAY_MAX_PAYLOAD_BYTES;

export const EVIDENCE_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type EvidenceType = (typeof EVIDENCE_TYPES)[number];

const SIGNATURES: ReadonlyArray<{ type: EvidenceType; bytes: readonly number[] }> = [
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
];

export function detectEvidenceType(bytes: Uint8Array): EvidenceType | undefined {
  return SIGNATURES.find((s) => s.bytes.length <= bytes.length && s.bytes.every((b, i) => bytes[i] === b))?.type;
}

export const EXTENSION_OF: Readonly<Record<EvidenceType, string>> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
};

/** A file name safe to put in a Content-Disposition header: letters, digits, dot, dash, underscore. */
export function safeFileName(name: string | undefined, type: EvidenceType): string {
  const base = (name ?? '')
    .replace(/\.[A-Za-z0-9]{1,5}$/, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 80);
  return `${base || 'evidence'}.${EXTENSION_OF[type]}`;
}
