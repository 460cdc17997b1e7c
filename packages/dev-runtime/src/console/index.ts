/** The operations console's public surface, for the admin server (see serve-console.ts). */
export { serveConsole, isConsolePath, DEFAULT_MAP_WINDOW_SECONDS, type ConsoleDeps } from './serve-console.ts';
export type {
  JaegerSpan,
  JaegerTag,
  JaegerTrace,
  LiveMap,
  MapFigures,
  TraceLogLine,
  TraceQuery,
  TraceSource,
  TraceSummary,
} from './console-data.ts';
export { gatewayStats, type GatewayStats, type GatewayStatsOptions } from './gateway-stats.ts';
export { topologyOf, type Topology, type TopologyOptions } from './topology.ts';
