import { describe, expect, it } from 'vitest';
import { CodedError, errorCode } from '../../../shared/coded-error';
import { CardError } from '../../../drivers/card/errors';
import { PrinterError } from '../../../drivers/printer/errors';
import { ZvtCodecError, ZvtError } from '../../../drivers/payment/zvt/errors';
import { TransportError } from '../../../drivers/transport/byte-transport';
import { HidFramingError } from '../../../drivers/transport/hid';
import { OutboxError } from '../../../offline-cache/errors';
import { JournalError } from '../../../offline-cache/payment-journal';
import { PrintJournalError } from '../../../offline-cache/print-journal';
import { GatewayError } from '../../../main/gateway/client';
import { ConfigError } from '../../../main/config/errors';
import { PaymentServiceError } from '../../../main/payments/types';
import { CatalogError } from '../../../main/core/services/load';
import { FeeError } from '../../../main/core/services/fees';
import { InvalidStateError } from '../../../main/core/state-check';
import { ReceiptError } from '../../../main/core/ports';
import { MessageFormatError } from '../../../renderer/src/i18n/format';
import { HttpProblem } from '../../../gateway/sim-http';

describe('errorCode', () => {
  it('reads the code of a coded error, a Node system error and a database error', () => {
    expect(errorCode(new CodedError('paper-out', 'no paper'))).toBe('paper-out');
    const enoent = (() => {
      try {
        process.chdir('/no/such/folder/here');
      } catch (err) {
        return err;
      }
    })();
    expect(errorCode(enoent)).toBe('ENOENT');
    expect(errorCode(Object.assign(new Error('UNIQUE constraint failed'), { code: 'SQLITE_CONSTRAINT_UNIQUE' }))).toBe('SQLITE_CONSTRAINT_UNIQUE');
  });

  it('gives undefined for anything without a text code', () => {
    for (const thrown of [undefined, null, 'paper-out', 42, new Error('plain'), { code: 1 }, { code: undefined }]) expect(errorCode(thrown)).toBeUndefined();
  });
});

describe('the typed errors', () => {
  // Each with its code unchanged (tests, logs and the renderer's texts key on them) and its own
  // name as a literal, so logs name it even in a minified bundle.
  it.each([
    [new CardError('card-mute', 'm'), 'CardError', 'card-mute'],
    [new PrinterError('paper-out', 'm'), 'PrinterError', 'paper-out'],
    [new ZvtError('no-ack', 'm'), 'ZvtError', 'no-ack'],
    [new ZvtCodecError('bad-bmp', 'm'), 'ZvtCodecError', 'bad-bmp'],
    [new TransportError('m', 'disconnected', true), 'TransportError', 'disconnected'],
    [new HidFramingError('m'), 'HidFramingError', 'bad-hid-report'],
    [new OutboxError('corrupt-payload', 'm'), 'OutboxError', 'corrupt-payload'],
    [new JournalError('not-found', 'm'), 'JournalError', 'not-found'],
    [new PrintJournalError('unknown-job', 'm'), 'PrintJournalError', 'unknown-job'],
    [new GatewayError('unreachable', 'm'), 'GatewayError', 'unreachable'],
    [new ConfigError('devices.terminal.baudRate', 'KIOSK_TERMINAL_BAUD', 'fast', 'expected a whole number'), 'ConfigError', 'invalid-config'],
    [new PaymentServiceError('terminal-unavailable', 'm'), 'PaymentServiceError', 'terminal-unavailable'],
    [new CatalogError('m'), 'CatalogError', 'invalid-catalog'],
    [new FeeError('no-rate', 'm'), 'FeeError', 'no-rate'],
    [new InvalidStateError(['mode']), 'InvalidStateError', 'invalid-state'],
    [new ReceiptError('cover-open', 3), 'ReceiptError', 'cover-open'],
    [new MessageFormatError('m'), 'MessageFormatError', 'message-format'],
    [new HttpProblem(413, 'too-large', 'm'), 'HttpProblem', 'too-large'],
  ])('%s is a CodedError named %s with code %s', (err, name, code) => {
    expect(err).toBeInstanceOf(CodedError);
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe(name);
    expect(errorCode(err)).toBe(code);
    expect(String(err.stack)).toContain(name);
  });

  it('keeps a cause and the fields a caller branches on', () => {
    const cause = new Error('EIO');
    const card = new CardError('wrong-pin', 'verification failed', 0x63c2, { cause });
    expect([card.sw, card.cause]).toEqual([0x63c2, cause]);
    expect(new ZvtError('rejected', 'm', 0x6c).resultCode).toBe(0x6c);
    expect(new TransportError('gone', 'disconnected', true).disconnected).toBe(true);
    expect(new GatewayError('unavailable', 'm', { status: 503, retryAfterMs: 2000, cause }).cause).toBe(cause);
    expect(new ReceiptError('paper-out', 7).jobId).toBe(7);
  });
});
