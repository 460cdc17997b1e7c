import { createServer } from 'node:net';

/**
 * Ports this process has handed out. Between picking a port and the child binding it, the OS
 * considers it free and may hand the same number to the next bind(0); two children then race for
 * one port and the loser's health checks reach the winner. Never handing a port out twice from
 * one process closes that window for everything the runtime starts (services, stores, stand-ins),
 * including a restart, which rebinds the same port after the old process is gone.
 */
const handedOut = new Set<number>();
const MAX_ATTEMPTS = 50;

function osFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => {
        if (typeof addr === 'object' && addr) resolve(addr.port);
        else reject(new Error('no port'));
      });
    });
  });
}

/** A port free on 127.0.0.1 right now and never before returned by this process; the caller binds it soon after. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const port = await osFreePort();
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no unused port after ${MAX_ATTEMPTS} attempts (${handedOut.size} already handed out)`);
}
