/** Stored spans built directly, for tests of what sits behind the decoders. */
import { SpanInterner } from './span-interner.ts';
import {
  NO_ATTRIBUTES,
  NO_EVENTS,
  NO_LINKS,
  SPAN_KIND,
  STATUS_CODE,
  type AttrValue,
  type SpanKind,
  type StoredSpan,
} from './span-model.ts';

const interner = new SpanInterner();

export interface SpanSpec {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name?: string;
  readonly kind?: SpanKind;
  readonly service?: string;
  readonly instance?: string;
  readonly startUs?: number;
  readonly durationUs?: number;
  readonly attributes?: Readonly<Record<string, AttrValue>>;
  readonly error?: boolean;
  readonly statusMessage?: string;
}

export function storedSpan(spec: SpanSpec): StoredSpan {
  const service = spec.service ?? 'claims-api';
  const resourceKeys = ['service.name', ...(spec.instance ? ['service.instance.id'] : [])];
  const resourceValues = [service, ...(spec.instance ? [spec.instance] : [])];
  const attrs = spec.attributes ? Object.entries(spec.attributes) : [];
  const startUs = spec.startUs ?? 1_700_000_000_000_000;
  return {
    traceId: spec.traceId,
    spanId: spec.spanId,
    parentSpanId: spec.parentSpanId,
    name: spec.name ?? 'GET /',
    kind: spec.kind ?? SPAN_KIND.SERVER,
    startUs,
    endUs: startUs + (spec.durationUs ?? 1000),
    flags: 1,
    attributes: attrs.length === 0 ? NO_ATTRIBUTES : { keys: attrs.map(([k]) => k), values: attrs.map(([, v]) => v) },
    events: NO_EVENTS,
    links: NO_LINKS,
    status: {
      code: spec.error ? STATUS_CODE.ERROR : STATUS_CODE.UNSET,
      message: spec.statusMessage ?? '',
    },
    resource: interner.resource({ keys: resourceKeys, values: resourceValues }),
    scope: interner.scope('@dwp/service-kit', '1.0.0'),
  };
}

/** A 32-digit trace ID from a small number, so tests read. */
export const tid = (n: number) => n.toString(16).padStart(32, '0');
/** A 16-digit span ID from a small number. */
export const sid = (n: number) => n.toString(16).padStart(16, '0');
