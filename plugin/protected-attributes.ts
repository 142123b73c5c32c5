// Recognises names that point at a protected attribute (sex, ethnicity and origin, nationality, language,
// religion, income, public benefits, unemployment, education, social class) or at the CPR number, which holds
// the sex. Used wherever a name can become a model input: the field-mapping validator (every table, column,
// key, filter and code a mapping reads) and the model package (every feature name, group and label, in both
// languages). Matching is by meaning, not by spelling: a name is normalised first (case, Danish letters,
// camelCase, snake_case and one-word compounds), and the published lexicon below is adapters/README.md's.

export type ProtectedAttribute =
  | 'gender or sex'
  | 'ethnicity or origin'
  | 'nationality or citizenship'
  | 'language'
  | 'religion'
  | 'income'
  | 'public benefits'
  | 'employment or unemployment'
  | 'education'
  | 'social class or socio-economic status'
  | 'the CPR number';

/**
 * A lexicon word, in its own spelling (Danish letters allowed: each of æ, ø, å also matches its two ASCII
 * spellings, "ae"/"a", "oe"/"o", "aa"/"a"). Words of five letters or more count wherever they occur inside the
 * normalised name ("koenskode", "statsborgerskaB"). Short words that are common inside unrelated words ("sex"
 * in "hasExposure", "male" in "normale", "kon" in "kontakt") are marked `part`: they count as a whole name
 * part, alone or joined to the usual identifier prefixes and suffixes ("is_male", "isMale", "koenskode",
 * "boys", "wage_group", "cprnummer").
 */
interface LexiconWord {
  readonly word: string;
  readonly part?: true;
}

const w = (word: string): LexiconWord => ({ word });
const part = (word: string): LexiconWord => ({ word, part: true });

export const LEXICON: ReadonlyArray<readonly [ProtectedAttribute, readonly LexiconWord[]]> = [
  [
    'gender or sex',
    [part('gender'), part('sex'), part('køn'), part('kjøn'), part('male'), w('female'), part('boy'), part('girl'), w('dreng'), part('pige'), w('sexuality'), w('seksualitet'), w('sexualorientation'), w('seksuelorientering')],
  ],
  [
    'ethnicity or origin',
    [
      w('ethnic'), w('etnisk'), w('etnicitet'), part('race'), w('racial'), w('herkomst'), w('oprindelse'), w('origin'), w('indvandr'),
      w('efterkommer'), w('immigra'), w('emigra'), w('migrant'), w('vestlig'), w('western'), w('bornabroad'), w('udland'), w('udenland'),
      w('abroad'), w('foreign'), w('country'), w('landekode'), w('landkode'), w('fødeland'), w('birthcountry'), w('birthplace'),
      w('fødested'), w('hjemland'), w('afstamning'), w('minoritet'), w('minority'), w('flygtning'), w('refugee'), w('asyl'), w('grønland'), w('greenland'),
      w('hudfarve'), w('skincolo'),
    ],
  ],
  ['nationality or citizenship', [w('nationalit'), w('statsborger'), w('borgerskab'), w('citizen'), w('passport'), w('opholdstilladelse'), w('residencepermit')]],
  ['language', [w('language'), w('sprog'), w('modersmål'), w('mothertongue'), w('tongue'), w('tolk'), w('interpreter'), w('bilingual')]],
  ['religion', [w('religio'), w('trosretning'), w('trossamfund'), w('faith'), w('muslim'), w('islam'), w('christian'), w('kristen'), w('jewish'), w('jødisk'), w('hindu'), w('buddhis'), w('folkekirke'), w('churchmember')]],
  ['income', [w('income'), w('indkomst'), w('indtægt'), w('salary'), w('salari'), part('wage'), part('løn'), part('earning'), w('formue'), w('wealth'), w('poverty'), w('fattig')]],
  [
    'public benefits',
    [
      w('benefit'), w('welfare'), w('socialassistance'), w('socialhjælp'), w('kontanthjælp'), w('kontantydelse'), w('dagpenge'), w('ydelse'),
      w('overførselsindkomst'), w('førtidspension'), w('pension'), w('boligstøtte'), w('børnecheck'), w('understøttelse'), w('forsørgelse'),
      w('bistandshjælp'),
    ],
  ],
  ['employment or unemployment', [w('employ'), w('arbejdsløs'), w('ledig'), w('beskæftigelse'), w('jobless'), w('occupation'), w('erhverv'), w('arbejdsmarked'), w('jobstatus'), w('labourmarket'), w('labormarket')]],
  ['education', [w('education'), w('uddannelse')]],
  ['social class or socio-economic status', [w('socialclass'), w('socialklasse'), w('socialgruppe'), w('socioeconomic'), w('socioøkonomi'), w('socioekonomi'), w('socialstatus'), part('ses')]],
  ['the CPR number', [w('cpr'), w('personnummer'), w('personnr'), part('ssn'), w('socialsecurity'), w('fødselsnummer')]],
];

/**
 * Real words that merely contain a lexicon word. Each is masked before matching, so what is left of the name
 * is still checked ("original_koen" is refused for "koen"). Kept short and published in adapters/README.md.
 */
export const ALLOW_LIST: readonly string[] = [
  'original', // origin
  'suspension', // pension (a suspension from school)
  'childwelfare', // welfare (the child-welfare field itself, not a benefit)
  'sprogram', // sprog: "-s" + "program" in compounds ("behandlingsprogram")
  'sprognose', // sprog: "-s" + "prognose" ("behandlingsprognose")
  'foranledig', // ledig: "foranledige" (to cause)
  'fortolk', // tolk: "fortolkning" (an interpretation)
  'lone', // løn spelled "lon": "lone parent" (a single parent)
  // ydelse: nouns of the verbs byde, bryde, flyde, fortryde, skyde, nyde, pryde ("forbrydelse", "indflydelse")
  'bydelse',
  'brydelse',
  'flydelse',
  'trydelse',
  'skydelse',
  'nydelse',
  'prydelse',
  'udgydelse',
];

/** Prefixes and suffixes a `part` word may carry inside one name part ("isMale", "koenskode", "boys"). */
export const PART_PREFIXES: readonly string[] = ['is', 'has', 'kid', 'kids', 'self', 'selv', 'trans', 'social', 'legal', 'juridisk', 'biological', 'biologisk', 'assigned', 'registered', 'registreret', 'er', 'har', 'barn', 'barnets', 'barns', 'child', 'childs', 'mor', 'mors', 'far', 'fars', 'mother', 'father', 'parent', 'foraelder', 'foraeldre', 'foraeldres', 'person', 'personens', 'the'];
export const PART_SUFFIXES: readonly string[] = [
  's', 'e', 'er', 'es', 'en', 'et', 'ets', 'ens', 'ene', 'r', 'ne', 'kode', 'code', 'cd', 'id', 'nr', 'no', 'nummer', 'number', 'num',
  'type', 'gruppe', 'group', 'grp', 'kategori', 'category', 'flag', 'ind', 'indikator', 'indicator', 'vaerdi', 'value', 'val', 'klasse',
  'class', 'niveau', 'level', 'tal', 'identity', 'identitet', 'child', 'children', 'barn', 'boern',
];

const DANISH_LETTERS: Record<string, string> = { æ: 'ae', ø: 'oe', å: 'aa', ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' };

/** Lower case, Danish and German letters spelled out, other accents dropped; separators kept. */
function foldLetters(text: string): string {
  return text
    .toLowerCase()
    .replace(/[æøåäöüß]/g, (c) => DANISH_LETTERS[c]!)
    .normalize('NFD')
    .replace(/\p{M}/gu, '');
}

/** Each spelling of a lexicon word: æ as ae or a, ø as oe or o, å as aa or a. */
function spellings(word: string): string[] {
  let forms = [''];
  for (const c of word.toLowerCase()) {
    const options = c === 'æ' ? ['ae', 'a'] : c === 'ø' ? ['oe', 'o'] : c === 'å' ? ['aa', 'a'] : [foldLetters(c)];
    forms = forms.flatMap((f) => options.map((o) => f + o));
  }
  return [...new Set(forms)];
}

interface CompiledWord {
  readonly attribute: ProtectedAttribute;
  readonly spelling: string;
  readonly part: boolean;
}

const COMPILED: readonly CompiledWord[] = LEXICON.flatMap(([attribute, words]) =>
  words.flatMap(({ word, part: isPart }) => spellings(word).map((spelling) => ({ attribute, spelling, part: isPart === true }))),
);
const ALLOWED = ALLOW_LIST.map(foldLetters);

/** A normalised name: all its letters and digits run together, and its parts (by separators and by camelCase). */
export interface NormalisedName {
  readonly joined: string;
  readonly parts: readonly string[];
}

export function normaliseName(name: string): NormalisedName {
  const bySeparator = foldLetters(name).split(/[^a-z0-9]+/).filter((p) => p.length > 0);
  // camelCase splits only where a lower-case letter meets an upper-case one; odd capitals ("kOen") are also
  // read unsplit through `bySeparator`, so neither reading can hide a word.
  const byCase = foldLetters(name.replace(/(\p{Ll})(\p{Lu})/gu, '$1_$2')).split(/[^a-z0-9]+/).filter((p) => p.length > 0);
  return { joined: bySeparator.join(''), parts: [...new Set([...bySeparator, ...byCase])] };
}

/** Masks allow-listed real words (as "#"), so that only the rest of the text is matched. */
function mask(text: string): string {
  let out = text;
  for (const word of ALLOWED) out = out.split(word).join('#'.repeat(word.length));
  return out;
}

/** Whether `text` is a run of the given affixes (or digits), possibly empty. */
function composedOf(text: string, affixes: readonly string[]): boolean {
  const ok: boolean[] = [true];
  for (let end = 1; end <= text.length; end++) {
    ok[end] = /^\d$/.test(text[end - 1]!) ? ok[end - 1]! : affixes.some((a) => a.length <= end && ok[end - a.length] === true && text.endsWith(a, end));
  }
  return ok[text.length] === true;
}

function partMatches(piece: string, word: string): boolean {
  for (let at = piece.indexOf(word); at >= 0; at = piece.indexOf(word, at + 1)) {
    if (composedOf(piece.slice(0, at), PART_PREFIXES) && composedOf(piece.slice(at + word.length), PART_SUFFIXES)) return true;
  }
  return false;
}

/** The lexicon word a name matches, with its attribute, or null. */
export function protectedMatchIn(name: string): { attribute: ProtectedAttribute; word: string } | null {
  const { joined, parts } = normaliseName(name);
  const maskedJoined = mask(joined);
  const pieces = parts.flatMap((p) => mask(p).split(/#+/)).filter((p) => p.length > 0);
  for (const c of COMPILED) {
    const hit = c.part ? pieces.some((p) => partMatches(p, c.spelling)) : maskedJoined.includes(c.spelling);
    if (hit) return { attribute: c.attribute, word: c.spelling };
  }
  return null;
}

/** The protected attribute a name points at, or null. `name` may be a feature, table or column name, or a code. */
export function protectedAttributeIn(name: string): ProtectedAttribute | null {
  return protectedMatchIn(name)?.attribute ?? null;
}

/**
 * The protected attribute a label (free text, e.g. a feature's Danish or English label) points at, or null. Each
 * word is read as a name, and so is each pair of neighbouring words ("mother tongue", "born abroad").
 */
export function protectedAttributeInText(text: string): ProtectedAttribute | null {
  const words = text.split(/[\s,.;:()/'"’!?–—-]+/).filter((x) => x.length > 0);
  for (let i = 0; i < words.length; i++) {
    const found = protectedAttributeIn(words[i]!) ?? (i + 1 < words.length ? protectedAttributeIn(words[i]! + words[i + 1]!) : null);
    if (found) return found;
  }
  return null;
}
