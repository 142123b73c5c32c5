// Start-up: turns a validated configuration into a PluginContext. The model is loaded once here (a package
// that fails to load leaves the server up, serving the "model unavailable" state); the mapping is validated
// against the model and the live host database; the plugin's own tables are migrated.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { openDatabase } from '../../adapters/database-config';
import { mappingOrThrow, validateMapping } from '../../adapters/mapping/mapping-validator';
import type { FieldMapping } from '../../adapters/mapping/mapping-schema';
import { loadMapping, modelFeatureRequirements, readJsonFile } from '../cli/host-database';
import { PRODUCT_ROOT } from '../product-paths';
import { BeslutningsstotteError, isBeslutningsstotteError } from '../errors';
import { validateAgainst } from '../schema-validator';
import { PluginManifestSchema, type PluginManifest } from './plugin-manifest-schema';
import { createHostReferralSource } from '../panel/host-referral-source';
import type { ReferralDataSource } from '../panel/referral-data-source';
import { loadMessages } from '../panel/panel-locale';
import { compilePanelTemplates } from '../panel/panel-templates';
import { readApprovalList } from '../scoring/model-approval';
import { loadModelPackage, type LoadedModelPackage } from '../scoring/model-package-loader';
import { AuditRepository } from '../storage/audit-repository';
import { FlagRepository } from '../storage/flag-repository';
import { migratePluginDatabase, openPluginDatabase } from '../storage/plugin-database';
import { followUpDeps } from './follow-up-setup';
import { loadSdqWording } from '../follow-up/sdq-wording-file';
import { loadWellbeingRuler } from '../follow-up/wellbeing-ruler-file';
import { createTokenVerifier, developmentKeyFrom, importHostPublicKey } from './launch-token';
import type { PluginContext } from './plugin-context';
import type { ServerConfig } from './server-config';
import { ViewSessionRepository } from '../storage/view-session-repository';
import { ViewAccess } from './view-access';

export const MANIFEST_FILE = path.join(PRODUCT_ROOT, 'manifest.json');

/** manifest.json, checked against its schema. */
export function readPluginManifest(file = MANIFEST_FILE): PluginManifest {
  const checked = validateAgainst(PluginManifestSchema, JSON.parse(readFileSync(file, 'utf8')));
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
  close(): Promise<void>;
}

async function mappingFor(config: ServerConfig, hostDb: Knex, logger: Logger): Promise<FieldMapping> {
  const { features } = modelFeatureRequirements(config.modelDir);
  try {
    return await loadMapping(config.mappingFile, hostDb, features);
  } catch (error) {
    if (isBeslutningsstotteError(error)) throw error;
    // The host database did not answer: check what can be checked without it, and serve the
    // "database unreachable" state until it answers.
    logger.warn({ err: { name: (error as Error).name, code: (error as { code?: string }).code } }, 'host database unavailable at start-up; mapping checked without its catalog');
    return mappingOrThrow(validateMapping(readJsonFile(config.mappingFile), { features }), config.mappingFile);
  }
}

export async function assemblePlugin(config: ServerConfig, options: { logger: Logger; env?: NodeJS.ProcessEnv; basePath?: string }): Promise<AssembledPlugin> {
  const { logger } = options;
  const env = options.env ?? process.env;
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
    const data = model ? createHostReferralSource(hostDb, await mappingFor(config, hostDb, logger)) : modelUnavailableSource;
    await migratePluginDatabase(pluginDb);
    const followUp = await followUpDeps(hostDb, pluginDb, {
      synthetic: model?.manifest.modelCard.syntheticDataWarning !== undefined,
      sdqWording: loadSdqWording(env.BESLUTNINGSSTOTTE_SDQ_WORDING_FILE),
      ruler: loadWellbeingRuler(env.BESLUTNINGSSTOTTE_WELLBEING_RULER_FILE),
    });
    const developmentKey = developmentKeyFrom(env, config.auth.developmentKeyEnv);
    if (developmentKey && env.NODE_ENV === 'production') {
      throw new BeslutningsstotteError('SERVER_CONFIG_INVALID', {
        source: config.auth.developmentKeyEnv,
        detail: 'a development signing key (HS256) is set while NODE_ENV=production; production hosts sign with RS256 or ES256',
      });
    }
    if (developmentKey) logger.warn('development signing key active (HS256): for development only');
    const hostKeys = await Promise.all(config.auth.hostKeys.map((k) => importHostPublicKey(k.alg, k.publicKeyPem, k.kid)));
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
      audit: new AuditRepository(pluginDb),
      flags: new FlagRepository(pluginDb),
      verify,
      // A view lives as long as a launch token may: the caseworker can reload and print within it.
      views: new ViewAccess({ verify, sessions: new ViewSessionRepository(pluginDb), lifetimeSeconds: config.auth.maxTokenLifetimeSeconds, basePath }),
      templates: compilePanelTemplates(),
      messages: loadMessages(),
      logger,
      allowedOrigins: config.allowedOrigins,
      manifest: readPluginManifest(),
      basePath,
      followUp,
    };
    return {
      ctx,
      hostDb,
      pluginDb,
      developmentKey,
      close: async () => {
        await Promise.allSettled([followUp.pdf.close(), hostDb.destroy(), pluginDb.destroy(), model?.runtime.release()]);
      },
    };
  } catch (error) {
    await Promise.allSettled([hostDb.destroy(), pluginDb.destroy(), model?.runtime.release()]);
    throw error;
  }
}
