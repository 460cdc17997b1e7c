/**
 * What the edge answers when Node's parser gives up on a connection (its `clientError` event):
 * Node's own answer is a bare status line, or none; the edge's is the same clear error as any other
 * refusal, in order behind the responses the connection is still owed, and then the connection is
 * closed, since after a parse error nobody can tell where the next request would start.
 * - a head too large (`HPE_HEADER_OVERFLOW`) is 431, or 414 when the packet that overflowed starts
 *   with a request-target over the URL limit;
 * - a timeout is 408: the headers' when no request was read yet, the body's when one was;
 * - Content-Length with Transfer-Encoding, two Content-Lengths, a Transfer-Encoding whose final
 *   coding is not chunked: 400 (RFC 9112 sections 6.1 and 6.3), the request never forwarded;
 * - every other parse error is 400; a socket error (the client went away) gets no answer.
 */
import type { Duplex } from 'node:stream';
import { refusal, type EdgeErrorCode, type RefusalContext } from './edge-errors.ts';
import { rawRefusal, sendRefusal } from './error-response.ts';
import type { OpenExchanges } from './open-exchanges.ts';

/** How long a refused connection stays open for the client to read its answer (nginx lingers up to 5 s). */
const LINGER_MS = 2_000;

export interface RequestLine {
  /** The start of the request-target (enough to route on), as it came. */
  readonly target: string;
  /** How long the target is: at least this, when the packet ends inside it. */
  readonly targetBytes: number;
}

const REQUEST_LINE_START = /^([A-Za-z]+) ([^\s]+)/;
/** Enough of a packet to read a method and the start of a target: all a refusal needs of it. */
const SNIFF_BYTES = 1_024;

/**
 * The request line a packet starts with, if it starts with one. Node hands the error handler only
 * the packet it was parsing, so this can only see a request line that starts that packet: the
 * common case of a request written at once.
 */
export function sniffRequestLine(packet: Buffer | undefined): RequestLine | undefined {
  if (!packet) return undefined;
  const start = REQUEST_LINE_START.exec(packet.toString('latin1', 0, SNIFF_BYTES));
  if (!start) return undefined;
  const targetStart = start[1]!.length + 1;
  const targetEnd = packet.indexOf(32, targetStart);
  return { target: start[2]!, targetBytes: (targetEnd === -1 ? packet.length : targetEnd) - targetStart };
}

export interface ClientErrorFacts {
  /** Node's or the parser's error code. */
  readonly code: string | undefined;
  readonly requestLine: RequestLine | undefined;
  /** A request on the connection was handed to the edge and its body has not arrived in full. */
  readonly bodyPending: boolean;
  readonly maxUrlBytes: number;
}

/** The refusal for a parser error, or undefined when there is no one to answer. */
export function refusalCodeFor(facts: ClientErrorFacts): EdgeErrorCode | undefined {
  switch (facts.code) {
    case 'HPE_HEADER_OVERFLOW':
      // A target too long for the URL limit is the more useful answer, even when the head overflowed.
      return (facts.requestLine?.targetBytes ?? 0) > facts.maxUrlBytes
        ? 'EDGE_ERR_URL_TOO_LONG'
        : 'EDGE_ERR_HEADERS_TOO_LARGE';
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return 'EDGE_ERR_CHUNK_EXTENSIONS_TOO_LARGE';
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return facts.bodyPending ? 'EDGE_ERR_BODY_TIMEOUT' : 'EDGE_ERR_HEADERS_TIMEOUT';
    case 'HPE_INVALID_TRANSFER_ENCODING':
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
    case 'HPE_INVALID_CONTENT_LENGTH':
      return 'EDGE_ERR_AMBIGUOUS_FRAMING';
    case 'HPE_INVALID_METHOD':
      return 'EDGE_ERR_BAD_METHOD';
    case 'HPE_INVALID_HEADER_TOKEN':
      return 'EDGE_ERR_BAD_HEADER';
    case 'HPE_INVALID_URL':
      return 'EDGE_ERR_BAD_TARGET';
    case 'HPE_PAUSED_H2_UPGRADE':
      return 'EDGE_ERR_HTTP2_PRIOR_KNOWLEDGE';
    default:
      return facts.code?.startsWith('HPE_') === true ? 'EDGE_ERR_MALFORMED_REQUEST' : undefined;
  }
}

/** End the connection after the answer, and cut it if the client never closes its side. */
export function endAndLinger(socket: Duplex, answer: string): void {
  socket.end(answer);
  const cut = setTimeout(() => socket.destroy(), LINGER_MS);
  cut.unref();
  socket.once('close', () => {
    clearTimeout(cut);
  });
}

export interface ClientErrorOptions {
  readonly exchanges: OpenExchanges;
  readonly context: RefusalContext;
  /** Whether the refusal for a request-target is a page rather than the API's JSON. */
  readonly asPage: (target: string | undefined) => boolean;
  readonly onRefused: (code: EdgeErrorCode) => void;
}

export function clientErrorListener(opts: ClientErrorOptions): (err: Error, socket: Duplex) => void {
  return (err, socket) => {
    const code = 'code' in err && typeof err.code === 'string' ? err.code : undefined;
    const packet = 'rawPacket' in err && Buffer.isBuffer(err.rawPacket) ? err.rawPacket : undefined;
    const pending = opts.exchanges.of(socket).find((x) => !x.req.complete);
    const requestLine = sniffRequestLine(packet);
    const refused = refusalCodeFor({
      code,
      requestLine,
      bodyPending: pending !== undefined,
      maxUrlBytes: opts.context.maxUrlBytes,
    });
    if (refused === undefined || !socket.writable) {
      socket.destroy();
      return;
    }
    opts.onRefused(refused);
    const answer = refusal(refused, opts.context);
    // The broken request is one the edge is reading: answer it through its own response.
    if (pending && !pending.res.headersSent) {
      sendRefusal(pending.res, answer, opts.asPage(pending.req.url), true);
      return;
    }
    void opts.exchanges.settled(socket).then(() => {
      if (pending || !socket.writable) socket.destroy();
      else endAndLinger(socket, rawRefusal(answer, opts.asPage(requestLine?.target)));
    });
  };
}
