// Recognises names that point at a protected attribute (ethnicity, gender, nationality, socio-economic status)
// or at the CPR number, which leaks sex. Used wherever a name can become a model input: the model package
// loader and the field-mapping validator. Matching is by whole word parts, in English and Danish.

export type ProtectedAttribute =
  | 'gender or sex'
  | 'ethnicity'
  | 'nationality or origin'
  | 'socio-economic status'
  | 'the CPR number';

const WORDS: ReadonlyArray<readonly [ProtectedAttribute, readonly string[]]> = [
  ['gender or sex', ['sex', 'gender', 'koen', 'kon', 'køn', 'male', 'female', 'boy', 'girl', 'dreng', 'pige']],
  ['ethnicity', ['ethnicity', 'ethnic', 'etnicitet', 'etnisk', 'race', 'racial', 'religion', 'language', 'sprog', 'modersmaal', 'modersmål']],
  [
    'nationality or origin',
    ['nationality', 'nationalitet', 'citizenship', 'statsborgerskab', 'origin', 'oprindelse', 'oprindelsesland', 'herkomst', 'immigrant', 'indvandrer', 'efterkommer', 'birthcountry', 'foedeland', 'fødeland'],
  ],
  [
    'socio-economic status',
    ['income', 'indkomst', 'salary', 'loen', 'løn', 'wealth', 'formue', 'education', 'uddannelse', 'socioeconomic', 'ses', 'employment', 'unemployment', 'unemployed', 'beskaeftigelse', 'beskæftigelse', 'ledig', 'ledighed', 'kontanthjaelp', 'kontanthjælp', 'welfare_benefit', 'occupation', 'erhverv', 'social_class'],
  ],
  ['the CPR number', ['cpr', 'cprnr', 'personnummer', 'ssn']],
];

const COMPOUNDS: ReadonlyArray<readonly [ProtectedAttribute, RegExp]> = [
  ['nationality or origin', /country_?of_?(origin|birth)/],
  ['socio-economic status', /socio_?economic/],
];

function wordParts(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9æøå]+/)
    .filter((part) => part.length > 0);
}

/** The protected attribute a name points at, or null. `name` may be a feature, table or column name, or a label. */
export function protectedAttributeIn(name: string): ProtectedAttribute | null {
  const normalized = wordParts(name).join('_');
  for (const [attribute, pattern] of COMPOUNDS) if (pattern.test(normalized)) return attribute;
  const parts = new Set(wordParts(name));
  for (const [attribute, words] of WORDS) if (words.some((w) => parts.has(w))) return attribute;
  return null;
}
