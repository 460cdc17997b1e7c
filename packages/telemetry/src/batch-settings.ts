/**
 * How spans leave a process: in batches of at most 128, at least every 200 ms. Serialising a batch
 * runs on the event loop; 512 spans at a time (the SDK's default) held a busy gateway for several
 * milliseconds every half second, which showed in its p99. Small, frequent batches spread that
 * cost, and a person looking at the console sees their request at once. The queue holds a few
 * seconds of a busy process's spans; past it, spans are dropped rather than memory grown.
 */
export const BATCH_SETTINGS = {
  scheduledDelayMillis: 200,
  maxExportBatchSize: 128,
  maxQueueSize: 4096,
} as const;
