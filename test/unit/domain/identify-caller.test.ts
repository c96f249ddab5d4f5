import { FixedClock } from '@domain/clock';
import type { Customer } from '@domain/customers/customer';
import { callerProfile, identifyCaller } from '@domain/customers/identify-caller';
import { hashPin, verifyPin } from '@domain/customers/pin';
import type { CustomerDirectory, PinAttemptStore, PinFailureOutcome } from '@domain/customers/ports';

/** In-memory directory with the same conditional semantics as the DynamoDB adapter. */
class MemoryDirectory implements CustomerDirectory, PinAttemptStore {
  readonly rows = new Map<string, Customer>();
  async findByPhone(phone: string) {
    return [...this.rows.values()].find((c) => c.phoneE164 === phone);
  }
  async getById(id: string) {
    return this.rows.get(id);
  }
  async addFailure(id: string): Promise<PinFailureOutcome> {
    const c = this.rows.get(id)!;
    if (c.pinLockedUntil) return { status: 'LOCKED', lockedUntil: new Date(c.pinLockedUntil) };
    this.rows.set(id, { ...c, pinFailures: c.pinFailures + 1 });
    return { status: 'COUNTED', failures: c.pinFailures + 1 };
  }
  async lock(id: string, until: Date, min: number) {
    const c = this.rows.get(id)!;
    if (!c.pinLockedUntil && c.pinFailures >= min) this.rows.set(id, { ...c, pinLockedUntil: until.toISOString() });
  }
  async clearExpiredLock(id: string, seen: Date) {
    const c = this.rows.get(id)!;
    if (c.pinLockedUntil === seen.toISOString()) this.rows.set(id, { ...c, pinLockedUntil: undefined, pinFailures: 0 });
  }
  async reset(id: string) {
    const c = this.rows.get(id)!;
    if (c.pinLockedUntil) return { status: 'LOCKED' as const, lockedUntil: new Date(c.pinLockedUntil) };
    this.rows.set(id, { ...c, pinFailures: 0 });
    return { status: 'OK' as const };
  }
}

let dir: MemoryDirectory;
const clock = new FixedClock('2026-11-24T01:00:00Z');
const deps = () => ({ directory: dir, attempts: dir, clock });

beforeAll(async () => {
  dir = new MemoryDirectory();
});
beforeEach(async () => {
  dir.rows.clear();
  dir.rows.set('C1', { customerId: 'C1', name: '김민수', phoneE164: '+821012345678', tier: 'VIP', preferredLanguage: 'ko-KR', pinHash: await hashPin('1234'), pinFailures: 0 });
  dir.rows.set('C2', { customerId: 'C2', name: '이서연', phoneE164: '+821023456789', tier: 'REGULAR', preferredLanguage: 'ko-KR', pinFailures: 0 });
});

describe('PIN hashing', () => {
  it('stores salted scrypt hashes that verify only the right PIN', async () => {
    const a = await hashPin('1234');
    const b = await hashPin('1234');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPin('1234', a)).toBe(true);
    expect(await verifyPin('1235', a)).toBe(false);
    expect(await verifyPin('1234', 'plain-1234')).toBe(false);
  });
  it('refuses to hash something that is not a 4–6 digit PIN', async () => {
    await expect(hashPin('12')).rejects.toThrow(RangeError);
  });
});

describe('identifyCaller', () => {
  it('finds a customer from any written form of the number', async () => {
    const id = await identifyCaller({ phoneNumber: '010-1234-5678' }, deps());
    expect(callerProfile(id)).toMatchObject({ customerFound: true, customerId: 'C1', isVip: true });
    expect(id.verification).toBe('NOT_REQUIRED');
  });

  it('reports an enrolled-less customer giving a PIN as failed, not verified', async () => {
    const id = await identifyCaller({ phoneNumber: '+821023456789', pin: '1234' }, deps());
    expect(id).toMatchObject({ verification: 'FAILED', detail: 'PIN_NOT_ENROLLED' });
  });

  it('locks after three wrong PINs and refuses the right one until the lock expires', async () => {
    const wrong = () => identifyCaller({ phoneNumber: '+821012345678', pin: '0000' }, deps());
    expect(await wrong()).toMatchObject({ verification: 'FAILED', attemptsRemaining: 2 });
    expect(await wrong()).toMatchObject({ verification: 'FAILED', attemptsRemaining: 1 });
    expect(await wrong()).toMatchObject({ verification: 'LOCKED', attemptsRemaining: 0 });
    expect(await identifyCaller({ phoneNumber: '+821012345678', pin: '1234' }, deps())).toMatchObject({ verification: 'LOCKED' });
    const later = { ...deps(), clock: new FixedClock('2026-11-24T01:31:00Z') };
    expect(await identifyCaller({ phoneNumber: '+821012345678', pin: '1234' }, later)).toMatchObject({ verification: 'VERIFIED' });
  });

  it('honours a custom policy', async () => {
    const strict = { ...deps(), policy: { maxAttempts: 1, lockMinutes: 5 } };
    const id = await identifyCaller({ phoneNumber: '+821012345678', pin: '9999' }, strict);
    expect(id.verification).toBe('LOCKED');
    expect(id.lockedUntil?.toISOString()).toBe('2026-11-24T01:05:00.000Z');
  });
});
