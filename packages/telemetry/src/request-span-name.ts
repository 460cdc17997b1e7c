/**
 * Names a request's span as OpenTelemetry's HTTP conventions do: `{method} {route template}`
 * (`GET /citizens/:id`), never the raw path, so one route is one operation however many ids it
 * serves; `{method}` alone when no route matched.
 */
import type { Span } from '@opentelemetry/api';

export interface RoutedRequest {
  readonly method: string;
  readonly routeOptions: { readonly url?: string | undefined };
}

export function requestSpanName(request: RoutedRequest): string {
  const route = request.routeOptions.url;
  return route ? `${request.method} ${route}` : request.method;
}

export function nameRequestSpan(span: Span, request: RoutedRequest): void {
  span.updateName(requestSpanName(request));
}
