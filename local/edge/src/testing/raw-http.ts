/**
 * A client that writes raw bytes on one TCP connection and reads back each HTTP/1.1 response as it
 * completes: what a test needs to send requests no HTTP client would build (smuggling, broken
 * framing, slow headers, pipelining) and still wait on events rather than on time.
 */
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';

export interface RawResponse {
  readonly status: number;
  /** Lower-case names; a repeated header keeps its last value. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');

/** One response parsed off the front of `buf`, and how many bytes it took; undefined until complete. */
function parseOne(buf: Buffer, closed: boolean): { response: RawResponse; used: number } | undefined {
  const headEnd = buf.indexOf(HEAD_END);
  if (headEnd === -1) return undefined;
  const [statusLine = '', ...lines] = buf.toString('latin1', 0, headEnd).split('\r\n');
  const status = Number(statusLine.split(' ')[1]);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const start = headEnd + HEAD_END.length;
  if (status < 200 || status === 204 || status === 304) return { response: { status, headers, body: '' }, used: start };
  if (headers['content-length'] !== undefined) {
    const end = start + Number(headers['content-length']);
    if (buf.length < end) return undefined;
    return { response: { status, headers, body: buf.toString('utf8', start, end) }, used: end };
  }
  if (headers['transfer-encoding']?.toLowerCase() === 'chunked') {
    const parts: Buffer[] = [];
    let at = start;
    for (;;) {
      const lineEnd = buf.indexOf(CRLF, at);
      if (lineEnd === -1) return undefined;
      const size = Number.parseInt(buf.toString('latin1', at, lineEnd).split(';')[0]!, 16);
      const dataStart = lineEnd + CRLF.length;
      if (buf.length < dataStart + size + CRLF.length) return undefined;
      if (size === 0) {
        return { response: { status, headers, body: Buffer.concat(parts).toString('utf8') }, used: dataStart + 2 };
      }
      parts.push(buf.subarray(dataStart, dataStart + size));
      at = dataStart + size + CRLF.length;
    }
  }
  // Neither length nor chunks: the body runs to the end of the connection.
  return closed ? { response: { status, headers, body: buf.toString('utf8', start) }, used: buf.length } : undefined;
}

export class RawConnection {
  readonly #socket: Socket;
  #buffer = Buffer.alloc(0);
  #ended = false;
  readonly #responses: RawResponse[] = [];
  readonly #waiting: { resolve: (r: RawResponse) => void; reject: (e: Error) => void }[] = [];
  /** Resolves when the server has closed the connection (or reset it). */
  readonly closed: Promise<void>;

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      this.#drain();
    });
    // A reset after the answer is how a server may close on a client still sending: not a failure.
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) => {
      socket.once('close', () => {
        this.#ended = true;
        this.#drain();
        for (const w of this.#waiting.splice(0)) w.reject(new Error('the connection closed before a response'));
        resolve();
      });
    });
  }

  static async open(port: number): Promise<RawConnection> {
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    return new RawConnection(socket);
  }

  #drain(): void {
    for (;;) {
      const parsed = parseOne(this.#buffer, this.#ended);
      if (!parsed) return;
      this.#buffer = this.#buffer.subarray(parsed.used);
      const waiter = this.#waiting.shift();
      if (waiter) waiter.resolve(parsed.response);
      else this.#responses.push(parsed.response);
    }
  }

  /** Write bytes; resolves once they are handed to the kernel (or the server has gone). */
  async write(data: string | Buffer): Promise<void> {
    if (this.#socket.destroyed) return;
    await new Promise<void>((resolve) => {
      this.#socket.write(data, () => {
        resolve();
      });
    });
  }

  /** The next response on the connection, informational (1xx) ones included. */
  next(): Promise<RawResponse> {
    const ready = this.#responses.shift();
    if (ready) return Promise.resolve(ready);
    if (this.#ended) return Promise.reject(new Error('the connection closed before a response'));
    return new Promise((resolve, reject) => this.#waiting.push({ resolve, reject }));
  }

  /** Whether the server has closed the connection yet. */
  get isClosed(): boolean {
    return this.#ended;
  }

  destroy(): void {
    this.#socket.destroy();
  }
}

/** Send bytes on a fresh connection and return the first response. */
export async function rawRequest(port: number, bytes: string | Buffer): Promise<RawResponse> {
  const conn = await RawConnection.open(port);
  try {
    await conn.write(bytes);
    return await conn.next();
  } finally {
    conn.destroy();
  }
}

/** The `error` of an edge JSON refusal, or undefined when the body is not one. */
export function errorOf(r: RawResponse): { readonly code: string; readonly message: string } | undefined {
  if (!r.headers['content-type']?.startsWith('application/json')) return undefined;
  const parsed = JSON.parse(r.body) as { error?: { code: string; message: string } };
  return parsed.error;
}
