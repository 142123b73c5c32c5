// `beslutningsstotte mapping check --config FILE`: validates a field mapping against the model and the live
// database (every problem with its path and a fix), then dry-runs it (adapters/extraction/mapping-dry-run): per
// feature, how many of the most recent referrals got a value, how many are missing, the value range, and the
// slowest query; dates it cannot read, keys that are not unique, codes no list names, and features constant or
// missing everywhere fail it. Exit 0 when the mapping passes, 1 when it has problems; a refused mapping ends
// with its code (exit 2).
import { readDatabaseConfig, openDatabase } from '../../adapters/database-config';
import { dryRunMapping } from '../../adapters/extraction/mapping-dry-run';
import { readDatabaseCatalog } from '../../adapters/mapping/database-catalog';
import { mappingOrThrow } from '../../adapters/mapping/mapping-validator';
import { BeslutningsstotteError } from '../errors';
import type { CliIo } from './cli-io';
import { modelFeatureRequirements, readJsonFile, tablesOf, validateMappingOnDatabase } from './host-database';

export interface MappingCheckOptions {
  readonly config: string;
  readonly dbConfig?: string;
  readonly model: string;
  readonly recent: number;
  readonly json: boolean;
}

export async function runMappingCheckCommand(options: MappingCheckOptions, io: CliIo): Promise<number> {
  if (!Number.isInteger(options.recent) || options.recent < 1) {
    throw new BeslutningsstotteError('INPUT_INVALID', { detail: '--recent must be a positive whole number' });
  }
  const model = modelFeatureRequirements(options.model);
  const raw = readJsonFile(options.config);
  const db = openDatabase(readDatabaseConfig(options.dbConfig));
  try {
    const validation = await validateMappingOnDatabase(raw, db, model.features);
    if (validation.unsafe.length === 0 && validation.refusals.length === 0 && validation.problems.length > 0) {
      if (options.json) io.out(JSON.stringify({ valid: false, problems: validation.problems }, null, 2));
      else {
        io.out(`The mapping ${options.config} has ${validation.problems.length} problem(s):`);
        for (const p of validation.problems) io.out(`  ${p.path}: ${p.problem}\n      fix: ${p.fix}`);
      }
      return 1;
    }
    const mapping = mappingOrThrow(validation, options.config);
    const catalog = await readDatabaseCatalog(db, tablesOf(mapping), mapping.schema);
    const dry = await dryRunMapping(db, mapping, { recent: options.recent, features: model.features.map((f) => f.name), catalog });
    const report = {
      valid: dry.problems.length === 0,
      mapping: options.config,
      model: `${model.id} ${model.version}`,
      referrals: dry.referrals,
      coverage: dry.coverage,
      unknownCodes: dry.unknownCodes,
      problems: dry.problems,
      allowed: dry.allowed,
      slowestQuery: dry.slowestQuery,
    };
    if (options.json) {
      io.out(JSON.stringify(report, null, 2));
      return report.valid ? 0 : 1;
    }
    io.out(`The mapping ${options.config} is valid for model ${report.model}: all ${model.features.length} features mapped, every table and column found.`);
    io.out(`Dry run on the ${dry.referrals.checked} most recent referrals (${dry.referrals.from} – ${dry.referrals.to}):`);
    io.out(`  ${'feature'.padEnd(30)} ${'found'.padStart(7)} ${'missing'.padStart(7)}  range`);
    for (const c of dry.coverage) {
      const unknown = c.unknownCode > 0 ? `  (${c.unknownCode} with an unknown code)` : '';
      io.out(`  ${c.feature.padEnd(30)} ${String(c.found).padStart(7)} ${String(c.missing).padStart(7)}  ${c.min === null ? '—' : `${c.min} – ${c.max}`}${unknown}`);
    }
    const complete = dry.coverage.filter((c) => c.missing === 0).length;
    io.out(`Coverage: ${complete} of ${dry.coverage.length} features have a value for every referral checked.`);
    for (const a of dry.allowed) io.out(`Allowed by the mapping: ${a.feature} is ${a.finding} ("${a.reason}").`);
    if (dry.unknownCodes.length > 0) {
      io.out('Codes in the data that no code list names:');
      for (const u of dry.unknownCodes) io.out(`  ${u.table}.${u.column}: ${JSON.stringify(u.code)} (${u.rows} rows)`);
    }
    io.out(`Slowest query: ${dry.slowestQuery.query} (${dry.slowestQuery.ms} ms).`);
    if (dry.problems.length > 0) {
      io.out(`The dry run found ${dry.problems.length} problem(s):`);
      for (const p of dry.problems) io.out(`  ${p.path}: ${p.problem}\n      fix: ${p.fix}`);
      return 1;
    }
    return 0;
  } finally {
    await db.destroy();
  }
}
