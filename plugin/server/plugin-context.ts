// Everything the routes need, made once at start-up and handed in: the model (loaded once), the repositories,
// the token verifier, the compiled templates and texts, the logger. Nothing here holds per-user state, so
// any number of instances can serve the same databases.
import type { Logger } from 'pino';
import type { ReferralDataSource } from '../panel/referral-data-source';
import type { Locale, Messages } from '../panel/panel-locale';
import type { PanelTemplates } from '../panel/panel-templates';
import type { RecordedJustification } from '../panel/model-card-view-model';
import type { LoadedModelPackage } from '../scoring/model-package-loader';
import type { AuditRepository } from '../storage/audit-repository';
import type { FlagRepository } from '../storage/flag-repository';
import type { DeliveryOutboxRepository } from '../storage/delivery-outbox-repository';
import type { FollowUpDeps } from './follow-up-setup';
import type { TokenVerifier } from './launch-token';
import type { ViewAccess } from './view-access';

export interface PluginContext {
  readonly model: LoadedModelPackage | null;
  readonly modelErrorCode: string | null;
  readonly data: ReferralDataSource;
  readonly audit: AuditRepository;
  readonly flags: FlagRepository;
  readonly verify: TokenVerifier;
  /** The one launch check: launch tokens (used once) and the views they open. */
  readonly views: ViewAccess;
  readonly templates: PanelTemplates;
  readonly messages: Record<Locale, Messages>;
  readonly logger: Logger;
  readonly allowedOrigins: readonly string[];
  /** The parsed manifest.json, served as is. */
  readonly manifest: unknown;
  /** Where the plugin is mounted ('' at the root). */
  readonly basePath: string;
  /**
   * The plugin's public origin (server config publicBaseUrl): every absolute URL the plugin builds starts with
   * it, never with the request's Host or X-Forwarded-Host.
   */
  readonly publicBaseUrl: string;
  /** Reverse proxies whose X-Forwarded-* headers are believed (Express `trust proxy`); none when absent. */
  readonly trustedProxies?: readonly string[];
  readonly now?: () => Date;
  /** The field mapping's recorded proxy justifications, shown on the model card page. */
  readonly proxyJustifications?: readonly RecordedJustification[];
  /** Per host table, a link template that opens a record in the host ({id}); see server-config recordLinks. */
  readonly recordLinks?: Readonly<Record<string, string>>;
  /** Who the family contacts, for the family letter; null: the letter names the caseworker. */
  readonly familyContact?: { readonly da: string; readonly en: string } | null;
  /** The follow-up report (extension point follow-up-report); its routes are mounted when present. */
  readonly followUp?: FollowUpDeps;
  /** The delivery outbox: /healthz counts its deliveries by state. */
  readonly deliveries?: Pick<DeliveryOutboxRepository, 'countByStatus'>;
}
