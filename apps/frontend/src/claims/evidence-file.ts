/**
 * What an evidence upload may be, checked before it is sent on: its type from its first bytes
 * ("magic numbers", never its name or the browser's claim) and its size. Pure.
 *
 * The limits MIRROR claims-api's (apps/claims-api/src/domain/evidence-file.ts), which checks them
 * again and is the authority; they are repeated here, not imported, because the frontend ships
 * on its own. Change both together.
 */
import type { EvidenceContentType } from '../upstream/claims-answers.ts';

/** 10 MB, as claims-api's MAX_EVIDENCE_BYTES. */
export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;
/** The longest file name claims-api takes (its `fileName` query). */
export const MAX_FILE_NAME_LENGTH = 200;

const SIGNATURES: ReadonlyArray<{ readonly type: EvidenceContentType; readonly bytes: readonly number[] }> = [
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
];

export function detectEvidenceType(bytes: Uint8Array): EvidenceContentType | undefined {
  return SIGNATURES.find((s) => s.bytes.length <= bytes.length && s.bytes.every((b, i) => bytes[i] === b))?.type;
}

/** What the upload form received: no file part at all is `undefined`. */
export interface ReceivedFile {
  readonly fileName: string;
  /** The bytes, or 'too-large' when the file went past MAX_EVIDENCE_BYTES (and was not kept). */
  readonly bytes: Buffer | 'too-large';
}

export type UploadCheck =
  | { readonly ok: true; readonly contentType: EvidenceContentType; readonly fileName: string; readonly bytes: Buffer }
  /** `key` is the GOV.UK file upload error message's key; `status` the page's HTTP status. */
  | { readonly ok: false; readonly key: string; readonly status: 400 | 413 | 415 };

/** The GOV.UK file upload checks, in its order: chosen, not empty, not too big, of an allowed type. */
export function checkEvidenceUpload(file: ReceivedFile | undefined): UploadCheck {
  // A browser sends a file input with nothing chosen as a part with no name and no bytes.
  if (!file || (file.fileName === '' && (file.bytes === 'too-large' || file.bytes.length === 0)))
    return { ok: false, key: 'evidence.upload.error.required', status: 400 };
  if (file.bytes === 'too-large') return { ok: false, key: 'evidence.upload.error.tooLarge', status: 413 };
  if (file.bytes.length === 0) return { ok: false, key: 'evidence.upload.error.empty', status: 400 };
  const contentType = detectEvidenceType(file.bytes);
  if (!contentType) return { ok: false, key: 'evidence.upload.error.type', status: 415 };
  return { ok: true, contentType, fileName: fileNameToSend(file.fileName), bytes: file.bytes };
}

/** The name the citizen knows the file by, without any folder a browser sent, within claims-api's length. */
export function fileNameToSend(name: string): string {
  const base = name.split(/[/\\]/).at(-1) ?? '';
  return (
    base
      // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
      .replace(/[\u0000-\u001f\u007f]/g, '')
      .trim()
      .slice(-MAX_FILE_NAME_LENGTH)
  );
}

/** A size as GOV.UK writes it: "850KB", "2.4MB". */
export function sizeInWords(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))}KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')}MB`;
}
