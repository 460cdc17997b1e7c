import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectEvidenceType, safeFileName } from './evidence-file.ts';

describe('evidence file type', () => {
  it('recognises PDF, JPEG and PNG by their first bytes', () => {
    assert.equal(detectEvidenceType(Buffer.from('%PDF-1.7\n...')), 'application/pdf');
    assert.equal(detectEvidenceType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])), 'image/jpeg');
    assert.equal(detectEvidenceType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0])), 'image/png');
  });

  it('refuses a file whose bytes are not one of those types, whatever it is called', () => {
    assert.equal(detectEvidenceType(Buffer.from('MZ\x90\x00 an executable renamed payslip.pdf')), undefined);
    assert.equal(detectEvidenceType(Buffer.from('<html>')), undefined);
    assert.equal(detectEvidenceType(Buffer.from('%PD')), undefined);
  });

  it('names the stored file after what it is, not what the client said', () => {
    assert.equal(safeFileName('../../etc/passwd.exe', 'application/pdf'), 'etc-passwd.pdf');
    assert.equal(safeFileName(undefined, 'image/png'), 'evidence.png');
    assert.equal(safeFileName('Payslip March 2026.jpeg', 'image/jpeg'), 'Payslip-March-2026.jpg');
  });
});
