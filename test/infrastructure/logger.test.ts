import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loggerOptions, maskPersonalText } from '../../infrastructure/logging/logger.js';

/** A logger built with the project's options, writing JSON lines into an array. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { log: pino({ ...loggerOptions(), level: 'info', transport: undefined }, sink), lines };
}

describe('logs never carry personal data', () => {
  it('masks ID numbers and mobile numbers inside free text', () => {
    expect(maskPersonalText('申请人 11010519491231002X 电话 13812345678')).toBe('申请人 110105********002X 电话 138****5678');
  });

  it('redacts known personal fields at any depth and masks identifiers in messages', async () => {
    const { log, lines } = capture();
    log.info({ applicant: { name: '张三', idNumber: '11010519491231002X' }, callerPhone: '13812345678', caseNo: '20261102-00001' }, 'case for 13812345678');
    await new Promise((resolve) => setImmediate(resolve));
    const text = JSON.stringify(lines);
    expect(text).not.toContain('张三');
    expect(text).not.toContain('11010519491231002X');
    expect(text).not.toContain('13812345678');
    expect(lines[0]).toMatchObject({ caseNo: '20261102-00001', msg: 'case for 138****5678' });
  });
});
