// A municipality's own Trivselslineal: range, direction, level names and areas in a JSON file
// (BESLUTNINGSSTOTTE_WELLBEING_RULER_FILE), checked where it enters; without one, the default 1–10 ruler.
//   { "min": 1, "max": 5, "higherIsBetter": false,
//     "levels": [{ "from": 1, "to": 1, "name": { "da": "i trivsel" } }, …], "areas": [{ "code": "SKOLE", "name": { "da": "Skole" } }] }
import { BeslutningsstotteError } from '../errors';
import { validateAgainst } from '../schema-validator';
import { DEFAULT_WELLBEING_RULER, WellbeingRulerConfigSchema, wellbeingRulerProblems, type WellbeingRulerConfig } from './instruments/wellbeing-ruler';
import { readJsonFile } from '../json-file';

export const WELLBEING_RULER_FILE_ENV = 'BESLUTNINGSSTOTTE_WELLBEING_RULER_FILE';

export function loadWellbeingRuler(file: string | undefined = process.env[WELLBEING_RULER_FILE_ENV]): WellbeingRulerConfig {
  if (file === undefined || file === '') return DEFAULT_WELLBEING_RULER;
  const parsed = readJsonFile(file, (detail, cause) => new BeslutningsstotteError('SERVER_CONFIG_INVALID', { source: file, detail: `Trivselslineal: ${detail}` }, { cause }));
  const checked = validateAgainst(WellbeingRulerConfigSchema, parsed);
  const problems = checked.ok ? wellbeingRulerProblems(checked.value) : checked.problems;
  if (!checked.ok || problems.length > 0) throw new BeslutningsstotteError('SERVER_CONFIG_INVALID', { source: file, detail: `Trivselslineal: ${problems.join('; ')}` });
  return { ...checked.value, areas: checked.value.areas ?? DEFAULT_WELLBEING_RULER.areas };
}
