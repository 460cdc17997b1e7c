import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkEvidenceUpload,
  detectEvidenceType,
  fileNameToSend,
  MAX_EVIDENCE_BYTES,
  sizeInWords,
  type ReceivedFile,
} from './evidence-file.ts';

const PDF = Buffer.from('%PDF-1.7\n...');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
const JPG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]);

describe('evidence file checks', () => {
  it('knows a PDF, JPG or PNG by its first bytes, whatever its name says', () => {
    // bytes | type
    const cases: ReadonlyArray<[Buffer, string | undefined]> = [
      [PDF, 'application/pdf'],
      [PNG, 'image/png'],
      [JPG, 'image/jpeg'],
      [Buffer.from('%PDF'), undefined],
      [Buffer.from('GIF89a'), undefined],
      [Buffer.from('<html>'), undefined],
      [Buffer.alloc(0), undefined],
    ];
    for (const [bytes, type] of cases) assert.equal(detectEvidenceType(bytes), type, bytes.toString('hex'));
  });

  it("gives the GOV.UK file upload error for each problem, in the Design System's order", () => {
    // received | error key (or the type sent on) | status
    const cases: ReadonlyArray<[ReceivedFile | undefined, string, number | undefined]> = [
      [undefined, 'evidence.upload.error.required', 400],
      [{ fileName: '', bytes: Buffer.alloc(0) }, 'evidence.upload.error.required', 400],
      [{ fileName: 'empty.pdf', bytes: Buffer.alloc(0) }, 'evidence.upload.error.empty', 400],
      [{ fileName: 'big.pdf', bytes: 'too-large' }, 'evidence.upload.error.tooLarge', 413],
      [{ fileName: 'notes.docx', bytes: Buffer.from('PK\u0003\u0004') }, 'evidence.upload.error.type', 415],
      [{ fileName: 'fake.pdf', bytes: Buffer.from('not really a pdf') }, 'evidence.upload.error.type', 415],
      [{ fileName: 'payslip.pdf', bytes: PDF }, 'application/pdf', undefined],
      [{ fileName: 'photo', bytes: JPG }, 'image/jpeg', undefined],
    ];
    for (const [file, expected, status] of cases) {
      const r = checkEvidenceUpload(file);
      assert.equal(r.ok ? r.contentType : r.key, expected, file?.fileName ?? 'no file');
      assert.equal(r.ok ? undefined : r.status, status);
    }
  });

  it('keeps the name the citizen knows without folders or control characters, within 200 characters', () => {
    assert.equal(fileNameToSend('C:\\Users\\amanda\\payslip.pdf'), 'payslip.pdf');
    assert.equal(fileNameToSend('/home/a/tenancy\u0000.pdf'), 'tenancy.pdf');
    assert.equal(fileNameToSend(`${'a'.repeat(300)}.pdf`).length, 200);
    assert.match(fileNameToSend(`${'a'.repeat(300)}.pdf`), /\.pdf$/);
  });

  it("says the limit and sizes in GOV.UK's style", () => {
    assert.equal(sizeInWords(MAX_EVIDENCE_BYTES), '10MB');
    assert.equal(sizeInWords(2_500_000), '2.4MB');
    assert.equal(sizeInWords(850 * 1024), '850KB');
    assert.equal(sizeInWords(10), '1KB');
  });
});
