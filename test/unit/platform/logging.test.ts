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

describe('log correlation with X-Ray', () => {
  it('carries the invocation\'s trace root as xray_trace_id (Powertools reads it per log line)', () => {
    const saved = process.env._X_AMZN_TRACE_ID;
    process.env._X_AMZN_TRACE_ID = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
    const lines: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const logger = new Logger({ serviceName: 'test', logFormatter: new MaskingLogFormatter(), logLevel: 'INFO' });
    logger.info('traced');
    process.env._X_AMZN_TRACE_ID = 'Root=1-5759e988-00000000000000000000beef;Parent=53995c3f42cd8ad8;Sampled=0';
    logger.info('next invocation');
    spy.mockRestore();
    if (saved === undefined) delete process.env._X_AMZN_TRACE_ID;
    else process.env._X_AMZN_TRACE_ID = saved;
    expect(lines.map((l) => (JSON.parse(l) as { xray_trace_id?: string }).xray_trace_id)).toEqual([
      '1-5759e988-bd862e3fe1be46a994272793',
      '1-5759e988-00000000000000000000beef',
    ]);
  });
});
