// Start-up: turns a validated configuration into a PluginContext. The model is loaded once here (a package
// that fails to load leaves the server up, serving the "model unavailable" state); the mapping is validated
// against the model and the live host database; the plugin's own tables are migrated.
import path from 'node:path';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { openDatabase } from '../../adapters/database-config';
import { mappingOrThrow, validateMapping } from '../../adapters/mapping/mapping-validator';
import type { FieldMapping } from '../../adapters/mapping/mapping-schema';
import { readJsonFile } from '../json-file';
import { loadMapping } from '../../adapters/mapping/mapping-file';
import { modelFeatureRequirements } from '../scoring/model-feature-requirements';
import { PRODUCT_ROOT } from '../product-paths';
import { BeslutningsstotteError, isBeslutningsstotteError } from '../errors';
import { validateAgainst } from '../schema-validator';
import { PluginManifestSchema, type PluginManifest } from './plugin-manifest-schema';
import { createHostReferralSource } from '../panel/host-referral-source';
import type { ReferralDataSource } from '../panel/referral-data-source';
import { loadMessages } from '../panel/panel-locale';
import { compilePanelTemplates } from '../panel/panel-templates';
import type { RecordedJustification } from '../panel/model-card-view-model';
import { readApprovalList } from '../scoring/model-approval';
import { loadModelPackage, type LoadedModelPackage } from '../scoring/model-package-loader';
import { AuditRepository } from '../storage/audit-repository';
import { FlagRepository } from '../storage/flag-repository';
import { DeliveryOutboxRepository } from '../storage/delivery-outbox-repository';
import { migratePluginDatabase, openPluginDatabase } from '../storage/plugin-database';
import { followUpDeps } from './follow-up-setup';
import type { DeliveryConfig } from '../delivery/delivery-config';
import { DELIVERY_CONFIG_ENV, readDeliveryConfig } from '../graph/delivery-config-file';
import { filingHandlersFor } from '../storage/filing-deliveries';
import { loadSdqWording } from '../follow-up/sdq-wording-file';
import { loadWellbeingRuler } from '../follow-up/wellbeing-ruler-file';
import { createTokenVerifier, developmentKeyFor, importHostPublicKey } from './launch-token';
import type { PluginContext } from './plugin-context';
import type { ServerConfig } from './server-config';
import { keepAuditRetention } from './audit-retention';
import { ViewSessionRepository } from '../storage/view-session-repository';
import { ViewAccess } from './view-access';

export const MANIFEST_FILE = path.join(PRODUCT_ROOT, 'manifest.json');

/** manifest.json, checked against its schema. */
export function readPluginManifest(file = MANIFEST_FILE): PluginManifest {
  const checked = validateAgainst(PluginManifestSchema, readJsonFile(file, (detail, cause) => new BeslutningsstotteError('SERVER_CONFIG_INVALID', { source: file, detail }, { cause })));
  if (!checked.ok) throw new BeslutningsstotteError('SERVER_CONFIG_INVALID', { source: file, detail: checked.problems.join('; ') });
  return checked.value;
}

const modelUnavailableSource: ReferralDataSource = {
  referralWithHistory: () => Promise.reject(new BeslutningsstotteError('MODEL_UNAVAILABLE', { code: 'MODEL_PACKAGE_INVALID' })),
};

export interface AssembledPlugin {
  readonly ctx: PluginContext;
  readonly hostDb: Knex;
  readonly pluginDb: Knex;
  readonly developmentKey: Uint8Array | null;
  /** The delivery configuration (BESLUTNINGSSTOTTE_DELIVERY_CONFIG), or null: then filing writes no deliveries. */
  readonly delivery: DeliveryConfig | null;
  close(): Promise<void>;
}

/** The mapping, checked against the model's features when a model is loaded (without one, the names are checked later). */
async function mappingFor(config: ServerConfig, hostDb: Knex, logger: Logger, withModel: boolean): Promise<FieldMapping> {
  const features = withModel ? modelFeatureRequirements(config.modelDir).features : undefined;
  try {
    return await loadMapping(config.mappingFile, hostDb, features);
  } catch (error) {
    if (isBeslutningsstotteError(error)) throw error;
    // The host database did not answer: check what can be checked without it, and serve the
    // "database unreachable" state until it answers.
    logger.warn({ err: { name: (error as Error).name, code: (error as { code?: string }).code } }, 'host database unavailable at start-up; mapping checked without its catalog');
    return mappingOrThrow(validateMapping(readJsonFile(config.mappingFile), features ? { features } : {}), config.mappingFile);
  }
}

function recordedJustifications(mapping: FieldMapping): RecordedJustification[] {
  const attributes = mapping.evaluationOnly?.attributes ?? {};
  return (mapping.proxyJustifications ?? []).map((j) => ({ ...j, attributeLabel: attributes[j.attribute]?.label ?? null }));
}

export async function assemblePlugin(config: ServerConfig, options: { logger: Logger; env?: NodeJS.ProcessEnv; basePath?: string }): Promise<AssembledPlugin> {
  const { logger } = options;
  const env = options.env ?? process.env;
  // Before anything is opened: a development key where the configuration does not say development stops here.
  const developmentKey = developmentKeyFor(config.environment, env, config.auth.developmentKeyEnv);
  let model: LoadedModelPackage | null = null;
  let modelErrorCode: string | null = null;
  try {
    model = await loadModelPackage(config.modelDir, { approvals: readApprovalList(config.approvedModelsFile) });
    logger.info({ modelId: model.identity.id, modelVersion: model.identity.version }, 'model loaded');
  } catch (error) {
    if (!isBeslutningsstotteError(error)) throw error;
    modelErrorCode = error.code;
    logger.error({ code: error.code }, 'model unavailable; panels show the "model unavailable" state');
  }
  const hostDb = openDatabase(config.hostDatabase);
  const pluginDb = openPluginDatabase(config.pluginDatabase);
  try {
    // Without a model no panel reads host data (each answers "model unavailable"), and the mapping cannot be
    // checked against the model's features: it is checked when the model is back.
    // The follow-up report needs no model: its part of the mapping is read whether or not the model loaded.
    const mapping = await mappingFor(config, hostDb, logger, model !== null);
    const data = model ? createHostReferralSource(hostDb, mapping) : modelUnavailableSource;
    await migratePluginDatabase(pluginDb);
    // Read before anything is served, so a broken delivery configuration stops the start, not a filing.
    const delivery = readDeliveryConfig(env[DELIVERY_CONFIG_ENV]);
    if (!mapping.followUp) logger.warn({ code: 'FOLLOW_UP_NOT_MAPPED' }, 'the field mapping has no followUp part: the follow-up report is not offered');
    const followUp = mapping.followUp
      ? await followUpDeps(hostDb, pluginDb, mapping, {
          synthetic: model?.manifest.modelCard.syntheticDataWarning !== undefined,
          sdqWording: loadSdqWording(env.BESLUTNINGSSTOTTE_SDQ_WORDING_FILE),
          ruler: loadWellbeingRuler(env.BESLUTNINGSSTOTTE_WELLBEING_RULER_FILE),
          // A filing and its deliveries are committed together: the outbox rows are written in its transaction.
          onFiled: filingHandlersFor(delivery),
          delivery,
        })
      : undefined;
    if (developmentKey) logger.warn('development signing key active (HS256): for development only');
    const hostKeys = await Promise.all(config.auth.hostKeys.map((k) => importHostPublicKey(k.alg, k.publicKeyPem, k.kid)));
    const audit = new AuditRepository(pluginDb);
    const stopRetention = keepAuditRetention(audit, config.audit.retentionDays, logger);
    const verify = createTokenVerifier({
      audience: config.auth.audience,
      ...(config.auth.issuer === undefined ? {} : { issuer: config.auth.issuer }),
      maxLifetimeSeconds: config.auth.maxTokenLifetimeSeconds,
      hostKeys,
      developmentKey,
    });
    const basePath = options.basePath ?? '';
    const ctx: PluginContext = {
      model,
      modelErrorCode,
      data,
      audit,
      flags: new FlagRepository(pluginDb),
      verify,
      // A view lives as long as a launch token may: the caseworker can reload and print within it.
      views: new ViewAccess({ verify, sessions: new ViewSessionRepository(pluginDb), lifetimeSeconds: config.auth.maxTokenLifetimeSeconds, basePath }),
      templates: compilePanelTemplates(),
      messages: loadMessages(),
      logger,
      allowedOrigins: config.allowedOrigins,
      recordLinks: config.recordLinks,
      familyContact: config.familyContact,
      manifest: readPluginManifest(),
      basePath,
      ...(followUp ? { followUp } : {}),
      deliveries: new DeliveryOutboxRepository(pluginDb),
      proxyJustifications: recordedJustifications(mapping),
      publicBaseUrl: config.publicBaseUrl,
      trustedProxies: config.trustedProxies,
    };
    return {
      ctx,
      hostDb,
      pluginDb,
      developmentKey,
      delivery,
      close: async () => {
        stopRetention();
        await Promise.allSettled([followUp?.pdf.close(), hostDb.destroy(), pluginDb.destroy(), model?.runtime.release()]);
      },
    };
  } catch (error) {
    await Promise.allSettled([hostDb.destroy(), pluginDb.destroy(), model?.runtime.release()]);
    throw error;
  }
}
