import { InvalidPhoneNumberError } from '@domain/errors';
import { classifyCallerId, isAnonymousCaller, parsePhoneNumber } from '@domain/phone';

describe('Korean phone numbers', () => {
  it.each(['010-1234-5678', '01012345678', '+82 10-1234-5678', '+821012345678', '010 1234 5678', '010.1234.5678', '+82 (0)10 1234 5678', '821012345678', '0082-10-1234-5678'])(
    'reads %s as the same mobile number',
    (raw) => {
      expect(parsePhoneNumber(raw)).toEqual({ kind: 'mobile', e164: '+821012345678', national: '010-1234-5678', masked: '010-****-5678' });
    },
  );

  it.each([
    ['02-123-4567', '+8221234567', '02-123-4567', '02-***-4567', 'landline'],
    ['02-1234-5678', '+82212345678', '02-1234-5678', '02-****-5678', 'landline'],
    ['(031) 123-4567', '+82311234567', '031-123-4567', '031-***-4567', 'landline'],
    ['+82 51 987 6543', '+82519876543', '051-987-6543', '051-***-6543', 'landline'],
    ['011-123-4567', '+82111234567', '011-123-4567', '011-***-4567', 'mobile'],
    ['016-1234-5678', '+821612345678', '016-1234-5678', '016-****-5678', 'mobile'],
    ['070-1234-5678', '+827012345678', '070-1234-5678', '070-****-5678', 'internet'],
  ])('parses %s', (raw, e164, national, masked, kind) => {
    expect(parsePhoneNumber(raw)).toEqual({ kind, e164, national, masked });
  });

  it.each([
    ['', 'EMPTY'],
    ['010-1234-567', 'BAD_LENGTH'],
    ['010-1234-56789', 'BAD_LENGTH'],
    ['02-12-3456', 'BAD_LENGTH'],
    ['+1 415 555 0100', 'NOT_KOREAN'],
    ['012-345-6789', 'UNKNOWN_PREFIX'],
    ['1588-0000', 'UNKNOWN_PREFIX'],
    ['010-abcd-5678', 'BAD_CHARACTERS'],
    ['전화번호 없음', 'BAD_CHARACTERS'],
  ])('rejects %j with a typed error (%s)', (raw, problem) => {
    try {
      parsePhoneNumber(raw);
      throw new Error('should not parse');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidPhoneNumberError);
      expect((error as InvalidPhoneNumberError).problem).toBe(problem);
    }
  });

  it.each(['anonymous', 'Anonymous', '', '   ', '+0000000000', '+00', 'withheld', 'private', undefined, null])('recognises %j as an anonymous caller', (raw) => {
    expect(isAnonymousCaller(raw)).toBe(true);
    expect(classifyCallerId(raw)).toEqual({ type: 'anonymous' });
  });

  it('classifies without throwing', () => {
    expect(classifyCallerId('+821012345678')).toMatchObject({ type: 'valid', phone: { e164: '+821012345678' } });
    expect(classifyCallerId('12-34')).toMatchObject({ type: 'invalid' });
  });
});
