/**
 * The web tier as one Fastify plugin: the page frame, sessions, and every journey's routes. The
 * entrypoint (main.ts) gives it the platform's clients; tests give it theirs.
 */
import { randomBytes } from 'node:crypto';
import formbody from '@fastify/formbody';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { systemClock, type Clock } from '@dwp/clock';
import type { ServiceApp } from '@dwp/service-kit';
import { buildAssetCatalogue } from './assets/asset-catalogue.ts';
import { MessageCatalogue } from './i18n/message-catalogue.ts';
import { PageRenderer } from './rendering/page-renderer.ts';
import { caseworkerRoutes } from './routes/caseworker-routes.ts';
import { accountHomeRoutes } from './routes/account-home-routes.ts';
import { applyRoutes } from './routes/apply-routes.ts';
import { estimateRoutes } from './routes/estimate-routes.ts';
import { createAccountRoutes } from './routes/create-account-routes.ts';
import { detailsRoutes } from './routes/details-routes.ts';
import { helpRoutes } from './routes/help-routes.ts';
import { proveIdentityRoutes } from './routes/prove-identity-routes.ts';
import { signInRoutes } from './routes/sign-in-routes.ts';
import { startRoutes } from './routes/start-routes.ts';
import { claimsRoutes } from './routes/claims-routes.ts';
import { evidenceRoutes } from './routes/evidence-routes.ts';
import { sessionPlugin } from './session/session-plugin.ts';
import { SessionStore, type Sessions } from './session/session-store.ts';
import { SignedInUsers } from './session/signed-in.ts';
import { PlatformApi, type GatewayTransport } from './upstream/platform-api.ts';
import { staffCheck } from './web/staff.ts';
import { webPlugin } from './web/web-plugin.ts';

export interface WebAppOptions {
  /** The DynamoDB `sessions` table, or (in page tests) any other session store. */
  readonly sessions: { readonly client: DynamoDBClient; readonly table: string } | Sessions;
  /** How pages reach the primary API gateway. */
  readonly gateway: GatewayTransport;
  /** The user pool groups whose members use the caseworker console (the definition's `userPool.staffGroups`). */
  readonly staffGroups: readonly string[];
  /** Signs anonymous forms' CSRF tokens; the same for every task (form-key.ts). A process makes its own if not given. */
  readonly formKey?: Uint8Array;
  readonly clock?: Clock;
}

/** A form of a few fields; file uploads have their own, larger limit on their route. */
const FORM_BODY_LIMIT = 16 * 1024;

// Built once per process: the catalogues are checked, the assets hashed and compressed.
const catalogue = MessageCatalogue.load();
const assets = buildAssetCatalogue();
const renderer = new PageRenderer(assets);

export async function buildWebApp(app: ServiceApp, opts: WebAppOptions): Promise<void> {
  const clock = opts.clock ?? systemClock;
  const store =
    'client' in opts.sessions ? new SessionStore(opts.sessions.client, opts.sessions.table, clock) : opts.sessions;
  const api = new PlatformApi(opts.gateway);
  const isStaff = staffCheck(opts.staffGroups);
  const users = new SignedInUsers(store, api, isStaff, clock);

  await app.register(webPlugin, { catalogue, renderer, assets, isStaff });
  await app.register(formbody, { bodyLimit: FORM_BODY_LIMIT });
  await app.register(sessionPlugin, {
    store,
    formKey: opts.formKey ?? randomBytes(32),
    clock,
  });
  await app.register(async (pages) => {
    caseworkerRoutes(pages, { api, users, clock });
    startRoutes(pages);
    accountHomeRoutes(pages, { api, users });
    createAccountRoutes(pages, { api });
    proveIdentityRoutes(pages, { api, users });
    detailsRoutes(pages, { api, users });
    helpRoutes(pages);
    claimsRoutes(pages, { api, users });
    applyRoutes(pages, { api, users, clock });
    estimateRoutes(pages, { api, users, clock });
    await evidenceRoutes(pages, { api, users });
    await signInRoutes(pages, { store, api, isStaff, clock });
  });
}
