// `beslutningsstotte score --referral ID`: extracts the referral's features from the host database with the
// field mapping (the shipped reference mapping and the embedded database by default), scores them with the
// model, and prints one JSON object: the score, the contributions and, per feature, its provenance.
import { openDatabase, readDatabaseConfig } from '../../adapters/database-config';
import { ageRefusal } from '../../adapters/child-age';
import { FeatureExtractor } from '../../adapters/extraction/feature-extractor';
import { BeslutningsstotteError } from '../errors';
import { readApprovalList } from '../scoring/model-approval';
import { loadModelPackage } from '../scoring/model-package-loader';
import { scoreBatch } from '../scoring/referral-scorer';
import type { CliIo } from './cli-io';
import { loadMapping, modelFeatureRequirements } from './host-database';

export interface ReferralScoreOptions {
  readonly referral: string;
  readonly mapping: string;
  readonly dbConfig?: string;
  readonly model: string;
  readonly approved: string;
}

export async function runReferralScoreCommand(options: ReferralScoreOptions, io: CliIo): Promise<number> {
  const { features } = modelFeatureRequirements(options.model);
  const db = openDatabase(readDatabaseConfig(options.dbConfig));
  let extracted;
  try {
    const mapping = await loadMapping(options.mapping, db, features);
    const id = /^\d+$/.test(options.referral) ? Number(options.referral) : options.referral;
    extracted = await new FeatureExtractor(db, mapping).extract(id);
  } finally {
    await db.destroy();
  }
  // An adult, or a child of unknown age, is never scored: said before any model is consulted.
  const refusal = ageRefusal(extracted.age);
  if (refusal) {
    io.err(`${refusal.code} referral ${extracted.referralId}: ${refusal.message}`);
    io.out(JSON.stringify({ referralId: extracted.referralId, receivedAt: extracted.receivedAt, scored: false, code: refusal.code, missing: extracted.missing, provenance: extracted.provenance }, null, 2));
    return 1;
  }
  const model = await loadModelPackage(options.model, { approvals: readApprovalList(options.approved) });
  try {
    const [outcome] = await scoreBatch(model, [{ id: extracted.referralId, features: extracted.features }]);
    if (!outcome || !outcome.ok) {
      const errors = outcome && !outcome.ok ? outcome.errors : [];
      for (const error of errors) {
        const unknown = extracted.unknownCodes.find((u) => u.feature === error.feature && error.code === 'FEATURE_MISSING');
        const shown = unknown ? new BeslutningsstotteError('FEATURE_UNKNOWN_CODE', { ...unknown }) : error;
        io.err(`${shown.code} referral ${extracted.referralId}: ${shown.message}`);
      }
      io.out(JSON.stringify({ referralId: extracted.referralId, receivedAt: extracted.receivedAt, scored: false, missing: extracted.missing, unknownCodes: extracted.unknownCodes, provenance: extracted.provenance }, null, 2));
      return 1;
    }
    const { explanationUnavailable, ...result } = outcome.result;
    io.out(
      JSON.stringify(
        {
          referralId: extracted.referralId,
          receivedAt: extracted.receivedAt,
          ...result,
          ...(explanationUnavailable ? { explanationUnavailable } : {}),
          features: extracted.features,
          provenance: extracted.provenance,
        },
        null,
        2,
      ),
    );
    return 0;
  } finally {
    await model.runtime.release();
  }
}

export function assertReferralId(value: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(value)) {
    throw new BeslutningsstotteError('INPUT_INVALID', { detail: '--referral must be a referral id (letters, digits, - and _)' });
  }
  return value;
}
