/**
 * Keeps a validator per service, built from the OpenAPI document the service serves at /docs/json.
 * The document is fetched from a healthy instance found through discovery, on first use (concurrent
 * first uses share one fetch) and again every refresh interval in the background. A service whose
 * document cannot be had is not validated at the gateway (its own schemas still apply), and the
 * reason is reported once per failure.
 */
import { systemClock, type Clock } from '@dwp/clock';
import { request } from 'undici';
import type { Endpoint } from '@dwp/service-kit';
import { OpenApiDocumentError, requirePositive } from '../errors.ts';
import { OpenApiValidator } from './openapi-validator.ts';

/** @default how often a service's document is fetched again (ms) */
export const DEFAULT_DOCUMENT_REFRESH_MS = 60_000;
/** @default how soon a failed fetch is tried again (ms) */
export const DEFAULT_DOCUMENT_RETRY_MS = 2000;
/** @default how long one fetch may take (ms) */
export const DEFAULT_DOCUMENT_TIMEOUT_MS = 2000;
/** Where service-kit serves the OpenAPI document. */
export const OPENAPI_DOCUMENT_PATH = '/docs/json';

export interface OpenApiDocumentsOptions {
  /** Finds a healthy instance of a service (the discovery client's pick). */
  readonly pick: (service: string) => Promise<Endpoint>;
  /** @default 60000 */
  readonly refreshMs?: number;
  /** @default 2000 */
  readonly timeoutMs?: number;
  readonly onError?: (err: OpenApiDocumentError) => void;
  /** @default systemClock */
  readonly clock?: Clock;
}

interface Entry {
  validator: OpenApiValidator | undefined;
  loadedAt: number;
  pending: Promise<OpenApiValidator | undefined> | undefined;
}

export class OpenApiDocuments {
  readonly #opts: OpenApiDocumentsOptions;
  readonly #refreshMs: number;
  readonly #timeoutMs: number;
  readonly #clock: Clock;
  readonly #entries = new Map<string, Entry>();

  constructor(opts: OpenApiDocumentsOptions) {
    this.#opts = opts;
    this.#refreshMs = requirePositive('refreshMs', opts.refreshMs ?? DEFAULT_DOCUMENT_REFRESH_MS);
    this.#timeoutMs = requirePositive('timeoutMs', opts.timeoutMs ?? DEFAULT_DOCUMENT_TIMEOUT_MS);
    this.#clock = opts.clock ?? systemClock;
  }

  /**
   * The service's validator: synchronously when one is loaded (refreshing it in the background when
   * stale), else a promise of the first load; `undefined` when the document cannot be had.
   */
  validatorFor(service: string): OpenApiValidator | undefined | Promise<OpenApiValidator | undefined> {
    let entry = this.#entries.get(service);
    if (!entry) {
      entry = { validator: undefined, loadedAt: 0, pending: undefined };
      this.#entries.set(service, entry);
    }
    const stale = this.#clock.now() - entry.loadedAt >= this.#refreshMs;
    if (stale && !entry.pending) entry.pending = this.#load(service, entry);
    if (entry.validator) return entry.validator;
    return entry.pending ?? undefined;
  }

  async #load(service: string, entry: Entry): Promise<OpenApiValidator | undefined> {
    try {
      const endpoint = await this.#opts.pick(service);
      const res = await request(`${endpoint.origin}${OPENAPI_DOCUMENT_PATH}`, {
        headersTimeout: this.#timeoutMs,
        bodyTimeout: this.#timeoutMs,
      });
      if (res.statusCode !== 200) {
        await res.body.dump();
        throw new OpenApiDocumentError(service, `${OPENAPI_DOCUMENT_PATH} answered ${res.statusCode}`);
      }
      entry.validator = new OpenApiValidator(service, await res.body.json());
      entry.loadedAt = this.#clock.now();
    } catch (err) {
      this.#opts.onError?.(
        err instanceof OpenApiDocumentError ? err : new OpenApiDocumentError(service, (err as Error).message),
      );
      // Tried again after a short while, not on every request.
      entry.loadedAt = this.#clock.now() - this.#refreshMs + DEFAULT_DOCUMENT_RETRY_MS;
    } finally {
      entry.pending = undefined;
    }
    return entry.validator;
  }
}
