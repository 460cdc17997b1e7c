/**
 * How long a message that failed waits before it is tried again: doubling from 2 seconds with each
 * receive, at most 5 minutes. After the queue's `deadLetterAfterReceives` it goes to the DLQ. Pure.
 */
export const FIRST_RETRY_SECONDS = 2;
export const MAX_RETRY_SECONDS = 300;

export function retryDelaySeconds(receiveCount: number): number {
  return Math.min(MAX_RETRY_SECONDS, FIRST_RETRY_SECONDS * 2 ** Math.max(0, receiveCount - 1));
}
