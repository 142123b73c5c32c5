// Opening the risk panel for a launched user: build the panel, then write the audit records, and only then
// hand the outcome back to be rendered. Every score the view carries has its record: the referral's own, and
// each earlier referral's score in the timeline (a record keyed by that referral, committed with the first).
// When the audit write fails the panel is refused (AUDIT_UNAVAILABLE): no score is ever shown without its
// record. Refusals are audited by the server (plugin/server/audit-subject.ts).
import { BeslutningsstotteError } from '../errors';
import type { AuditRecord, AuditRepository } from '../storage/audit-repository';
import { buildRiskPanel, STATE_CODES, type PanelOutcome, type RiskPanelDeps } from './risk-panel-service';

export type PanelViewKind = 'fragment' | 'page' | 'print' | 'json' | 'flag';

/** The views that show the timeline of earlier scores; the others carry none (so none goes unaudited). */
const TIMELINE_VIEWS: ReadonlySet<PanelViewKind> = new Set(['fragment', 'page', 'json']);

export interface PanelRequest {
  readonly requestId: string;
  readonly referralId: string;
  readonly userId: string;
  readonly role: string;
  readonly view: PanelViewKind;
}

export interface OpenPanelDeps extends RiskPanelDeps {
  readonly audit: AuditRepository;
  readonly now?: () => Date;
}

export const RISK_PANEL_EXTENSION = 'risk-panel';

/** The part of an audit record that says who asked, when, and for which view of which referral. */
function whoAndWhere(
  deps: Pick<OpenPanelDeps, 'now'>,
  request: { requestId: string; referralId: string | null; userId: string | null; role: string | null; view: PanelViewKind },
) {
  return {
    occurredAt: (deps.now?.() ?? new Date()).toISOString(),
    requestId: request.requestId,
    userId: request.userId,
    userRole: request.role,
    extensionPoint: RISK_PANEL_EXTENSION,
    view: request.view,
    referralId: request.referralId,
  };
}

export async function openRiskPanel(deps: OpenPanelDeps, request: PanelRequest): Promise<PanelOutcome> {
  const built = await buildRiskPanel(deps, request.referralId);
  const outcome = built.kind === 'score' && !TIMELINE_VIEWS.has(request.view) ? { ...built, history: [] } : built;
  const model = deps.model;
  const shown = outcome.kind === 'score';
  const who = whoAndWhere(deps, request);
  const modelOf = { modelId: model?.identity.id ?? null, modelVersion: model?.identity.version ?? null };
  const own: AuditRecord = { ...who, ...modelOf, score: shown ? outcome.score.score : null, outcome: shown ? 'shown' : 'no-score', code: shown ? null : STATE_CODES[outcome.kind] };
  const timeline: AuditRecord[] = shown
    ? outcome.history.filter((h) => h.score !== null).map((h) => ({ ...who, ...modelOf, referralId: h.referralId, panelReferralId: request.referralId, score: h.score, outcome: 'shown', code: null }))
    : [];
  try {
    await deps.audit.write([own, ...timeline]);
  } catch (cause) {
    throw new BeslutningsstotteError('AUDIT_UNAVAILABLE', {}, { cause });
  }
  return outcome;
}
