/**
 * A DynamoDB-API server (dynalite) as its own process: `node dynalite-main.ts <port> [<path>]`.
 * With a path it keeps tables in LevelDB on disk; it exits when its supervisor goes away.
 */
import type { Server } from 'node:http';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const dynalite = require('dynalite') as (opts: Record<string, unknown>) => Server;

const [port, path] = process.argv.slice(2);
const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(path ? { path } : {}) });
const stop = () => server.close(() => process.exit(0));
server.listen(Number(port), '127.0.0.1', () => {
  // A supervisor that gave up while this started has closed the channel: stop quietly, not with EPIPE.
  if (process.send !== undefined && !process.connected) {
    stop();
    return;
  }
  process.send?.('ready', (err: Error | null) => {
    if (err) stop();
  });
});
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
process.once('disconnect', stop);
