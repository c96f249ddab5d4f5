import { parseConnectEvent, toStringMap } from '../../../lambdas/platform/connect';

describe('Connect event parsing', () => {
  it('reads contact id, channel, caller address and parameters', () => {
    const input = parseConnectEvent({
      Details: {
        ContactData: { ContactId: 'c-1', Channel: 'CHAT', CustomerEndpoint: { Address: '+821012345678', Type: 'TELEPHONE_NUMBER' }, Attributes: { tier: 'VIP' } },
        Parameters: { pin: '1234', retries: 2 },
      },
    });
    expect(input).toMatchObject({ contactId: 'c-1', channel: 'CHAT', customerAddress: '+821012345678', attributes: { tier: 'VIP' }, parameters: { pin: '1234', retries: '2' } });
  });

  it.each([undefined, null, 42, 'text', [], { Details: 'x' }, { Details: { ContactData: { CustomerEndpoint: 'odd', Attributes: null }, Parameters: { a: { b: 1 } } } }])(
    'never throws on a broken event (%j)',
    (event) => {
      const input = parseConnectEvent(event);
      expect(input.contactId).toBeTruthy();
      expect(input.customerAddress).toBeUndefined();
    },
  );
});

describe('toStringMap', () => {
  it('turns values into strings and drops empty ones', () => {
    expect(toStringMap({ a: true, b: 3, c: 'x', d: undefined, e: null })).toEqual({ a: 'true', b: '3', c: 'x' });
  });

  it('stays under the 32 KB Connect limit whatever it is given', () => {
    const out = toStringMap({ small: 'ok', huge: '가'.repeat(40_000), other: 'b'.repeat(20_000) });
    expect(Buffer.byteLength(JSON.stringify(out))).toBeLessThan(32 * 1024);
    expect(out.small).toBe('ok');
  });
});
