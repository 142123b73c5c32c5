// What became of a filed report's deliveries (issue 17), as the caseworker reads it on the report page and as
// the JSON API carries it: per delivery kind (mail, SharePoint, calendar reminder) whether it waits, is being
// sent, was delivered (and when), failed (with what to do about it) or was cancelled; or that the plugin does
// not deliver reports here, and the report is filed only. Pure: the states are read by the storage layer and
// handed in as a port (FilingDeliveryReader); the outbox's technical reason is turned into words a caseworker
// can act on, and never shown as it is (it may carry Graph's messages).
import type { Filing } from './follow-up-service';
import { fillText, type ReportFormat, type ReportLocale, type ReportMessages } from './report-locale';
import { danishClockTime, danishDay } from '../danish-time';

export type FilingDeliveryKind = 'mail' | 'upload' | 'calendar';
export type FilingDeliveryStatus = 'pending' | 'in-progress' | 'delivered' | 'failed' | 'cancelled';
/** The kinds in the order the page lists them. */
export const FILING_DELIVERY_KINDS: readonly FilingDeliveryKind[] = ['mail', 'upload', 'calendar'];

/** One outbox row of the filing, as the storage layer reads it. */
export interface FilingDeliveryRecord {
  readonly deliveryId: string;
  readonly kind: FilingDeliveryKind;
  readonly status: FilingDeliveryStatus;
  readonly attempts: number;
  readonly deliveredAt: string | null;
  /** The outbox's own reason (technical, for IT): read here only to choose the caseworker's words. */
  readonly lastError: string | null;
}

/** Without a delivery configuration for the filing's municipality: filed only. */
export type FilingDeliveries = { readonly configured: false } | { readonly configured: true; readonly deliveries: readonly FilingDeliveryRecord[] };

/** The port: the deliveries of one filing (plugin/server/follow-up-setup.ts hands in the storage layer's reader). */
export type FilingDeliveryReader = (filing: Pick<Filing, 'filingId' | 'municipality'>) => Promise<FilingDeliveries>;

/** What the caseworker can do about a failed delivery: one of a few plain causes. */
export type DeliveryFailureCause = 'permission' | 'sign-in' | 'not-found' | 'no-address' | 'not-configured' | 'gave-up' | 'other';

export interface DeliveryFailure {
  readonly cause: DeliveryFailureCause;
  /** The Graph permission that is missing (names such as Mail.Send, alternatives joined by " / "; no secret), when the cause is 'permission'. */
  readonly permission: string | null;
}

/** Reads the outbox's reason (retry-policy.ts, delivery-plan.ts, delivery-worker.ts write it) as a cause. */
export function failureOf(lastError: string | null): DeliveryFailure {
  const reason = lastError ?? '';
  if (/^403\b/.test(reason)) {
    // "lacks the permission Files.ReadWrite.All (or Sites.Selected …) (grant it …)": the permissions' names only.
    const part = /permission (.*?)(?:\(grant it|;|$)/.exec(reason)?.[1] ?? '';
    const names = part.match(/\b[A-Z][A-Za-z]+(?:\.[A-Z][A-Za-z]+)+\b/g) ?? [];
    return { cause: 'permission', permission: names.length > 0 ? names.join(' / ') : null };
  }
  if (/^401\b/.test(reason)) return { cause: 'sign-in', permission: null };
  if (/^404\b/.test(reason)) return { cause: 'not-found', permission: null };
  if (/no mail address/.test(reason)) return { cause: 'no-address', permission: null };
  if (/no delivery configuration/.test(reason)) return { cause: 'not-configured', permission: null };
  if (/^gave up after/.test(reason)) return { cause: 'gave-up', permission: null };
  return { cause: 'other', permission: null };
}

/** One delivery as the page and the JSON show it. */
export interface DeliveryStateView {
  readonly deliveryId: string;
  readonly kind: FilingDeliveryKind;
  readonly status: FilingDeliveryStatus;
  /** When it was delivered (ISO time), else null. */
  readonly deliveredAt: string | null;
  /** What to do about a failure, else null. */
  readonly failure: DeliveryFailure | null;
  /** The kind in words ("Mail til sagsbehandleren"). */
  readonly label: string;
  /** The state in words, with the time or what to do. */
  readonly text: string;
}

export interface FilingDeliveryView {
  readonly heading: string;
  readonly configured: boolean;
  /** Filed only (no configuration), or no delivery was written for this filing: said in words. */
  readonly note: string | null;
  readonly deliveries: readonly DeliveryStateView[];
}

/** The day and the clock time in Danish time (the municipality's), written the way the language writes them. */
const whenOf = (iso: string, lang: ReportLocale, f: ReportFormat): { date: string; time: string } => {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return { date: iso, time: '' };
  return { date: f.date(danishDay(d)), time: danishClockTime(d, lang) };
};

/** The filing's deliveries in the page's words (`t.delivery`), one per kind in a fixed order. */
export function buildFilingDeliveryView(state: FilingDeliveries, lang: ReportLocale, t: ReportMessages, f: ReportFormat): FilingDeliveryView {
  const d = t.delivery;
  if (!state.configured) return { heading: d.heading, configured: false, note: d.notConfigured, deliveries: [] };
  const rows = [...state.deliveries].sort((a, b) => FILING_DELIVERY_KINDS.indexOf(a.kind) - FILING_DELIVERY_KINDS.indexOf(b.kind) || Number(a.deliveryId) - Number(b.deliveryId));
  const deliveries = rows.map((r): DeliveryStateView => {
    const failure = r.status === 'failed' ? failureOf(r.lastError) : null;
    let text: string;
    if (r.status === 'delivered') text = r.deliveredAt ? fillText(d.delivered, whenOf(r.deliveredAt, lang, f)) : d.deliveredNoTime;
    else if (r.status === 'failed') {
      const what = failure!.cause === 'permission' && failure!.permission === null ? d.permissionUnnamed : fillText(d.failure[failure!.cause], { permission: failure!.permission ?? '', id: r.deliveryId });
      text = `${d.failed} ${what}`;
    }
    else if (r.status === 'pending') text = r.attempts > 0 ? d.retrying : d.pending;
    else if (r.status === 'in-progress') text = d.sending;
    else text = d.cancelled;
    return { deliveryId: r.deliveryId, kind: r.kind, status: r.status, deliveredAt: r.deliveredAt, failure, label: d.kinds[r.kind], text };
  });
  return { heading: d.heading, configured: true, note: deliveries.length === 0 ? d.noneWritten : null, deliveries };
}
