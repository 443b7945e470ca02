/**
 * HTTP/1.1 over a raw socket, for what `fetch` hides: several requests on one kept-alive
 * connection (pipelined or one after another), bodies sent slowly, and how the server ended
 * the connection (a clean close or a reset).
 *
 * @example
 * const conn = await openConnection(url);
 * conn.send(rawRequest('GET', '/healthz'));
 * const [first] = await conn.responses(1);
 */
import { connect } from 'node:net';
import type { Socket } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface RawConnection {
  readonly socket: Socket;
  send(data: string): void;
  /** Resolves once `n` responses have been read (or the connection ended, with those read so far). */
  responses(n: number): Promise<RawResponse[]>;
  /** Resolves when the server ended the connection: `reset` when it was reset, else `closed`. */
  ended(): Promise<'closed' | 'reset'>;
  destroy(): void;
}

/** A request as bytes (`content-length` set from the body). */
export function rawRequest(method: string, path: string, body?: string, headers: Record<string, string> = {}): string {
  const lines = [`${method} ${path} HTTP/1.1`, 'host: 127.0.0.1', 'connection: keep-alive'];
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
  if (body !== undefined) lines.push('content-type: application/json', `content-length: ${Buffer.byteLength(body)}`);
  return `${lines.join('\r\n')}\r\n\r\n${body ?? ''}`;
}

/** Parses as many complete responses (content-length or chunked bodies) as `buffer` holds. */
function parse(buffer: string): { responses: RawResponse[]; rest: string } {
  const responses: RawResponse[] = [];
  let rest = buffer;
  for (;;) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) break;
    const [statusLine = '', ...headerLines] = rest.slice(0, end).split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of headerLines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    let body = '';
    let after = rest.slice(end + 4);
    if (headers['transfer-encoding'] === 'chunked') {
      let complete = false;
      for (;;) {
        const sizeEnd = after.indexOf('\r\n');
        if (sizeEnd < 0) break;
        const size = parseInt(after.slice(0, sizeEnd), 16);
        if (after.length < sizeEnd + 2 + size + 2) break;
        body += after.slice(sizeEnd + 2, sizeEnd + 2 + size);
        after = after.slice(sizeEnd + 2 + size + 2);
        if (size === 0) {
          complete = true;
          break;
        }
      }
      if (!complete) break;
    } else {
      const length = Number(headers['content-length'] ?? 0);
      if (Buffer.byteLength(after) < length) break;
      body = after.slice(0, length);
      after = after.slice(length);
    }
    responses.push({ status: Number(statusLine.split(' ')[1]), headers, body });
    rest = after;
  }
  return { responses, rest };
}

/** Opens a connection to `url` (`http://host:port`). */
export function openConnection(url: string): Promise<RawConnection> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    let buffer = '';
    const read: RawResponse[] = [];
    const waiters: { n: number; resolve: (r: RawResponse[]) => void }[] = [];
    let end: 'closed' | 'reset' | undefined;
    const enders: ((how: 'closed' | 'reset') => void)[] = [];
    const flush = (): void => {
      for (const w of [...waiters]) {
        if (read.length >= w.n || end !== undefined) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(read.slice(0, w.n));
        }
      }
    };
    const finish = (how: 'closed' | 'reset'): void => {
      if (end !== undefined) return;
      end = how;
      flush();
      for (const e of enders) e(how);
    };
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      const parsed = parse(buffer + chunk);
      buffer = parsed.rest;
      read.push(...parsed.responses);
      flush();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => finish(error.code === 'ECONNRESET' ? 'reset' : 'closed'));
    socket.on('close', () => finish('closed'));
    socket.once('connect', () =>
      resolve({
        socket,
        send: (data) => void socket.write(data),
        responses: (n) =>
          new Promise((done) => {
            waiters.push({ n, resolve: done });
            flush();
          }),
        ended: () => (end !== undefined ? Promise.resolve(end) : new Promise((done) => enders.push(done))),
        destroy: () => socket.destroy(),
      }),
    );
    socket.once('error', reject);
  });
}
