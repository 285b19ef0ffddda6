/**
 * The fault-injecting TCP proxy of the chaos suite (test/helpers/tcp-proxy.ts), against a loopback echo
 * server: it forwards both ways, resets connections (now, or new ones after a while), delays chunks without
 * reordering them, refuses connections (not listening / accepted and reset), resumes, and counts it all.
 */
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../src/neo4j-local/neo4j-local.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';

let echo: net.Server;
let echoPort: number;
const upstreams = new Set<net.Socket>();
let proxy: TcpProxy;

beforeAll(async () => {
  echo = net.createServer((socket) => {
    upstreams.add(socket);
    socket.on('close', () => upstreams.delete(socket));
    socket.on('error', () => {});
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  echoPort = (echo.address() as net.AddressInfo).port;
});

afterEach(async () => {
  await proxy?.close();
});

afterAll(async () => {
  for (const socket of upstreams) socket.destroy();
  await new Promise<void>((resolve) => echo.close(() => resolve()));
});

/** A client on the proxy that collects what it receives and how it ended. */
async function connect(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  const received: Buffer[] = [];
  const ended = new Promise<string>((resolve) => {
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    socket.on('close', () => resolve('closed'));
  });
  socket.on('data', (chunk: Buffer) => received.push(chunk));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return { socket, ended, text: () => Buffer.concat(received).toString() };
}

/** How a connection to `port` ends when the other side does not answer: its error code, or `closed`. */
async function fate(port: number): Promise<string> {
  const socket = net.connect(port, '127.0.0.1');
  return await new Promise<string>((resolve) => {
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    socket.on('close', () => resolve('closed'));
  });
}

async function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}

describe(TcpProxy.name, () => {
  it('should forward both ways and count connections and bytes', async () => {
    proxy = await TcpProxy.start({ targetPort: echoPort });
    const client = await connect(proxy.port);
    client.socket.write('hello');
    await until(() => client.text() === 'hello');
    expect(proxy.stats()).toMatchObject({ connections: 1, active: 1, bytesToTarget: 5, bytesToClient: 5 });
    client.socket.end();
    await until(() => proxy.stats().active === 0);
  });

  it('should reset every active connection, both sides', async () => {
    proxy = await TcpProxy.start({ targetPort: echoPort });
    const a = await connect(proxy.port);
    const b = await connect(proxy.port);
    await until(() => upstreams.size === 2);
    expect(proxy.resetAll()).toBe(2);
    expect(await a.ended).toBe('ECONNRESET');
    expect(await b.ended).toBe('ECONNRESET');
    await until(() => upstreams.size === 0);
    expect(proxy.stats()).toMatchObject({ resets: 2, active: 0 });
  });

  it('should reset a share of new connections a while after they open', async () => {
    proxy = await TcpProxy.start({ targetPort: echoPort });
    proxy.setFaults({ resetNewFraction: 1, resetNewAfterMs: 200 });
    const client = await connect(proxy.port);
    const started = Date.now();
    expect(await client.ended).toBe('ECONNRESET');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(proxy.stats().resets).toBe(1);
  });

  it('should delay chunks in both directions and keep their order', async () => {
    proxy = await TcpProxy.start({ targetPort: echoPort });
    proxy.setFaults({ delay: { minMs: 50, maxMs: 150 } });
    const client = await connect(proxy.port);
    const started = Date.now();
    const expected = Array.from({ length: 20 }, (_, i) => `<${i}>`).join('');
    for (let i = 0; i < 20; i++) {
      client.socket.write(`<${i}>`);
      await sleep(5);
    }
    await until(() => client.text().length === expected.length);
    expect(client.text()).toBe(expected);
    // At least one delay each way.
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    expect(proxy.stats().delayedChunks).toBeGreaterThanOrEqual(2);
    client.socket.destroy();
  });

  it('should refuse new connections by not listening or by resetting them, then resume', async () => {
    proxy = await TcpProxy.start({ targetPort: echoPort });
    const port = proxy.port;
    const kept = await connect(port);
    await proxy.refuse('close');
    expect(await fate(port)).toBe('ECONNREFUSED');
    await proxy.resume();
    await proxy.refuse('destroy');
    expect(await fate(port)).toMatch(/ECONNRESET|closed/);
    expect(proxy.stats().refused).toBe(1);
    await proxy.resume();
    expect(proxy.port).toBe(port);
    const again = await connect(port);
    again.socket.write('back');
    await until(() => again.text() === 'back');
    // The connection opened before the refusal was left alone.
    kept.socket.write('kept');
    await until(() => kept.text() === 'kept');
    again.socket.destroy();
    kept.socket.destroy();
  });

  it('should drop the client when the target is down, counting the failure', async () => {
    proxy = await TcpProxy.start({ targetPort: await findFreePort() });
    expect(await fate(proxy.port)).toMatch(/ECONNRESET|closed/);
    await until(() => proxy.stats().upstreamFailures === 1);
  });
});
