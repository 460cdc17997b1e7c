/**
 * The life of one instance as the registry sees it (a Cloud Map instance with its health status).
 * Pure: health-check results and process events go in, the next state comes out.
 */
export type InstanceState =
  | { readonly kind: 'starting'; readonly since: number }
  | { readonly kind: 'healthy'; readonly since: number; readonly failures: number }
  | { readonly kind: 'unhealthy'; readonly since: number; readonly successes: number; readonly reason: string }
  | { readonly kind: 'stopped'; readonly since: number; readonly reason: string };

export interface Thresholds {
  /** Consecutive passing checks that return an unhealthy instance to service. */
  readonly healthy: number;
  /** Consecutive failing checks that take a healthy instance out of service. */
  readonly unhealthy: number;
}

export type HealthEvent =
  | { readonly kind: 'check-passed'; readonly at: number }
  | { readonly kind: 'check-failed'; readonly at: number; readonly reason: string }
  | { readonly kind: 'process-started'; readonly at: number }
  | { readonly kind: 'process-exited'; readonly at: number; readonly reason: string };

export function nextState(state: InstanceState, event: HealthEvent, t: Thresholds): InstanceState {
  switch (event.kind) {
    case 'process-started':
      return { kind: 'starting', since: event.at };
    case 'process-exited':
      return { kind: 'stopped', since: event.at, reason: event.reason };
    case 'check-passed':
      switch (state.kind) {
        // A new instance serves from its first passing check, as an ECS task does once its container is healthy.
        case 'starting':
          return { kind: 'healthy', since: event.at, failures: 0 };
        case 'healthy':
          return state.failures === 0 ? state : { ...state, failures: 0 };
        case 'unhealthy':
          return state.successes + 1 >= t.healthy
            ? { kind: 'healthy', since: event.at, failures: 0 }
            : { ...state, successes: state.successes + 1 };
        case 'stopped':
          return state;
        default:
          return unexpected(state);
      }
    case 'check-failed':
      switch (state.kind) {
        case 'starting':
        case 'stopped':
          return state;
        case 'healthy':
          return state.failures + 1 >= t.unhealthy
            ? { kind: 'unhealthy', since: event.at, successes: 0, reason: event.reason }
            : { ...state, failures: state.failures + 1 };
        case 'unhealthy':
          return { ...state, successes: 0, reason: event.reason };
        default:
          return unexpected(state);
      }
    default: {
      const never: never = event;
      throw new Error(`Unexpected health event ${JSON.stringify(never)}`);
    }
  }
}

function unexpected(state: never): never {
  throw new Error(`Unexpected instance state ${JSON.stringify(state)}`);
}
