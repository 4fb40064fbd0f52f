// The virtual card's end of the vpcd link, on a thread of its own.
//
// pcsclite's close() is synchronous: it cancels the reader's status wait and joins that thread.
// pcscd polls a vpcd card for its ATR and powers it on by itself, holding the reader meanwhile;
// if the card's answer has to come from the very thread that is blocked in close(), neither ever
// returns (seen: a test worker parked in a futex, three unread bytes on the vpcd socket). Here the
// link and the control codes (power, reset, ATR) are served whatever the main thread is doing;
// command APDUs go to the card OS on the main thread, which owns the card's state.
//
// Plain JavaScript: a worker does not get the TypeScript loader of whoever started it.
import { Buffer } from 'node:buffer';
import { createConnection } from 'node:net';
import { clearTimeout, setTimeout } from 'node:timers';
import { parentPort, workerData } from 'node:worker_threads';

const CTRL_POWER_OFF = 0x00;
const CTRL_POWER_ON = 0x01;
const CTRL_RESET = 0x02;
const CTRL_GET_ATR = 0x04;

const { host, port, atr, timeoutMs } = workerData;
const socket = createConnection({ host, port });
socket.setNoDelay(true);
let taken = false;
let buf = Buffer.alloc(0);

const post = (message) => parentPort.postMessage(message);
const timer = setTimeout(() => {
  post({ type: 'failed', reason: 'timeout' });
  socket.destroy();
}, timeoutMs);

function send(payload) {
  if (socket.destroyed) return;
  const frame = Buffer.alloc(2 + payload.length);
  frame.writeUInt16BE(payload.length, 0);
  frame.set(payload, 2);
  socket.write(frame);
}

socket.once('error', (err) => {
  if (!taken) post({ type: 'failed', reason: 'unreachable', message: err.message });
});
socket.once('connect', () => {
  // After connecting, a broken link is just the card leaving the reader.
  socket.on('error', (err) => post({ type: 'link-error', message: err.message }));
  post({ type: 'connected' });
});
socket.on('data', (chunk) => {
  if (!taken) {
    taken = true;
    clearTimeout(timer);
    post({ type: 'taken' });
  }
  buf = Buffer.concat([buf, chunk]);
  while (buf.length >= 2) {
    const len = buf.readUInt16BE(0);
    if (buf.length < 2 + len) break;
    const payload = new Uint8Array(buf.subarray(2, 2 + len));
    buf = buf.subarray(2 + len);
    if (payload.length !== 1) post({ type: 'apdu', bytes: payload });
    else if (payload[0] === CTRL_GET_ATR) send(atr);
    else if (payload[0] === CTRL_POWER_OFF || payload[0] === CTRL_POWER_ON || payload[0] === CTRL_RESET) post({ type: 'reset' });
  }
});
socket.once('close', () => {
  clearTimeout(timer);
  post({ type: 'closed', taken });
  parentPort.close();
});

parentPort.on('message', (message) => {
  if (message.type === 'answer') send(message.bytes);
  else if (message.type === 'remove') socket.destroy();
});
