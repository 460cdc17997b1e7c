/**
 * A local stand-in for something the platform uses but does not run on AWS itself (a government
 * API sandbox, an S3- or SQS-API server). The runtime plans every stand-in first (ports, variables)
 * so services can start at once, then waits for each to be ready.
 */
import type { TracingPlan } from '../tracing-plan.ts';
import type { Platform } from '@dwp/platform';
import type { KeptHealth } from '../kept-process.ts';

export interface StandInContext {
  readonly platform: Platform;
  readonly rootDir: string;
  /** Where the stand-in may keep data between runs. */
  readonly dataDir: string;
  readonly logDir: string;
  /** The runtime's environment (a stand-in may step aside when a real endpoint is configured). */
  readonly env: NodeJS.ProcessEnv;
  /** Shows a warning or error from the stand-in on the runtime's console. @default not shown */
  readonly console?: (line: string) => void;
  /** How a stand-in's own process traces, when it runs one (a sandbox). @default not traced */
  readonly tracing?: TracingPlan;
}

export interface PlannedStandIn {
  readonly name: string;
  /** Shown in /status; empty when the stand-in stepped aside for a configured endpoint. */
  readonly endpoint: string;
  /** Variables every service gets. */
  readonly env: Readonly<Record<string, string>>;
  /** Variables only some services get (credentials for one caller, say). */
  envFor?(service: string): Readonly<Record<string, string>>;
  ready(): Promise<void>;
  stop(): Promise<void>;
  /** The stand-in's process: running, or being started again after it exited. */
  health?(): KeptHealth;
  /** Lines `npm start` prints once the platform is up (seeded credentials, say). */
  notes?(): readonly string[];
}

export interface StandIn {
  readonly name: string;
  plan(ctx: StandInContext): Promise<PlannedStandIn>;
}

/** A stand-in the runtime chooses by itself: it says which definitions need it. */
export interface SelectableStandIn extends StandIn {
  /** Whether the definition declares what this stands in for (a store, a gateway, an upstream). */
  needed(platform: Platform): boolean;
}
