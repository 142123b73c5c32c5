// What one Graph call came to, as the delivery policy sees it: Graph's id of what it made, or how it failed.
// Made at the edge (plugin/graph) from HTTP responses; read by the pure policy.

export type DeliveryKind = 'mail' | 'upload' | 'calendar';

export type GraphOutcome =
  | { readonly ok: true; readonly resultId: string }
  | {
      readonly ok: false;
      readonly failure: 'http';
      readonly status: number;
      /** Graph's error code (e.g. ErrorAccessDenied), when it sent one. */
      readonly code: string | null;
      /** Graph's message: about the request, never the report's content. */
      readonly message: string;
      /** Seconds from the Retry-After header, when it was sent (429, 503). */
      readonly retryAfterSeconds: number | null;
    }
  | { readonly ok: false; readonly failure: 'network'; readonly message: string };

/** Seconds from a Retry-After header (delta-seconds or an HTTP date), or null when absent or unreadable. */
export function parseRetryAfter(header: string | null | undefined, now: Date): number | null {
  if (header === null || header === undefined || header.trim() === '') return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}
