/**
 * The figures read from a Lighthouse result (LHR): category scores out of 100, what costs each
 * category points (so a miss can be traced to an audit and the elements it names), and the
 * scripts the page loaded with their transfer sizes. Pure: the LHR is parsed, never trusted.
 */
import { z } from 'zod';

const auditRef = z.object({ id: z.string(), weight: z.number(), group: z.string().optional() });
const category = z.object({ score: z.number().nullable(), auditRefs: z.array(auditRef) });
const audit = z.object({
  id: z.string(),
  title: z.string(),
  score: z.number().nullable(),
  scoreDisplayMode: z.string(),
  displayValue: z.string().optional(),
  numericValue: z.number().optional(),
  details: z
    .object({ type: z.string(), items: z.array(z.unknown()).optional() })
    .loose()
    .optional(),
});
const lhr = z.object({
  lighthouseVersion: z.string(),
  finalDisplayedUrl: z.string(),
  runtimeError: z.object({ code: z.string(), message: z.string() }).optional(),
  runWarnings: z.array(z.string()),
  configSettings: z.object({ formFactor: z.string(), throttlingMethod: z.string() }).loose(),
  categories: z.object({ performance: category, accessibility: category }).loose(),
  audits: z.record(z.string(), audit),
});
type Lhr = z.output<typeof lhr>;

/** An element an audit names: where in the page the problem is. */
const nodeItem = z
  .object({
    node: z
      .object({ selector: z.string().optional(), snippet: z.string().optional(), explanation: z.string().optional() })
      .loose(),
  })
  .loose();
const networkItem = z
  .object({
    url: z.string(),
    resourceType: z.string().optional(),
    transferSize: z.number().optional(),
    resourceSize: z.number().optional(),
  })
  .loose();

export interface Shortfall {
  readonly id: string;
  readonly title: string;
  /** 0..1, as Lighthouse scores an audit. */
  readonly score: number;
  /** How much the audit weighs in its category's score (0 for advice that weighs nothing). */
  readonly weight: number;
  readonly displayValue?: string;
  /** Up to five elements the audit names, as `selector: snippet`. */
  readonly elements?: readonly string[];
}

export interface ScriptTransfer {
  readonly url: string;
  /** Bytes on the wire: the compressed body and the response headers. */
  readonly transferBytes: number;
  /** Bytes after decompression. */
  readonly resourceBytes: number;
}

export interface LighthouseFigures {
  readonly url: string;
  readonly lighthouseVersion: string;
  readonly formFactor: string;
  readonly throttlingMethod: string;
  readonly warnings: readonly string[];
  /** Category scores out of 100. */
  readonly performance: number;
  readonly accessibility: number;
  /** The performance metrics (FCP, LCP, TBT, CLS, Speed Index) as Lighthouse shows them. */
  readonly metrics: Readonly<Record<string, string>>;
  /** Every scored audit in either category that is below full marks, heaviest first. */
  readonly shortfalls: { readonly performance: readonly Shortfall[]; readonly accessibility: readonly Shortfall[] };
  readonly scripts: readonly ScriptTransfer[];
}

/** Scored audits: the others (informative, manual, not applicable) never cost points. */
const SCORED = new Set(['binary', 'numeric', 'metricSavings']);
const MAX_ELEMENTS = 5;

function shortfallsOf(parsed: Lhr, name: 'performance' | 'accessibility'): Shortfall[] {
  const out: Shortfall[] = [];
  for (const ref of parsed.categories[name].auditRefs) {
    const a = parsed.audits[ref.id];
    if (!a || a.score === null || a.score >= 1 || !SCORED.has(a.scoreDisplayMode)) continue;
    const elements = (a.details?.items ?? [])
      .map((item) => nodeItem.safeParse(item))
      .flatMap((r) => (r.success ? [`${r.data.node.selector ?? '?'}: ${r.data.node.snippet ?? ''}`] : []))
      .slice(0, MAX_ELEMENTS);
    out.push({
      id: a.id,
      title: a.title,
      score: a.score,
      weight: ref.weight,
      ...(a.displayValue ? { displayValue: a.displayValue } : {}),
      ...(elements.length ? { elements } : {}),
    });
  }
  return out.sort((x, y) => y.weight - x.weight || x.score - y.score);
}

function scriptsOf(parsed: Lhr): ScriptTransfer[] {
  const items = parsed.audits['network-requests']?.details?.items ?? [];
  return items
    .map((item) => networkItem.parse(item))
    .filter((i) => i.resourceType === 'Script')
    .map((i) => ({ url: i.url, transferBytes: i.transferSize ?? 0, resourceBytes: i.resourceSize ?? 0 }));
}

const METRICS = [
  'first-contentful-paint',
  'largest-contentful-paint',
  'total-blocking-time',
  'cumulative-layout-shift',
  'speed-index',
];

export function lighthouseFigures(result: unknown): LighthouseFigures {
  const parsed = lhr.parse(result);
  if (parsed.runtimeError)
    throw new Error(
      `Lighthouse could not audit ${parsed.finalDisplayedUrl}: ${parsed.runtimeError.code} ${parsed.runtimeError.message}`,
    );
  const score = (name: 'performance' | 'accessibility') => {
    const s = parsed.categories[name].score;
    if (s === null) throw new Error(`Lighthouse gave no ${name} score for ${parsed.finalDisplayedUrl}`);
    return Math.round(s * 100);
  };
  return {
    url: parsed.finalDisplayedUrl,
    lighthouseVersion: parsed.lighthouseVersion,
    formFactor: parsed.configSettings.formFactor,
    throttlingMethod: parsed.configSettings.throttlingMethod,
    warnings: parsed.runWarnings,
    performance: score('performance'),
    accessibility: score('accessibility'),
    metrics: Object.fromEntries(
      METRICS.flatMap((id) => (parsed.audits[id]?.displayValue ? [[id, parsed.audits[id].displayValue]] : [])),
    ),
    shortfalls: {
      performance: shortfallsOf(parsed, 'performance'),
      accessibility: shortfallsOf(parsed, 'accessibility'),
    },
    scripts: scriptsOf(parsed),
  };
}

/**
 * The run to report from several of one page: the median by performance score, as Lighthouse
 * advises (one run varies with whatever else the machine is doing).
 */
export function medianRun(runs: readonly LighthouseFigures[]): LighthouseFigures {
  if (runs.length === 0) throw new Error('no Lighthouse runs');
  const sorted = [...runs].sort((a, b) => a.performance - b.performance);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}
