// The field-mapping format: how a municipality's case-system tables become model features. One TypeBox schema
// gives the JSON Schema published for editors (adapters/mapping.schema.json) and the static type the rest of
// the adapters trust once ./mapping-validator has accepted a file. adapters/README.md explains every part.
import { Type, type Static } from '@sinclair/typebox';

/** A plain SQL identifier: what may reach SQL as a (quoted) table or column name. Anything else is refused. */
export const IDENTIFIER_PATTERN = '^[A-Za-z_][A-Za-z0-9_]{0,127}$';
/** A column of the source table ("kilde_kode") or of a joined table ("person.foedselsdato"). */
export const COLUMN_REF_PATTERN = '^[A-Za-z_][A-Za-z0-9_]{0,127}(\\.[A-Za-z_][A-Za-z0-9_]{0,127})?$';

const Identifier = (description: string) => Type.String({ pattern: IDENTIFIER_PATTERN, description });
const ColumnRef = (description: string) => Type.String({ pattern: COLUMN_REF_PATTERN, description });

const DateColumn = (description: string) =>
  Type.Object(
    {
      column: ColumnRef('The column that holds the date or instant.'),
      type: Type.Union([Type.Literal('date'), Type.Literal('datetime')], {
        description:
          'date: a calendar day; a record of the referral\'s own day does not count, as it cannot be shown to precede the referral. datetime: an instant; it counts when it lies before the referral\'s received time.',
      }),
    },
    { additionalProperties: false, description },
  );

const TableLabel = Type.Object(
  {
    da: Type.String({ minLength: 1, maxLength: 80, description: 'In Danish, e.g. "Adressehistorik (CPR)".' }),
    en: Type.String({ minLength: 1, maxLength: 80, description: 'In English, e.g. "Address history (CPR)".' }),
  },
  {
    additionalProperties: false,
    description:
      'What the panel\'s data overview calls this table, in words a caseworker or a family reads, instead of the table name. Omitted: the table name is shown.',
  },
);

const CodeValue = Type.Union([Type.String(), Type.Number(), Type.Boolean()]);

const Filter = Type.Object(
  {
    column: ColumnRef('The column the filter tests.'),
    inList: Type.Optional(Type.String({ description: 'Keep rows whose value is one of the codes of this code list (see codeLists).' })),
    in: Type.Optional(Type.Array(CodeValue, { minItems: 1, description: 'Keep rows whose value is one of these.' })),
    equals: Type.Optional(CodeValue),
    notEquals: Type.Optional(CodeValue),
    isNull: Type.Optional(Type.Boolean({ description: 'true: keep rows where the column is empty; false: where it is not.' })),
  },
  { additionalProperties: false, description: 'Give exactly one test: inList, in, equals, notEquals or isNull.' },
);

const Source = Type.Object(
  {
    table: Identifier('The table that holds the records (one record per row).'),
    label: Type.Optional(TableLabel),
    id: Identifier('Its primary key column: shown in the provenance, and used to tell records apart.'),
    key: ColumnRef(
      'The column that ties a record to the subject: the referral id (subject "referral"), the child id ("child", "siblings") or the family id ("family"). May be a column of a joined table ("sag.barn_id").',
    ),
    date: Type.Optional(DateColumn('When the record happened. Only records dated before the referral count.')),
    end: Type.Optional(DateColumn('When the record stopped (for window "activeAtReferral"); empty means still running.')),
  },
  { additionalProperties: false },
);

const Join = Type.Object(
  {
    table: Identifier('The table to join.'),
    on: Type.Object(
      {
        from: ColumnRef('A column of the source table, or of a table joined before this one.'),
        to: Identifier('The matching column of the joined table.'),
      },
      { additionalProperties: false },
    ),
    kind: Type.Optional(Type.Union([Type.Literal('inner'), Type.Literal('left')], { default: 'inner' })),
  },
  { additionalProperties: false, description: 'A many-to-one lookup: each record finds at most one row here.' },
);

const Window = Type.Union(
  [
    Type.Object(
      {
        fromDays: Type.Optional(
          Type.Integer({ description: 'First day counted, relative to the referral date: -365 is the last year. Omitted: all history.' }),
        ),
        toDays: Type.Optional(
          Type.Integer({ description: 'Records must be dated before this day, relative to the referral date; 0 (the default) or less, never after.' }),
        ),
      },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        activeAtReferral: Type.Literal(true, {
          description: 'Records that started before the referral date and had not ended by it (needs source.end).',
        }),
      },
      { additionalProperties: false },
    ),
  ],
  { description: 'Which records count, relative to the referral. Never after it.' },
);

const Rounding = {
  decimals: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: 6,
      description:
        'Cut the age to this many decimals, never rounding up (5 years and 364 days is 5.99, not 6.00). Ages are calendar ages and are never capped: a value outside the model\'s range is a stated problem, not a fixed one.',
    }),
  ),
};

const Aggregate = Type.Union(
  [
    Type.Object({ fn: Type.Literal('count', { description: 'How many records count.' }) }, { additionalProperties: false }),
    Type.Object({ fn: Type.Literal('exists', { description: '1 when at least one record counts, else 0.' }) }, { additionalProperties: false }),
    Type.Object(
      {
        fn: Type.Literal('latest', { description: 'A value of the latest record that counts (by date, then id).' }),
        value: Type.Union([
          ColumnRef('The column whose value is taken.'),
          Type.Object(
            {
              countOf: Type.Object(
                {
                  table: Identifier('A detail table with many rows per record (e.g. an assessment\'s dimension ratings).'),
                  on: Identifier('Its column that holds the record\'s id.'),
                  filters: Type.Optional(Type.Array(Filter)),
                },
                { additionalProperties: false },
              ),
            },
            { additionalProperties: false, description: 'The number of detail rows of the latest record that pass the filters.' },
          ),
        ]),
      },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        fn: Type.Literal('age-at-referral', {
          description:
            'The child\'s calendar age in years on the referral date (from child.birth): n from the nth birthday on. A child 18 or older on that date is never scored.',
        }),
        ...Rounding,
        unbornValue: Type.Number({ description: 'The value when the child was not yet born on the referral date.' }),
      },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        fn: Type.Literal('unborn', {
          description:
            '1 when the child was not yet born on the referral date (a birth after it, or no birth yet and child.unbornMarker or child.expectedBirth says so), else 0.',
        }),
      },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        fn: Type.Literal('age-at-child-birth', {
          description:
            'Calendar age in years, at the child\'s birth, of the person whose birth date `value` holds (e.g. a parent). For a referral before the birth: at the expected date of birth (child.expectedBirth).',
        }),
        value: ColumnRef('The column with the person\'s birth date (or CPR number, with format "cpr").'),
        format: Type.Union([Type.Literal('date'), Type.Literal('cpr')]),
        pick: Type.Union([Type.Literal('youngest'), Type.Literal('oldest')], { description: 'Which person when several records count.' }),
        ...Rounding,
      },
      { additionalProperties: false },
    ),
  ],
  { description: 'How the records that count become one number.' },
);

const FeatureMapping = Type.Object(
  {
    description: Type.Optional(Type.String()),
    subject: Type.Optional(
      Type.Union([Type.Literal('referral'), Type.Literal('child'), Type.Literal('siblings'), Type.Literal('family')], {
        description:
          'Whose records: the referral itself, the referred child, the other children of the child\'s family (siblings), or the family (household) as a whole. Not used by age-at-referral and unborn.',
      }),
    ),
    source: Type.Optional(Source),
    joins: Type.Optional(Type.Array(Join)),
    filters: Type.Optional(Type.Array(Filter, { description: 'All must hold for a record to count.' })),
    window: Type.Optional(Window),
    aggregate: Aggregate,
    default: Type.Optional(
      Type.Number({ description: 'The value when no record counts (for latest and age-at-child-birth); without it the feature is missing.' }),
    ),
  },
  { additionalProperties: false },
);

export const MappingSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    formatVersion: Type.Literal(1),
    name: Type.String({ minLength: 1, description: 'What host system and schema version this mapping is for.' }),
    description: Type.Optional(Type.String()),
    schema: Type.Optional(
      Identifier(
        'SQL Server: the schema that holds every table the mapping names (e.g. "dubu"). Omitted: dbo. Leave it out on SQLite.',
      ),
    ),
    referral: Type.Object(
      {
        table: Identifier('The table of referrals (underretninger).'),
        id: Identifier('Its primary key: the referral id the plugin is asked about.'),
        child: Identifier('Its column with the child\'s id.'),
        receivedAt: DateColumn('When the referral was received: the point in time every feature is computed as of.'),
      },
      { additionalProperties: false },
    ),
    child: Type.Object(
      {
        table: Identifier('The table of children.'),
        label: Type.Optional(TableLabel),
        id: Identifier('Its primary key (the child id the referral points at).'),
        family: Identifier('Its column with the family (household) id; children with the same value are siblings.'),
        birth: Type.Object(
          {
            column: Identifier('The child\'s birth date, or the CPR number (format "cpr"): used for age alone.'),
            format: Type.Union([Type.Literal('date'), Type.Literal('cpr')]),
          },
          {
            additionalProperties: false,
            description:
              'Empty, or a CPR number without a readable birth date (a replacement number, erstatningsnummer), on a child the host does not mark as unborn: the age is unknown, and no score is given.',
          },
        ),
        expectedBirth: Type.Optional(
          Type.Object(
            { column: Identifier('A date column of the child table: the expected date of birth (terminsdato) of a child not yet born.') },
            {
              additionalProperties: false,
              description:
                'How the host records an unborn child: a child with no birth date whose expected date of birth lies after the referral date (or at most 14 days before it) was unborn then. The parent\'s age is taken at this date for a referral before the birth.',
            },
          ),
        ),
        unbornMarker: Type.Optional(
          Type.Object(
            {
              column: Identifier('A column of the child table that marks a child not yet born.'),
              equals: Type.Union([Type.String(), Type.Number(), Type.Boolean()], { description: 'The value that means "unborn".' }),
            },
            {
              additionalProperties: false,
              description:
                'An explicit marker the host sets on a child not yet born. A child so marked and with no birth date was unborn on the referral date; a recorded birth date always decides over the marker.',
            },
          ),
        ),
      },
      { additionalProperties: false, description: 'The age construct: whose child, its family, and how its age on the referral date is known.' },
    ),
    codeLists: Type.Optional(
      Type.Record(
        Type.String({ pattern: '^[a-z][a-z0-9_]*$' }),
        Type.Object(
          {
            description: Type.Optional(Type.String()),
            codes: Type.Array(CodeValue, { minItems: 1 }),
          },
          { additionalProperties: false },
        ),
        { description: 'Named sets of host code values, e.g. the source codes that count as "school", or both laws\' § codes of a placement.' },
      ),
    ),
    features: Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]*$' }), FeatureMapping, {
      description: 'One entry per model feature, by the feature\'s name in model.json.',
    }),
  },
  { additionalProperties: false, $id: 'https://beslutningsstotte.dk/schemas/field-mapping.schema.json', title: 'Beslutningsstøtte field mapping' },
);

export type FieldMapping = Static<typeof MappingSchema>;
export type FeatureMappingSpec = Static<typeof FeatureMapping>;
export type FilterSpec = Static<typeof Filter>;
export type JoinSpec = Static<typeof Join>;
export type SourceSpec = Static<typeof Source>;
export type TableLabelSpec = Static<typeof TableLabel>;
export type AggregateSpec = Static<typeof Aggregate>;
export type WindowSpec = Static<typeof Window>;
export type DateColumnSpec = Static<ReturnType<typeof DateColumn>>;
export type Subject = NonNullable<FeatureMappingSpec['subject']>;
