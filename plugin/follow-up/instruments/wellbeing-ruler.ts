// The Trivselslineal (wellbeing ruler): one whole number per area per date, on a scale whose range,
// direction and level names are a municipality's configuration (KL, "Trivselslinealen"; Morsø uses 1–5 from
// "in wellbeing" to "threatened wellbeing"). Default: 1–10, higher is better. The ruler defines no reliable
// change index, so a change on it is reported as a change, never as "reliable". Pure.
import { Type, type Static } from '@sinclair/typebox';

export const WellbeingRulerConfigSchema = Type.Object(
  {
    min: Type.Integer({ default: 1 }),
    max: Type.Integer({ default: 10 }),
    higherIsBetter: Type.Boolean({ default: true, description: 'false for rulers where 1 is the best wellbeing.' }),
    levels: Type.Optional(
      Type.Array(
        Type.Object({ from: Type.Integer(), to: Type.Integer(), name: Type.Object({ da: Type.String(), en: Type.Optional(Type.String()) }) }, { additionalProperties: false }),
        { description: 'Names of levels (ranges of values), e.g. "truet trivsel".' },
      ),
    ),
    areas: Type.Optional(
      Type.Array(Type.Object({ code: Type.String({ pattern: '^[A-Z0-9_]{1,40}$' }), name: Type.Object({ da: Type.String(), en: Type.Optional(Type.String()) }) }, { additionalProperties: false })),
    ),
  },
  { additionalProperties: false },
);
export type WellbeingRulerConfig = Static<typeof WellbeingRulerConfigSchema>;

/** The five statutory areas of the child assessment (the host's omraade_kode values). */
export const DEFAULT_WELLBEING_AREAS = [
  { code: 'UDVIKLING_ADFAERD', name: { da: 'Udvikling og adfærd', en: 'Development and behaviour' } },
  { code: 'FAMILIE', name: { da: 'Familieforhold', en: 'Family' } },
  { code: 'SKOLE', name: { da: 'Skoleforhold', en: 'School' } },
  { code: 'SUNDHED', name: { da: 'Sundhedsforhold', en: 'Health' } },
  { code: 'FRITID_VENSKABER', name: { da: 'Fritid og venskaber', en: 'Leisure and friendships' } },
];

export const DEFAULT_WELLBEING_RULER: WellbeingRulerConfig = { min: 1, max: 10, higherIsBetter: true, areas: DEFAULT_WELLBEING_AREAS };

/** Checks a configuration beyond its schema: a range, and levels that lie inside it. */
export function wellbeingRulerProblems(config: WellbeingRulerConfig): string[] {
  const problems: string[] = [];
  if (config.max <= config.min) problems.push('max must be greater than min');
  for (const [i, level] of (config.levels ?? []).entries()) {
    if (level.from > level.to || level.from < config.min || level.to > config.max) problems.push(`levels/${i}: must lie within ${config.min}–${config.max}`);
  }
  return problems;
}

export function isWellbeingRating(config: WellbeingRulerConfig, v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= config.min && v <= config.max;
}

/** The level name of a value, if the configuration names levels. */
export function wellbeingLevelName(config: WellbeingRulerConfig, value: number, lang: 'da' | 'en'): string | null {
  const level = (config.levels ?? []).find((l) => value >= l.from && value <= l.to);
  return level ? (lang === 'en' ? level.name.en ?? level.name.da : level.name.da) : null;
}
