/**
 * The requests each connection still owes a response to. Node answers pipelined requests in order;
 * when a later request on the same connection turns out to be unreadable, the edge must neither
 * write its refusal in between (corrupting the earlier responses) nor drop the earlier ones: it waits
 * for them, or answers the broken request through its own response when that is the one still open.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
}

export class OpenExchanges {
  readonly #bySocket = new WeakMap<object, Set<Exchange>>();

  /** Count a request as open until its response closes (sent, or its connection gone). */
  open(req: IncomingMessage, res: ServerResponse): void {
    const socket = req.socket;
    let open = this.#bySocket.get(socket);
    if (!open) {
      open = new Set();
      this.#bySocket.set(socket, open);
    }
    const exchange: Exchange = { req, res };
    open.add(exchange);
    res.once('close', () => open.delete(exchange));
  }

  /** The open exchanges of a connection, first request first. */
  of(socket: object): readonly Exchange[] {
    return [...(this.#bySocket.get(socket) ?? [])];
  }

  /** Resolves once every exchange open on the connection now has closed. */
  async settled(socket: object): Promise<void> {
    await Promise.all(this.of(socket).map(({ res }) => new Promise((resolve) => res.once('close', resolve))));
  }
}
