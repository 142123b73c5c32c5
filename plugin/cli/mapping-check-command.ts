// `beslutningsstotte mapping check --config FILE`: validates a field mapping against the model and the live
// database (every problem with its path and a fix), then dry-runs it (adapters/extraction/mapping-dry-run): per
// feature, how many of the most recent referrals got a value, how many are missing, the value range, and the
// slowest query; dates it cannot read, keys that are not unique, codes no list names, and features constant or
// missing everywhere fail it. It measures how well each feature alone separates the children by a protected
// attribute (a near-copy is refused, a strong association needs a recorded justification) and dry-runs the
// follow-up report's part. Exit 0 when the mapping passes, 1 when it has problems; a refused mapping ends with
// its code (exit 2).
import { readDatabaseConfig, openDatabase } from '../../adapters/database-config';
import { FeatureExtractor } from '../../adapters/extraction/feature-extractor';
import { dryRunMapping, recentReferralIds } from '../../adapters/extraction/mapping-dry-run';
import { dryRunFollowUp, type FollowUpDryRun } from '../../adapters/follow-up/follow-up-dry-run';
import { readDatabaseCatalog } from '../../adapters/mapping/database-catalog';
import { allTablesOf, validateMappingOnDatabase } from '../../adapters/mapping/mapping-on-database';
import { mappingOrThrow, type MappingProblem } from '../../adapters/mapping/mapping-validator';
import { measureProxies, type ProxyReport } from '../../adapters/mapping/protected-content-check';
import { NEAR_COPY_SEPARATION, STRONG_SEPARATION } from '../../adapters/mapping/proxy-separation';
import { BeslutningsstotteError } from '../errors';
import { loadWellbeingRuler } from '../follow-up/wellbeing-ruler-file';
import type { CliIo } from './cli-io';
import { readJsonFile } from '../json-file';
import { modelFeatureRequirements } from '../scoring/model-feature-requirements';

/** The fewest recent referrals the proxy measurement reads (all of them when the database holds fewer). */
export const PROXY_SAMPLE = 1000;

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
    const features = model.features.map((f) => f.name);
    const catalog = await readDatabaseCatalog(db, allTablesOf(mapping), mapping.schema);
    const dry = await dryRunMapping(db, mapping, { recent: options.recent, features, catalog });

    // Proxies are measured on at least PROXY_SAMPLE referrals whatever --recent says, so that a short dry run
    // cannot leave a copy of a protected attribute unmeasured.
    const extractor = new FeatureExtractor(db, mapping);
    const proxySample = dry.extracted.length >= PROXY_SAMPLE ? dry.extracted : await extractor.extractBatch(await recentReferralIds(db, extractor, PROXY_SAMPLE));
    const proxies = await measureProxies(db, mapping, proxySample, features);
    refuseNearCopies(proxies, options.config);
    const proxyProblems: MappingProblem[] = proxies.measurements
      .filter((m) => m.verdict === 'strong' && m.justification === null)
      .map((m) => ({
        path: '$.proxyJustifications',
        problem: `the feature "${m.feature}" alone separates the children by ${m.attribute} with a separation of ${m.separation} (${m.inGroup} of ${m.children} children in the group "${m.group}"; a strong association from ${STRONG_SEPARATION}): it needs a recorded justification`,
        fix: `remove the feature, or record who decided it is legitimate, when and why: { "feature": "${m.feature}", "attribute": "${m.attribute}", "by": …, "on": "YYYY-MM-DD", "why": … }`,
      }));

    // The follow-up report's part: the children in care on the day of the newest referral, read as the report would.
    const followUp = mapping.followUp
      ? await dryRunFollowUp(db, mapping, (dry.referrals.to ?? new Date().toISOString()).slice(0, 10), loadWellbeingRuler(process.env.BESLUTNINGSSTOTTE_WELLBEING_RULER_FILE), options.recent)
      : null;

    const problems = [...dry.problems, ...proxyProblems];
    const report = {
      valid: problems.length === 0,
      mapping: options.config,
      model: `${model.id} ${model.version}`,
      referrals: dry.referrals,
      coverage: dry.coverage,
      unknownCodes: dry.unknownCodes,
      problems,
      allowed: dry.allowed,
      slowestQuery: dry.slowestQuery,
      followUp,
      proxies: { nearCopyAt: NEAR_COPY_SEPARATION, strongAt: STRONG_SEPARATION, ...proxies },
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
    if (followUp === null) io.out('The mapping has no followUp part: the follow-up report is not offered (adapters/README.md shows how to add it).');
    else for (const line of followUpLines(followUp)) io.out(line);
    printProxies(proxies, io);
    if (problems.length > 0) {
      io.out(`The dry run found ${problems.length} problem(s):`);
      for (const p of problems) io.out(`  ${p.path}: ${p.problem}\n      fix: ${p.fix}`);
      return 1;
    }
    return 0;
  } finally {
    await db.destroy();
  }
}

/** The follow-up dry run in words; every line a caseworker's data problem would show up on names what to check. */
export function followUpLines(d: FollowUpDryRun): string[] {
  const list = (xs: readonly string[]) => xs.map((x) => `"${x}"`).join(', ');
  const lines = [
    `Follow-up report: ${d.childrenInCare} children in care on ${d.day}; read ${d.childrenRead} (slowest ${d.slowestReadMs} ms).`,
    `  Trivselslineal ratings: ${d.ratings} for ${d.withRatings} children.`,
    `  Measures started: ${d.measureChanges} (Barnets Lov ${d.measuresByLaw.BL}, Serviceloven ${d.measuresByLaw.SEL}, neither ${d.measuresByLaw.none}).`,
    `  School absence: ${d.withAbsence === null ? 'not mapped (the report says the host holds none)' : `for ${d.withAbsence} children`}.`,
    `  Case number: ${d.withCaseNumber === null ? 'not mapped (the PDF prints none)' : `for ${d.withCaseNumber} children`}.`,
  ];
  if (d.aged18OrOver > 0) lines.push(`  warning: ${d.aged18OrOver} children in care are 18 or over: check placements.end (an ended placement must have its end date).`);
  if (d.ratingAreasUnknown.length > 0) lines.push(`  warning: ratings with areas the ruler does not know: ${list(d.ratingAreasUnknown)}; fix: map them under followUp.wellbeingRatings.areas.`);
  if (d.ratingValuesOutsideRuler > 0) lines.push(`  warning: ${d.ratingValuesOutsideRuler} ratings lie outside the ruler's range; the report shows them as invalid. Check the ruler configuration and followUp.wellbeingRatings.value.`);
  if (d.measureCodesWithoutLaw.length > 0) lines.push(`  warning: measures under no known law: ${list(d.measureCodesWithoutLaw)}; fix: add their codes to followUp.measures.laws' code lists, or the values of followUp.measures.law.column to its code lists (barnetsLov, serviceloven).`);
  if (d.placeKindsUnknown.length > 0) lines.push(`  warning: places of care the report cannot name: ${list(d.placeKindsUnknown)}; fix: map them under followUp.placements.siteKinds.`);
  if (d.absenceOutsideRange > 0) lines.push(`  warning: ${d.absenceOutsideRange} absence values lie outside 0–100 %; check followUp.schoolAbsence.percent.`);
  return lines;
}

/** A feature that is a near-copy of a protected attribute ends the check with its figure. */
function refuseNearCopies(proxies: ProxyReport, file: string): void {
  const copies = proxies.measurements.filter((m) => m.verdict === 'near-copy');
  if (copies.length === 0) return;
  const detail = copies
    .map((m) => `the feature "${m.feature}" alone separates the children by ${m.attribute} with a separation (AUC) of ${m.separation}, at or above the near-copy line ${NEAR_COPY_SEPARATION} (${m.children} children)`)
    .join('; ');
  throw new BeslutningsstotteError('MAPPING_PROXY_ATTRIBUTE', { file, detail });
}

function printProxies(proxies: ProxyReport, io: CliIo): void {
  io.out(`Proxies: how well each feature alone separates the ${proxies.children} children by a protected attribute (AUC; 0.5 none, 1 a copy; strong from ${STRONG_SEPARATION}, refused from ${NEAR_COPY_SEPARATION}):`);
  const strongestPerAttribute = new Map<string, ProxyReport['measurements'][number]>();
  for (const m of proxies.measurements) {
    const best = strongestPerAttribute.get(m.attribute);
    if (!best || m.separation > best.separation) strongestPerAttribute.set(m.attribute, m);
  }
  for (const [attribute, m] of strongestPerAttribute) io.out(`  ${attribute}: strongest ${m.feature} ${m.separation}`);
  for (const m of proxies.measurements.filter((x) => x.justification)) {
    io.out(`  ${m.feature} × ${m.attribute} ${m.separation}: justified by ${m.justification!.by} on ${m.justification!.on}: ${m.justification!.why}`);
  }
  for (const u of proxies.unmeasured) io.out(`  ${u.attribute}: not measured (${u.reason})`);
}
