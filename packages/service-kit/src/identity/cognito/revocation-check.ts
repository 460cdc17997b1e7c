/**
 * Whether a verified access token is still live. Cognito's GlobalSignOut revokes tokens for
 * Cognito's own APIs only ("other requests might be valid until your user's token expires"), so
 * the gateway asks Cognito: `GetUser` with the token answers "Access Token has been revoked" once
 * its user has signed out. A live answer is reused for a short while per token.
 */
import {
  GetUserCommand,
  NotAuthorizedException,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { systemClock, type Clock } from '@dwp/clock';
import { TokenRejected } from './token-rejected.ts';

/** How long a "still live" answer is reused: a signed-out token is refused within this time. */
export const LIVE_ANSWER_TTL_MS = 5000;
const MAX_REMEMBERED = 50_000;

export interface RevocationCheckOptions {
  readonly client: Pick<CognitoIdentityProviderClient, 'send'>;
  /** @default LIVE_ANSWER_TTL_MS */
  readonly ttlMs?: number;
  /** @default systemClock */
  readonly clock?: Clock;
}

export class RevocationCheck {
  readonly #opts: RevocationCheckOptions;
  readonly #liveUntil = new Map<string, number>();
  readonly #inflight = new Map<string, Promise<void>>();

  constructor(opts: RevocationCheckOptions) {
    this.#opts = opts;
  }

  /** @throws {TokenRejected} 'revoked' when Cognito no longer accepts the token. */
  async assertLive(accessToken: string): Promise<void> {
    const now = (this.#opts.clock ?? systemClock).now();
    if ((this.#liveUntil.get(accessToken) ?? 0) > now) return;
    let pending = this.#inflight.get(accessToken);
    if (!pending) {
      pending = this.#ask(accessToken, now).finally(() => this.#inflight.delete(accessToken));
      this.#inflight.set(accessToken, pending);
    }
    return pending;
  }

  /** The token was just signed out through this gateway: stop treating it as live at once. */
  forget(accessToken: string): void {
    this.#liveUntil.delete(accessToken);
  }

  async #ask(accessToken: string, now: number): Promise<void> {
    try {
      await this.#opts.client.send(new GetUserCommand({ AccessToken: accessToken }));
    } catch (err) {
      if (err instanceof NotAuthorizedException) throw new TokenRejected('revoked', err.message);
      throw err;
    }
    if (this.#liveUntil.size >= MAX_REMEMBERED) this.#liveUntil.clear();
    this.#liveUntil.set(accessToken, now + (this.#opts.ttlMs ?? LIVE_ANSWER_TTL_MS));
  }
}
