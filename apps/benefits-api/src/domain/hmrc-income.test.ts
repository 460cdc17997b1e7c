import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { monthlyEarningsFrom } from './hmrc-income.ts';

describe('monthly earnings from HMRC PAYE income', () => {
  it('averages the latest three months with payments, in pence', () => {
    const pay = [
      { paymentDate: '2025-06-28', taxablePayment: 1850.5 },
      { paymentDate: '2025-07-28', taxablePayment: 1850.5 },
      { paymentDate: '2025-08-28', taxablePayment: 1850.5 },
      { paymentDate: '2025-08-15', taxablePayment: 412 },
      { paymentDate: '2025-05-28', taxablePayment: 9999 },
    ];
    assert.deepEqual(monthlyEarningsFrom(pay), {
      monthlyPence: Math.round((185050 * 3 + 41200) / 3),
      months: ['2025-08', '2025-07', '2025-06'],
    });
  });

  it('is zero when HMRC holds no payments', () => {
    assert.deepEqual(monthlyEarningsFrom([]), { monthlyPence: 0, months: [] });
  });
});
