/**
 * The soak's mixed journey: what a signed-in citizen does on a visit, through the public entry,
 * one request per step. A visit's steps go in order (each after the one before has answered), and
 * the steps that act on the claim the visit started wait for it; a step whose claim was never
 * made is skipped (the failure that caused it is already counted).
 *
 * A visit: the start page, the sign-in page, who am I, the benefits catalogue, an address lookup,
 * my claims; then a new claim (its own Idempotency-Key), a small PDF as its evidence, the claim
 * withdrawn, and the claim read back.
 */

/** The outcome of one request. */
export interface Outcome {
  readonly step: string;
  /** 2xx and 3xx are answers; anything else, a timeout or a network error is a failure. */
  readonly ok: boolean;
  readonly status?: number;
  readonly error?: string;
  /** From sending the request to the last byte of the answer. */
  readonly latencyMs: number;
  /** When it was sent, on `performance.now()`'s clock (how late against its slot: see soak.ts). */
  readonly sentAtMs: number;
}

/** A visit's state: the claim its create step made, once it answered (undefined if it failed). */
interface Visit {
  readonly n: number;
  claimId?: string;
  /** The visit's last step; the next one waits for it. */
  chain: Promise<unknown>;
  /** Steps fired so far. */
  fired: number;
}

interface Request {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly signedIn: boolean;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array<ArrayBuffer>;
}

interface Step {
  readonly name: string;
  /** The request, or undefined when it needs a claim the visit does not have. */
  readonly request: (visit: Visit, run: string) => Request | undefined;
  /** What the answer gives the visit's later steps. */
  readonly took?: (visit: Visit, body: unknown) => void;
}

/** A few KiB of PDF: what the evidence check reads as application/pdf. */
const PDF = new Uint8Array(
  Buffer.concat([
    Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n'),
    Buffer.alloc(4096, 0x20),
    Buffer.from('\n%%EOF\n'),
  ]),
);
const JSON_TYPE = { 'content-type': 'application/json' };
/** A request not answered in this long is a failure (the soak is at a rate the platform keeps up with). */
const REQUEST_TIMEOUT_MS = 10_000;

const onClaim = (visit: Visit, build: (claimId: string) => Request): Request | undefined =>
  visit.claimId === undefined ? undefined : build(visit.claimId);

const get = (path: string, signedIn = true): Request => ({ method: 'GET', path, signedIn });

export const STEPS: readonly Step[] = [
  { name: 'GET /', request: () => get('/', false) },
  { name: 'GET /sign-in', request: () => get('/sign-in', false) },
  { name: 'GET /api/identity/me', request: () => get('/api/identity/me') },
  { name: 'GET /api/benefits/catalogue', request: () => get('/api/benefits/catalogue') },
  { name: 'GET /api/address/postcodes/LS6 1JQ', request: () => get('/api/address/postcodes/LS6%201JQ') },
  { name: 'GET /api/claims/claims', request: () => get('/api/claims/claims') },
  {
    name: 'POST /api/claims/claims',
    request: (v, run) => ({
      method: 'POST',
      path: '/api/claims/claims',
      signedIn: true,
      headers: { ...JSON_TYPE, 'idempotency-key': `soak-${run}-claim-${v.n}` },
      body: JSON.stringify({ benefit: 'universal-credit', answers: {} }),
    }),
    took: (v, body) => {
      const id = typeof body === 'object' && body !== null && 'id' in body ? body.id : undefined;
      if (typeof id === 'string') v.claimId = id;
    },
  },
  {
    name: 'POST /api/claims/claims/:id/evidence',
    request: (v, run) =>
      onClaim(v, (id) => ({
        method: 'POST',
        path: `/api/claims/claims/${id}/evidence?fileName=soak.pdf`,
        signedIn: true,
        headers: { 'content-type': 'application/pdf', 'idempotency-key': `soak-${run}-evidence-${v.n}` },
        body: PDF,
      })),
  },
  {
    name: 'POST /api/claims/claims/:id/withdraw',
    request: (v) =>
      onClaim(v, (id) => ({
        method: 'POST',
        path: `/api/claims/claims/${id}/withdraw`,
        signedIn: true,
        headers: JSON_TYPE,
        body: JSON.stringify({ reason: 'Started by the soak benchmark' }),
      })),
  },
  { name: 'GET /api/claims/claims/:id', request: (v) => onClaim(v, (id) => get(`/api/claims/claims/${id}`)) },
];

async function send(
  entryUrl: string,
  bearer: string,
  req: Request,
): Promise<Omit<Outcome, 'step'> & { body?: unknown }> {
  const started = performance.now();
  try {
    const res = await fetch(`${entryUrl}${req.path}`, {
      method: req.method,
      headers: { ...req.headers, ...(req.signedIn ? { authorization: bearer } : {}) },
      ...(req.body === undefined ? {} : { body: req.body }),
      // A redirect is an answer (a browser would follow it; the page it leads to is another step).
      redirect: 'manual',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await res.text();
    const latencyMs = performance.now() - started;
    const ok = res.status >= 200 && res.status < 400;
    let body: unknown;
    if (res.headers.get('content-type')?.includes('json')) {
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
    }
    return {
      ok,
      status: res.status,
      latencyMs,
      sentAtMs: started,
      ...(ok ? { body } : { error: text.slice(0, 200) }),
    };
  } catch (err) {
    return { ok: false, latencyMs: performance.now() - started, sentAtMs: started, error: String(err) };
  }
}

/**
 * Visits through `entryUrl`, signed in as `bearer()` says at each request. Slot `i` of the
 * schedule is step `i % STEPS.length` of visit `i / STEPS.length`; `run` makes the
 * Idempotency-Keys of this run unique.
 */
export function journey(
  entryUrl: string,
  bearer: () => string,
  run: string,
): {
  /** Starts the slot's step once its visit's previous step answered; its outcome, or undefined if skipped. */
  readonly fire: (slot: number) => Promise<Outcome | undefined>;
} {
  // Only visits in progress are kept, so the generator's own memory stays flat too.
  const visits = new Map<number, Visit>();
  return {
    fire(slot) {
      const n = Math.floor(slot / STEPS.length);
      let visit = visits.get(n);
      if (!visit) {
        visit = { n, chain: Promise.resolve(), fired: 0 };
        visits.set(n, visit);
      }
      const step = STEPS[slot % STEPS.length]!;
      const v = visit;
      const outcome = v.chain.then(async (): Promise<Outcome | undefined> => {
        const req = step.request(v, run);
        if (!req) return undefined;
        const { body, ...sent } = await send(entryUrl, bearer(), req);
        if (sent.ok) step.took?.(v, body);
        return { step: step.name, ...sent };
      });
      v.chain = outcome;
      v.fired += 1;
      if (v.fired === STEPS.length) visits.delete(n);
      return outcome;
    },
  };
}
