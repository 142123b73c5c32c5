// The model package contract (model.json) as one TypeBox schema: it yields both the JSON Schema that the
// loader enforces (and that models/model-package.schema.json publishes for editors) and the static type.
import { Type, type Static } from '@sinclair/typebox';

const LocalizedText = Type.Object(
  { da: Type.String({ minLength: 1 }), en: Type.String({ minLength: 1 }) },
  { additionalProperties: false, description: 'Text in Danish (shown by default) and English.' },
);

const Sha256 = Type.String({ pattern: '^[0-9a-f]{64}$', description: 'Lower-case hex sha256.' });

export const FEATURE_KINDS = ['count', 'binary', 'category', 'continuous'] as const;

const FeatureSpec = Type.Object(
  {
    name: Type.String({ pattern: '^[a-z][a-z0-9_]*$', maxLength: 64, description: 'Stable feature name.' }),
    label: LocalizedText,
    kind: Type.Union(
      FEATURE_KINDS.map((k) => Type.Literal(k)),
      {
        description:
          'count: a non-negative whole number; binary: 0 or 1; category: one 0/1 column of a one-hot group; continuous: any number in range.',
      },
    ),
    group: Type.Optional(
      Type.String({ description: 'For kind "category": the one-hot group this column belongs to.' }),
    ),
    unit: Type.Optional(LocalizedText),
    range: Type.Object(
      { min: Type.Number(), max: Type.Number() },
      { additionalProperties: false, description: 'Plausible range; a value outside it is refused.' },
    ),
    referenceValue: Type.Number({
      description: 'The value explanations are measured from (for linear models the mean in the reference population).',
    }),
    levels: Type.Optional(
      Type.Array(
        Type.Object({ value: Type.Number(), label: LocalizedText }, { additionalProperties: false }),
        {
          minItems: 2,
          description:
            'An ordered category stored as a number (e.g. a severity 1–3): each value with the words people read ("alvorlig bekymring"), ascending. The panel shows the words, never the number.',
        },
      ),
    ),
  },
  { additionalProperties: false },
);

const OnnxContract = Type.Object(
  {
    file: Type.Literal('model.onnx'),
    sha256: Sha256,
    inputName: Type.String({ minLength: 1 }),
    probabilityOutput: Type.String({
      minLength: 1,
      description: 'The graph output that holds class probabilities: a float tensor [N, classes] or a ZipMap.',
    }),
    probabilityFormat: Type.Union([Type.Literal('tensor'), Type.Literal('zipmap')]),
    positiveClass: Type.Union([Type.String(), Type.Integer()], {
      description: 'The class label whose probability is the risk (e.g. 1, or "placed").',
    }),
  },
  { additionalProperties: false },
);

const Explanation = Type.Object(
  {
    method: Type.Union([Type.Literal('linear'), Type.Literal('tree'), Type.Literal('none')]),
    additiveSpace: Type.Union([Type.Literal('log-odds'), Type.Literal('probability')], {
      description: 'The space in which contributions plus the base value reproduce the model output.',
    }),
    covers: Type.Optional(
      Type.Array(Type.Array(Type.Number({ minimum: 0 })), {
        description: 'Tree method: per tree, the training cover of each node, indexed by the ONNX node id.',
      }),
    ),
    referenceSample: Type.Optional(
      Type.String({
        description:
          'Tree method without covers: a JSON file in the package with reference rows; covers are estimated by passing them through the trees.',
      }),
    ),
    unavailableReason: Type.Optional(LocalizedText),
  },
  { additionalProperties: false },
);

const OutcomeByScore = Type.Object(
  {
    score: Type.Integer({ minimum: 1, maximum: 10 }),
    children: Type.Integer({ minimum: 1, description: 'Referrals of this band with this score in the evaluation data.' }),
    placed: Type.Integer({ minimum: 0, description: 'Of those, how many were placed outside the home within 12 months.' }),
    meanPredicted: Type.Number({ minimum: 0, maximum: 1, description: 'Their mean predicted probability (for the calibration table).' }),
  },
  { additionalProperties: false },
);

const AgeBand = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9-]+$' }),
    label: LocalizedText,
    unborn: Type.Optional(Type.Boolean({ description: 'The band for referrals made before the child was born.' })),
    minAgeYears: Type.Optional(Type.Number({ minimum: 0, description: 'Inclusive lower age, in years.' })),
    maxAgeYears: Type.Optional(Type.Number({ minimum: 0, description: 'Exclusive upper age, in years.' })),
    cutPoints: Type.Array(Type.Number({ minimum: 0, maximum: 1 }), {
      minItems: 9,
      maxItems: 9,
      description: 'The 9 deciles of predicted probability among referred children of this band, ascending.',
    }),
    outcomesByScore: Type.Optional(
      Type.Array(OutcomeByScore, {
        minItems: 10,
        maxItems: 10,
        description:
          'The absolute figures beside a score: for scores 1 to 10 in order, how many referred children of this band had the score in the evaluation data and how many of them were placed within 12 months. Shown as "of 100 children with this score, N were placed": what happened in the reference population, never a probability for one child.',
      }),
    ),
  },
  { additionalProperties: false },
);

const ScoreScale = Type.Object(
  {
    ageFeature: Type.Optional(Type.String({ description: 'Feature holding the age in years at referral.' })),
    unbornFeature: Type.Optional(Type.String({ description: 'Binary feature that is 1 for an unborn child.' })),
    bands: Type.Array(AgeBand, { minItems: 1 }),
  },
  { additionalProperties: false },
);

const CalibrationRow = Type.Object(
  {
    decile: Type.Integer({ minimum: 1, maximum: 10 }),
    n: Type.Integer({ minimum: 0 }),
    meanPredicted: Type.Number(),
    observedRate: Type.Number(),
  },
  { additionalProperties: false },
);

const GroupMetric = Type.Object(
  {
    group: Type.String(),
    n: Type.Integer({ minimum: 0 }),
    observedRate: Type.Number(),
    meanPredicted: Type.Number(),
    auc: Type.Union([Type.Number(), Type.Null()]),
    shareInScore10: Type.Optional(Type.Number()),
    placedRateInScore10: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
  },
  { additionalProperties: false },
);

const ModelCard = Type.Object(
  {
    syntheticDataWarning: Type.Optional(LocalizedText),
    intendedUse: LocalizedText,
    intendedUsers: LocalizedText,
    outOfScope: LocalizedText,
    outcome: LocalizedText,
    trainingData: LocalizedText,
    evaluationData: LocalizedText,
    metrics: Type.Object(
      {
        evaluatedOn: Type.String(),
        auc: Type.Number(),
        baseRate: Type.Number(),
        calibrationByDecile: Type.Array(CalibrationRow),
      },
      { additionalProperties: false },
    ),
    fairness: Type.Object(
      {
        note: LocalizedText,
        byAgeBand: Type.Array(GroupMetric),
        bySex: Type.Array(GroupMetric),
      },
      { additionalProperties: false },
    ),
    limitations: LocalizedText,
    contact: Type.String(),
  },
  { additionalProperties: false },
);

export const ModelPackageSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    schemaVersion: Type.Literal(1),
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 80 }),
    name: LocalizedText,
    version: Type.String({ pattern: '^\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?$', description: 'Semantic version.' }),
    createdAt: Type.String({ format: 'date' }),
    onnx: OnnxContract,
    features: Type.Array(FeatureSpec, { minItems: 1 }),
    explanation: Explanation,
    scoreScale: ScoreScale,
    modelCard: ModelCard,
  },
  {
    additionalProperties: false,
    $id: 'https://beslutningsstotte.dk/schemas/model-package.schema.json',
    title: 'Beslutningsstøtte model package (model.json)',
  },
);

export type ModelPackageManifest = Static<typeof ModelPackageSchema>;
export type FeatureSpec = Static<typeof FeatureSpec>;
export type FeatureKind = (typeof FEATURE_KINDS)[number];
export type AgeBandSpec = Static<typeof AgeBand>;
export type ModelCardSpec = Static<typeof ModelCard>;
export type LocalizedTextSpec = Static<typeof LocalizedText>;
export type ExplanationSpec = Static<typeof Explanation>;
export type OutcomeByScoreSpec = Static<typeof OutcomeByScore>;
