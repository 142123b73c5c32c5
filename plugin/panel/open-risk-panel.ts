// Opening the risk panel for a launched user: build the panel, then write the audit record, and only then
// hand the outcome back to be rendered. When the audit write fails the panel is refused (AUDIT_UNAVAILABLE):
// no score is ever shown without its record. Refusals (bad or foreign tokens) are audited here too.
import { BeslutningsstotteError, type ErrorCode } from '../errors';
import type { AuditRepository } from '../storage/audit-repository';
import { buildRiskPanel, STATE_CODES, type PanelOutcome, type RiskPanelDeps } from './risk-panel-service';

export type PanelViewKind = 'fragment' | 'page' | 'print' | 'json';

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
  const outcome = await buildRiskPanel(deps, request.referralId);
  const model = deps.model;
  const shown = outcome.kind === 'score';
  try {
    await deps.audit.write({
      ...whoAndWhere(deps, request),
      modelId: model?.identity.id ?? null,
      modelVersion: model?.identity.version ?? null,
      score: shown ? outcome.score.score : null,
      outcome: shown ? 'shown' : 'no-score',
      code: shown ? null : STATE_CODES[outcome.kind],
    });
  } catch (cause) {
    throw new BeslutningsstotteError('AUDIT_UNAVAILABLE', {}, { cause });
  }
  return outcome;
}

/** Records a refused request (no valid token, or a token for another case). Best effort: the refusal stands. */
export async function auditRefusal(
  deps: Pick<OpenPanelDeps, 'audit' | 'now'>,
  request: { requestId: string; referralId: string | null; userId: string | null; role: string | null; view: PanelViewKind; code: ErrorCode },
): Promise<boolean> {
  try {
    await deps.audit.write({
      ...whoAndWhere(deps, request),
      modelId: null,
      modelVersion: null,
      score: null,
      outcome: 'refused',
      code: request.code,
    });
    return true;
  } catch {
    return false;
  }
}
