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
      format: Type.Optional(DateTextFormat),
    },
    { additionalProperties: false, description },
  );

// ---- Additions for issue 12 (point in time, unknown codes, silent wrongs): kept together here. ----

/**
 * How a date stored as text is written, when it is not ISO (YYYY-MM-DD, optionally followed by a time). Only a
 * record's own date and end (source.date, source.end) may use another format; the referral's received time
 * must be ISO or a real date column, as it orders the referrals in the database.
 */
export const DATE_TEXT_FORMATS = ['iso', 'DD-MM-YYYY', 'DD.MM.YYYY', 'DD/MM/YYYY', 'YYYYMMDD'] as const;
const DateTextFormat = Type.Union(
  DATE_TEXT_FORMATS.map((f) => Type.Literal(f)),
  { description: 'How the column writes dates when it holds text: iso (the default: YYYY-MM-DD, optionally with a time), DD-MM-YYYY, DD.MM.YYYY, DD/MM/YYYY or YYYYMMDD. Only for source.date and source.end.' },
);

/** A reason, in words, for something the checks would otherwise refuse (kept in the mapping for review). */
const Reason = (description: string) => Type.String({ minLength: 3, maxLength: 300, description });

const ColumnList = Type.Array(Type.String({ pattern: IDENTIFIER_PATTERN }), { minItems: 1, uniqueItems: true });

const ChangingColumns = Type.Record(Type.String({ pattern: IDENTIFIER_PATTERN }), ColumnList, {
  description:
    'Per table, the columns whose content can change after the row was made: an end or closing date, a status, a decision, a case id written onto the row later. They may be read only as a record\'s date (source.date) or as the end of an activeAtReferral window (source.end), which bound them by the referral time; never by a filter, a value, a key or a join. A column any feature uses as source.end counts as changing without being listed.',
});

const FixedColumns = Type.Record(Type.String({ pattern: IDENTIFIER_PATTERN }), ColumnList, {
  description:
    'Per table, columns written when the row is made and never changed afterwards, which a filter may test for emptiness (isNull). An isNull test on any other column is refused: emptiness is how "not yet ended" or "not yet decided" looks.',
});

/** What people read for one host code (issue 15): the municipality's own words, shown in the panel instead of a model category. */
const CodeLabel = Type.Object(
  {
    da: Type.String({ minLength: 1, maxLength: 80, description: 'In Danish, e.g. "Kommunens egen forvaltning".' }),
    en: Type.Optional(Type.String({ minLength: 1, maxLength: 80, description: 'In English, e.g. "The municipality\'s own administration". Omitted: the Danish label is shown in English too.' })),
  },
  { additionalProperties: false },
);

const CodeLabels = Type.Record(Type.String({ minLength: 1, maxLength: 100 }), CodeLabel, {
  description:
    'Per code of this list (written as the code, e.g. "PPR" or "3"), the words the panel, the family letter and the JSON API show for it instead of the model\'s category (e.g. "Pædagogisk Psykologisk Rådgivning" where the model only knows "school", or "Kommunens egen forvaltning" where it only knows "another source"). A code without a label is shown by the model\'s category.',
});

const OtherCodes = Type.Array(
  Type.Object(
    {
      table: Type.String({ pattern: IDENTIFIER_PATTERN, description: 'The table (or view) that holds the coded column.' }),
      column: Type.String({ pattern: IDENTIFIER_PATTERN, description: 'The coded column, as filters test it.' }),
      description: Type.Optional(Type.String()),
      codes: Type.Optional(Type.Array(Type.Union([Type.String(), Type.Number()]), { minItems: 1, description: 'Codes the column holds that no feature counts (e.g. the sources the model calls "another source").' })),
      anyOther: Type.Optional(Reason('Instead of codes: why any code outside the lists may be passed over without a word (e.g. the other sides of the ICS triangle, which are never read).')),
      labels: Type.Optional(CodeLabels),
    },
    { additionalProperties: false },
  ),
  {
    description:
      'Codes a coded column holds besides those its filters test. A code that is neither in a list the column is tested with nor here is an unknown code: the feature is not computed (never silently "none of these") and `mapping check` lists it.',
  },
);

/** What the dry run of `mapping check` may find for a feature without failing, with the reason. */
const DryRunAllowances = {
  mayBeConstant: Type.Optional(Reason('Why this feature may have one value for every referral of the dry run (e.g. "unborn referrals are rare"). Without it, a constant feature fails the check.')),
  mayBeMissing: Type.Optional(Reason('Why this feature may have no value for any referral of the dry run. Without it, a feature missing everywhere fails the check.')),
};

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
    isNull: Type.Optional(Type.Boolean({ description: 'true: keep rows where the column is empty; false: where it is not. Only on a column listed in fixedColumns.' })),
    lessThan: Type.Optional(Type.Number({ description: 'Keep rows whose number is below this.' })),
    atMost: Type.Optional(Type.Number({ description: 'Keep rows whose number is this or below.' })),
    greaterThan: Type.Optional(Type.Number({ description: 'Keep rows whose number is above this.' })),
    atLeast: Type.Optional(Type.Number({ description: 'Keep rows whose number is this or above.' })),
  },
  {
    additionalProperties: false,
    description:
      'Give exactly one test: inList, in, equals, notEquals, isNull, lessThan, atMost, greaterThan or atLeast. A number in equals / notEquals compares as a number (1 equals 1.0); text compares exactly.',
  },
);

/** The filter tests, in the order the validator names them. */
export const FILTER_TESTS = ['inList', 'in', 'equals', 'notEquals', 'isNull', 'lessThan', 'atMost', 'greaterThan', 'atLeast'] as const;

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
          Type.Object(
            { test: Filter },
            { additionalProperties: false, description: '1 when the latest record\'s column passes the test (e.g. { "column": "antal_voksne", "equals": 1 }), else 0; empty gives the default or missing.' },
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
    ...DryRunAllowances,
  },
  { additionalProperties: false },
);

// ---- The follow-up report's part (followUp): what the Trivselslineale follow-up report reads from the host. ----
// Referrals come from `referral` above and the child's birth from `child.birth`; this part adds the rest. Kept
// in its own block; adapters/follow-up reads it, ./mapping-validator checks it, adapters/README.md explains it.

const CodeTranslation = (description: string) =>
  Type.Record(Type.String({ pattern: '^[A-Z0-9_]{1,40}$' }), Type.String({ pattern: '^[a-z][a-z0-9_]*$' }), { description });

const FollowUpMapping = Type.Object(
  {
    municipality: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'The municipality\'s name as the PDF report prints it, e.g. "Aarhus Kommune".' })),
    child: Type.Object(
      {
        firstName: Type.Optional(ColumnRef('Column of child.table with the first name(s), shown to the caseworker in the report.')),
        lastName: ColumnRef('Column of child.table with the last name.'),
      },
      { additionalProperties: false, description: 'The child\'s name, from the table of children (child.table); the birth date comes from child.birth.' },
    ),
    placements: Type.Object(
      {
        table: Identifier('The table of placements (anbringelser), one row per placement.'),
        id: Identifier('Its primary key.'),
        child: Identifier('Its column with the child\'s id.'),
        start: DateColumn('When the placement began. The children in care are those with a placement running today.'),
        end: DateColumn('When it ended; empty while it runs.'),
        site: Identifier('Its column with the kind of place (foster family, institution, …).'),
        siteKinds: Type.Optional(
          CodeTranslation(
            'Which code list holds your codes for each kind of place the report names: PLEJEFAMILIE, NETVAERKSPLEJE, DOEGNINSTITUTION, OPHOLDSSTED, EGET_VAERELSE. Omitted: your codes are those names.',
          ),
        ),
      },
      { additionalProperties: false },
    ),
    wellbeingRatings: Type.Optional(
      Type.Object(
        {
          table: Identifier('The table of Trivselslineal ratings the host holds, one row per area and date.'),
          id: Identifier('Its primary key.'),
          child: Identifier('Its column with the child\'s id.'),
          date: DateColumn('When the rating was made.'),
          area: Identifier('Its column with the area rated.'),
          value: Identifier('Its column with the value (a whole number on the municipality\'s ruler).'),
          areas: Type.Optional(
            CodeTranslation(
              'Which code list holds your codes for each area of the ruler (by the ruler\'s area codes, e.g. SKOLE). Omitted: your codes are the ruler\'s area codes.',
            ),
          ),
        },
        { additionalProperties: false, description: 'Omitted: the host holds no Trivselslineal ratings; those entered in the plugin are shown.' },
      ),
    ),
    measures: Type.Object(
      {
        table: Identifier('The table of measures (foranstaltninger / støttende indsatser), one row per decision.'),
        id: Identifier('Its primary key.'),
        child: ColumnRef('The column with the child\'s id; may be a column of a joined table ("sag.barn_id").'),
        joins: Type.Optional(Type.Array(Join, { description: 'Lookups that reach the child (e.g. the case a measure belongs to).' })),
        code: ColumnRef('The column with the measure\'s § code.'),
        start: DateColumn('When the measure began.'),
        end: DateColumn('When it ended; empty while it runs.'),
        laws: Type.Optional(
          Type.Object(
            {
              barnetsLov: Type.String({ pattern: '^[a-z][a-z0-9_]*$', description: 'The code list of measures granted under Barnets Lov (from 1 January 2024): named "støttende indsatser".' }),
              serviceloven: Type.String({ pattern: '^[a-z][a-z0-9_]*$', description: 'The code list of measures granted under Serviceloven (before 2024): named "foranstaltninger".' }),
            },
            { additionalProperties: false, description: 'Which law each § code belongs to; the report words each measure by its law. Used when law.column is not mapped; a code in neither list is a measure under an unknown law.' },
          ),
        ),
        law: Type.Optional(
          Type.Object(
            {
              column: Type.Optional(ColumnRef('The column where each measure records the law it was granted under (of the measures table or a joined table), e.g. "lov".')),
              barnetsLov: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_]*$', description: 'With column: the code list of the column\'s values that mean Barnets Lov.' })),
              serviceloven: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_]*$', description: 'With column: the code list of the column\'s values that mean Serviceloven.' })),
              byGrantDate: Type.Optional(
                DateColumn(
                  'Only for a host that records no law on its measures: the day each measure was granted (the decision), of the measures table or a joined table. Granted before 1 January 2024 reads as Serviceloven, from then as Barnets Lov; a measure without the date is under an unknown law.',
                ),
              ),
            },
            {
              additionalProperties: false,
              description:
                'The law each measure was granted under, as the host records it: column with its two code lists (a value in neither list is shown as an unknown law, never guessed), or byGrantDate when the host has no such column. Omitted: laws (by § code) decides.',
            },
          ),
        ),
        placementCodes: Type.Optional(
          Type.String({
            pattern: '^[a-z][a-z0-9_]*$',
            description:
              'The code list of the § codes that place a child outside the home (Serviceloven § 52, stk. 3, nr. 7 and § 58; Barnets Lov §§ 46 and 47). The report calls a measure under Barnets Lov an anbringelse when its code is here and a støttende indsats otherwise. Omitted: under Barnets Lov the report says "indsats".',
          }),
        ),
        codeTable: Type.Optional(
          Type.Object(
            {
              table: Identifier('The table of § codes.'),
              code: Identifier('Its column with the code the measure holds.'),
              label: Identifier('Its column with the measure\'s name, e.g. "Familiebehandling".'),
              paragraph: Type.Optional(Identifier('Its column with the paragraph, e.g. "§ 32, stk. 1, nr. 2".')),
            },
            { additionalProperties: false, description: 'Where the names of the codes are. Omitted: the report shows the code itself.' },
          ),
        ),
      },
      { additionalProperties: false },
    ),
    schoolAbsence: Type.Optional(
      Type.Object(
        {
          table: Identifier('The table of school absence, one row per child and period.'),
          id: Identifier('Its primary key.'),
          child: Identifier('Its column with the child\'s id.'),
          periodEnd: DateColumn('The last day of the period the absence is for.'),
          percent: Identifier('Its column with the absence in per cent of the school days in the period (0–100).'),
        },
        { additionalProperties: false, description: 'Omitted: the host holds no school absence, and the report says so.' },
      ),
    ),
    caseFile: Type.Optional(
      Type.Object(
        {
          table: Identifier('The table of cases (sager).'),
          id: Identifier('Its primary key.'),
          child: Identifier('Its column with the child\'s id.'),
          number: Identifier('Its column with the case number, printed on the PDF report.'),
          opened: DateColumn('When the case was opened: the report names the newest case opened by its period\'s end.'),
        },
        { additionalProperties: false, description: 'Omitted: the PDF report prints no case number.' },
      ),
    ),
  },
  {
    additionalProperties: false,
    description: 'What the Trivselslineale follow-up report reads from the host. Omitted: the follow-up report is not offered.',
  },
);

// --- Protected attributes: read for evaluation only, and recorded justifications (issue 12) ---
// A named list of protected columns the municipality supplies (citizenship, a registered sex where there is no
// CPR number, …). `mapping check` measures how well each feature alone separates the children by them; a later
// fairness report reads the same list. Nothing here can feed a feature: the extraction never reads this part,
// and the validator refuses a feature that reads one of these columns.
export const RESERVED_EVALUATION_ATTRIBUTE = 'sex_from_cpr';

const EvaluationAttribute = Type.Object(
  {
    label: Type.Object(
      {
        da: Type.String({ minLength: 1, maxLength: 80, description: 'In Danish, e.g. "Statsborgerskab".' }),
        en: Type.String({ minLength: 1, maxLength: 80, description: 'In English, e.g. "Citizenship".' }),
      },
      { additionalProperties: false, description: 'What reports call the attribute.' },
    ),
    subject: Type.Union([Type.Literal('child'), Type.Literal('referral')], {
      description: 'Whose attribute: the referred child (key holds the child id) or the referral (key holds the referral id).',
    }),
    table: Identifier('The table or view that holds the attribute.'),
    key: Identifier('Its column with the child id (subject "child") or the referral id (subject "referral").'),
    column: Identifier('Its column with the attribute, read as a category (each distinct value a group).'),
    description: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

const EvaluationOnly = Type.Object(
  {
    description: Type.Optional(Type.String()),
    attributes: Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]*$' }), EvaluationAttribute, {
      description: `Protected attributes by name (e.g. "citizenship"), read only to measure proxies and fairness. "${RESERVED_EVALUATION_ATTRIBUTE}" is reserved: the sex the child's CPR number holds, derived inside the check.`,
    }),
  },
  {
    additionalProperties: false,
    description:
      'Protected columns read for evaluation only (proxy measurement in `mapping check`, fairness reports); never a feature. Their names are exempt from the protected-name check; a feature that reads one of these columns is refused.',
  },
);

const ProxyJustification = Type.Object(
  {
    feature: Type.String({ pattern: '^[a-z][a-z0-9_]*$', description: 'The feature with a strong association.' }),
    attribute: Type.String({ pattern: '^[a-z][a-z0-9_]*$', description: `The protected attribute: "${RESERVED_EVALUATION_ATTRIBUTE}" or a name under evaluationOnly.attributes.` }),
    by: Type.String({ minLength: 3, description: 'Who decided (name and role).' }),
    on: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'When (YYYY-MM-DD).' }),
    why: Type.String({ minLength: 20, description: 'Why the feature is legitimate despite the association, in words a reviewer can check.' }),
  },
  { additionalProperties: false },
);

const ProtectedAttributeParts = {
  evaluationOnly: Type.Optional(EvaluationOnly),
  proxyJustifications: Type.Optional(
    Type.Array(ProxyJustification, {
      description:
        'A recorded decision (who, when, why) for each strong but legitimate association `mapping check` reports; shown on the model card page. A near-copy cannot be justified.',
    }),
  ),
};

// --- The outcome (issue 16): what the validation report compares the scores with ---
// The model's outcome is a placement outside the home that begins within 12 months after the referral. This part
// says where the host records placements; `beslutningsstotte validate` reads it, never the scoring. Kept in its
// own block; ./outcome-mapping-rules checks it, adapters/README.md explains it.
const OutcomeMapping = Type.Object(
  {
    description: Type.Optional(Type.String()),
    placements: Type.Object(
      {
        table: Identifier('The table (or view) of placements outside the home (anbringelser), one row per placement. Only placements: give a view when the table also holds other measures.'),
        id: Identifier('Its primary key.'),
        child: Identifier('Its column with the child\'s id (the id child.id holds).'),
        start: DateColumn('When the placement began. A placement that begins on the referral\'s day or within 12 months after it is the outcome.'),
      },
      { additionalProperties: false },
    ),
  },
  {
    additionalProperties: false,
    description:
      'Where the host records the outcome the model predicts (a placement within 12 months of the referral), for the validation report alone: never read for a feature or a score. Omitted: the validation report shows only the distribution of scores and its drift.',
  },
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
        filters: Type.Optional(
          Type.Array(Filter, {
            description:
              'Which rows of the referral table are referrals, when it also holds other enquiries (applications, requests): all must hold. Rows that fail them are never scored and never count as earlier referrals (every feature whose source is the referral table gets these filters too). Columns of the referral table itself.',
          }),
        ),
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
            labels: Type.Optional(CodeLabels),
          },
          { additionalProperties: false },
        ),
        { description: 'Named sets of host code values, e.g. the source codes that count as "school", or both laws\' § codes of a placement.' },
      ),
    ),
    features: Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]*$' }), FeatureMapping, {
      description: 'One entry per model feature, by the feature\'s name in model.json.',
    }),
    followUp: Type.Optional(FollowUpMapping),
    ...ProtectedAttributeParts,
    outcome: Type.Optional(OutcomeMapping),
    changingColumns: Type.Optional(ChangingColumns),
    fixedColumns: Type.Optional(FixedColumns),
    otherCodes: Type.Optional(OtherCodes),
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
export type EvaluationAttributeSpec = Static<typeof EvaluationAttribute>;
export type ProxyJustificationSpec = Static<typeof ProxyJustification>;
export type Subject = NonNullable<FeatureMappingSpec['subject']>;
export type FollowUpMappingSpec = Static<typeof FollowUpMapping>;
export type DateTextFormatSpec = (typeof DATE_TEXT_FORMATS)[number];
export type OtherCodesSpec = Static<typeof OtherCodes>[number];
export type CodeLabelSpec = Static<typeof CodeLabel>;
export type OutcomeMappingSpec = Static<typeof OutcomeMapping>;
