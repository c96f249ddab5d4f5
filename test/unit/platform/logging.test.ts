import { Logger } from '@aws-lambda-powertools/logger';
import { MaskingLogFormatter } from '../../../lambdas/platform/instrumentation';

describe('log lines', () => {
  it('never carry a phone number, a name or a PIN in clear', () => {
    const lines: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const logger = new Logger({ serviceName: 'test', logFormatter: new MaskingLogFormatter(), logLevel: 'INFO' });
    logger.info('callback for 010-1234-5678', { customerName: '김민수', pin: '4321', details: { phone: '+821012345678' } });
    spy.mockRestore();
    const out = lines.join('');
    expect(out).toContain('010-****-5678');
    expect(out).toContain('김*수');
    expect(out).not.toMatch(/1234-5678|김민수|4321|\+821012345678/);
  });
});
