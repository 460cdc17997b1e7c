/**
 * What every page shares: the language (English or Welsh, from `?lang=` then a cookie), a CSP
 * nonce and the security headers, `reply.page()` to render a template with the page frame,
 * hashed static assets, and GOV.UK HTML pages (never JSON) for every error and unknown path.
 */
import cookie from '@fastify/cookie';
import { UnavailableError } from '@dwp/service-kit';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ASSET_PREFIX, type AssetCatalogue } from '../assets/asset-catalogue.ts';
import { isLanguage, type Language, type MessageCatalogue, type Translate } from '../i18n/message-catalogue.ts';
import type { PageFrame, PageRenderer } from '../rendering/page-renderer.ts';
import { PublicPageCache, type PerRequest } from '../rendering/public-page-cache.ts';
import { contentSecurityPolicy, HARDENING_HEADERS, newCspNonce } from '../security/security-headers.ts';
import { UpstreamShapeError } from '../upstream/platform-api.ts';
import { PageForbidden, PageNotFound, PlatformProblem, SignInRequired } from './web-errors.ts';

export const LANGUAGE_COOKIE = 'dwp_lang';
const YEAR_S = 365 * 24 * 3600;

/** Problems a page can show, by HTTP status: each is a key under `problems.` in the catalogue. */
const PROBLEM_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'badRequest',
  403: 'forbidden',
  404: 'notFound',
  413: 'tooLarge',
  415: 'badRequest',
  429: 'tooMany',
  500: 'internal',
  502: 'internal',
  503: 'unavailable',
};

export interface WebPluginOptions {
  readonly catalogue: MessageCatalogue;
  readonly renderer: PageRenderer;
  readonly assets: AssetCatalogue;
  /** Whether a user has a staff role (caseworker, admin): for the navigation. */
  readonly isStaff: (roles: readonly string[]) => boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    lang: Language;
    t: Translate;
    cspNonce: string;
  }
  interface FastifyReply {
    /** Renders `template` in the page frame, with `no-store` (pages carry personal data). */
    page(template: string, data?: object, status?: number): FastifyReply;
    /**
     * A page that is the same for every visitor who is not signed in, in a language, at this URL:
     * `data` must not depend on anything else. Rendered once and kept (public-page-cache.ts);
     * for a signed-in user it is `page()`.
     */
    publicPage(template: string, data?: object): FastifyReply;
    /** The GOV.UK problem page for `status`. */
    problem(status: number, detail?: string): FastifyReply;
    /** 303 See Other: after a form post, the browser GETs the next page. */
    seeOther(location: string): FastifyReply;
  }
}

export const webPlugin = fp<WebPluginOptions>(
  async (app: FastifyInstance, opts) => {
    const { catalogue, renderer, assets } = opts;
    await app.register(cookie);
    app.decorateRequest('lang', 'en');
    app.decorateRequest('t', catalogue.translator('en'));
    app.decorateRequest('cspNonce', '');

    app.addHook('onRequest', async (request, reply) => {
      const asked = (request.query as Record<string, unknown> | undefined)?.lang;
      const saved = request.cookies[LANGUAGE_COOKIE];
      const lang: Language = isLanguage(asked) ? asked : isLanguage(saved) ? saved : 'en';
      if (isLanguage(asked) && asked !== saved) {
        reply.setCookie(LANGUAGE_COOKIE, asked, {
          path: '/',
          httpOnly: true,
          secure: true,
          sameSite: 'lax',
          maxAge: YEAR_S,
        });
      }
      request.lang = lang;
      request.t = catalogue.translator(lang);
      request.cspNonce = newCspNonce();
    });

    app.addHook('onSend', async (request, reply) => {
      for (const [k, v] of Object.entries(HARDENING_HEADERS)) reply.header(k, v);
      if (!request.url.startsWith(ASSET_PREFIX))
        reply.header('content-security-policy', contentSecurityPolicy(request.cspNonce));
    });

    const frameOf = (request: FastifyRequest, perRequest: PerRequest): PageFrame => {
      const session = request.session;
      return {
        lang: request.lang,
        t: request.t,
        cspNonce: perRequest.cspNonce,
        currentPath: request.url,
        csrfToken: perRequest.csrfToken,
        signedIn: session?.user !== undefined,
        staff: opts.isStaff(session?.user?.roles ?? []),
      };
    };
    const sendPage = (reply: FastifyReply, html: string, status: number) =>
      reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);

    app.decorateReply('page', function page(this: FastifyReply, template: string, data: object = {}, status = 200) {
      const request = this.request;
      const frame = frameOf(request, { cspNonce: request.cspNonce, csrfToken: request.session?.csrfToken });
      return sendPage(this, renderer.render(template, frame, data), status);
    });

    const publicPages = new PublicPageCache();
    app.decorateReply('publicPage', function publicPage(this: FastifyReply, template: string, data: object = {}) {
      const request = this.request;
      const session = request.session;
      if (session?.user !== undefined) return this.page(template, data);
      const perRequest = { cspNonce: request.cspNonce, csrfToken: session?.csrfToken };
      const key = `${template}\n${request.lang}\n${request.url}\n${perRequest.csrfToken === undefined ? '' : 'form'}`;
      const html = publicPages.page(key, perRequest, () =>
        renderer.render(
          template,
          frameOf(request, {
            cspNonce: publicPages.markers.cspNonce,
            csrfToken: perRequest.csrfToken === undefined ? undefined : publicPages.markers.csrfToken,
          }),
          data,
        ),
      );
      return sendPage(this, html, 200);
    });

    app.decorateReply('problem', function problem(this: FastifyReply, status: number, detail?: string) {
      return this.page(
        'errors/problem.njk',
        { problem: PROBLEM_BY_STATUS[status] ?? 'internal', ...(detail ? { detail } : {}) },
        status,
      );
    });

    app.decorateReply('seeOther', function seeOther(this: FastifyReply, location: string) {
      return this.code(303).header('location', location).send();
    });

    // Hashed, so a year's caching is safe: a new file has a new name.
    app.get(`${ASSET_PREFIX}*`, { schema: { hide: true }, config: { auth: 'public' } }, async (request, reply) => {
      const asset = assets.byUrl(request.url.split('?')[0]!);
      if (!asset) return reply.problem(404);
      const accept = request.headers['accept-encoding'] ?? '';
      const encoding =
        asset.br && /\bbr\b/.test(accept) ? 'br' : asset.gzip && /\bgzip\b/.test(accept) ? 'gzip' : undefined;
      reply
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('vary', 'accept-encoding')
        .type(asset.contentType);
      if (encoding) reply.header('content-encoding', encoding);
      return reply.send(encoding === 'br' ? asset.br : encoding === 'gzip' ? asset.gzip : asset.body);
    });

    app.setErrorHandler((err: FastifyError, request, reply) => pageForError(err, request, reply));

    // Anything no page answers: the GOV.UK "Page not found" page, for every method.
    app.all('/*', { schema: { hide: true }, config: { auth: 'public' } }, async (_request, reply) =>
      reply.problem(404),
    );
  },
  { name: 'frontend/web', dependencies: [] },
);

function pageForError(err: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err instanceof SignInRequired) {
    const back = request.method === 'GET' ? `&returnTo=${encodeURIComponent(request.url)}` : '';
    return reply.seeOther(`/sign-in?${err.timedOut ? 'timedOut=1' : 'required=1'}${back}`);
  }
  if (err instanceof PageForbidden) return reply.problem(403);
  if (err instanceof PageNotFound) return reply.problem(404);
  if (err instanceof UnavailableError) return reply.problem(503);
  if (err instanceof UpstreamShapeError || err instanceof PlatformProblem) {
    request.log.error(
      { err: { message: err.message, name: err.name } },
      'the platform answered a page with something it cannot use',
    );
    return reply.problem(502);
  }
  const status = err.statusCode;
  if (typeof err.code === 'string' && err.code.startsWith('WEB_ERR_CSRF'))
    return reply.problem(403, request.t('problems.csrf.detail'));
  if (status !== undefined && status >= 400 && status < 500)
    return reply.problem(status in PROBLEM_BY_STATUS ? status : 400);
  request.log.error({ err }, 'page failed');
  return reply.problem(500);
}
