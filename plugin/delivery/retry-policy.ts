// What the worker does after a Graph call: mark the row delivered, try again later (exponential backoff with
// jitter, or exactly when Graph's Retry-After says), fetch a fresh token once, or stop with a reason a person
// can act on. Pure: the clock, the random number and the attempt's history are handed in.
import type { DeliveryKind, GraphOutcome } from './delivery-outcome';

export interface RetryPolicy {
  /** First retry after about this long. */
  readonly baseDelayMs: number;
  /** No backoff is longer than this (a longer Retry-After is still honoured). */
  readonly maxDelayMs: number;
  /** A row still failing this long after its first attempt is marked failed. */
  readonly giveUpAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseDelayMs: 30_000, maxDelayMs: 15 * 60_000, giveUpAfterMs: 72 * 3_600_000 };

export type DeliveryDecision =
  | { readonly action: 'delivered'; readonly resultId: string }
  | { readonly action: 'refresh-token' }
  | { readonly action: 'retry'; readonly at: Date; readonly reason: string }
  | { readonly action: 'fail'; readonly reason: string };

export interface AttemptState {
  readonly kind: DeliveryKind;
  /** Attempts made so far, this one included (1 on the first). */
  readonly attempts: number;
  readonly firstAttemptAt: Date;
  readonly now: Date;
  /** Whether this attempt already fetched a fresh token after a 401. */
  readonly tokenRefreshed: boolean;
  /** A number in [0, 1): the jitter. */
  readonly random: number;
}

/** The application permission a 403 points to, per kind of delivery. */
export const PERMISSION_FOR: Readonly<Record<DeliveryKind, string>> = {
  mail: 'Mail.Send',
  upload: 'Files.ReadWrite.All (or Sites.Selected with write access to the site)',
  calendar: 'Calendars.ReadWrite',
};

const RETRYABLE = new Set([408, 429, 500, 502, 503, 504]);

/** The wait before the next attempt: exponential in the attempts made, with "equal jitter" (half fixed, half random). */
export function backoffMs(attempts: number, random: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential / 2 + (random * exponential) / 2);
}

export function decide(outcome: GraphOutcome, state: AttemptState, policy: RetryPolicy = DEFAULT_RETRY_POLICY): DeliveryDecision {
  if (outcome.ok) return { action: 'delivered', resultId: outcome.resultId };
  let reason: string;
  let retryAfterMs: number | null = null;
  if (outcome.failure === 'network') {
    reason = `network: ${outcome.message}`;
  } else {
    const { status } = outcome;
    const graph = outcome.code ? ` ${outcome.code}` : '';
    if (status === 401) {
      if (!state.tokenRefreshed) return { action: 'refresh-token' };
      return { action: 'fail', reason: `401${graph}: ${outcome.message}; a fresh token did not help: check tenantId, clientId and the credential (run \`beslutningsstotte doctor graph\`)` };
    }
    if (status === 403) return { action: 'fail', reason: `403${graph}: the application lacks the permission ${PERMISSION_FOR[state.kind]} (grant it and give admin consent); ${outcome.message}` };
    if (status === 404) return { action: 'fail', reason: `404${graph}: not found (check the mailbox, drive or folder in the delivery configuration); ${outcome.message}` };
    if (!RETRYABLE.has(status)) return { action: 'fail', reason: `${status}${graph}: ${outcome.message}` };
    reason = `${status}${graph}: ${outcome.message}`;
    if (outcome.retryAfterSeconds !== null) retryAfterMs = outcome.retryAfterSeconds * 1000;
  }
  if (state.now.getTime() - state.firstAttemptAt.getTime() >= policy.giveUpAfterMs) {
    return { action: 'fail', reason: `gave up after ${Math.round(policy.giveUpAfterMs / 3_600_000)} hours of attempts; last: ${reason}` };
  }
  // Retry-After is honoured as said: a little later (so instances do not return together), never earlier.
  const waitMs = retryAfterMs !== null ? Math.round(retryAfterMs * (1 + state.random * 0.1)) : backoffMs(state.attempts, state.random, policy);
  return { action: 'retry', at: new Date(state.now.getTime() + waitMs), reason };
}
