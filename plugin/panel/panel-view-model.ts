// Turns a panel outcome (score, explanation, provenance, history, flags) and the model's manifest into exactly
// what the templates and the JSON API show, in one locale. Every sentence, number format, bar width and
// grouping is decided here; the templates only place the values.
import { absoluteFigures } from '../scoring/absolute-figures';
import type { LoadedModelPackage } from '../scoring/model-package-loader';
import type { AgeBandSpec, FeatureSpec } from '../scoring/model-package-schema';
import type { DataFlag } from '../storage/flag-repository';
import { fill, type Locale, type Messages } from './panel-locale';
import type { InputProvenance, ReferralSnapshot } from './referral-data-source';
import type { PanelOutcome, PanelStateKind } from './risk-panel-service';
import { danishDay } from '../danish-time';

/** One line the caseworker reads: a model input, or several columns shown as one (a one-hot group, age). */
interface DisplayInput {
  readonly key: string;
  readonly label: string;
  readonly features: readonly FeatureSpec[];
}

export interface FactorView {
  readonly key: string;
  readonly label: string;
  readonly valueText: string;
  /** label and value as one plain sentence. */
  readonly text: string;
  readonly contribution: number;
  readonly weightPercent: number;
  readonly weightAlt: string;
}

export interface DataRowView {
  readonly key: string;
  readonly label: string;
  readonly valueText: string;
  readonly missing: boolean;
  readonly sourceText: string;
  /** The host table the values were read from (for the host's IT staff, not shown as text). */
  readonly sourceTable: string;
  readonly dateText: string;
  /** The value was not recorded at all (told apart from a recorded zero). */
  readonly noRecord: boolean;
  /** The host records the value rests on: kind, id and date, with a link into the host where one is configured. */
  readonly records: ReadonlyArray<{ readonly text: string; readonly href: string | null }>;
  readonly recordsMore: string | null;
  /** Every record the line counted, newest first (the JSON API lists them all; the HTML names the first few). */
  readonly allRecords: readonly RecordView[];
  readonly flags: ReadonlyArray<{ readonly text: string }>;
  /** The flags as the family letter shows them: the caseworker's comment only when they chose to include it. */
  readonly letterFlags: ReadonlyArray<{ readonly text: string }>;
  readonly flagged: boolean;
  readonly commentLabel: string;
  /** The flag button's name for screen readers: it names its row. */
  readonly flagSummaryRow: string;
  readonly fieldId: string;
}

/** One host record behind a value: which table, the host's own id, its date, and a link into the host if configured. */
export interface RecordView {
  readonly table: string;
  /** The mapping's label of the table (what people call the kind of record), or the table name. */
  readonly kind: string;
  readonly id: string;
  /** 'YYYY-MM-DD…' as the host gave it, or null when the record has no date. */
  readonly date: string | null;
  readonly text: string;
  readonly href: string | null;
  /** The record is about a sibling, not the child. */
  readonly sibling: boolean;
}

export interface PanelView {
  readonly lang: Locale;
  readonly t: Messages;
  readonly referralId: string;
  readonly referralText: string | null;
  readonly syntheticModel: boolean;
  readonly state: null | {
    readonly kind: PanelStateKind;
    readonly code: string;
    readonly title: string;
    readonly meaning: string;
    readonly todo: string;
    readonly items: readonly string[];
  };
  readonly score: null | {
    readonly value: number;
    readonly alt: string;
    readonly cells: ReadonlyArray<{ readonly n: number; readonly current: boolean }>;
    readonly ageBand: string;
    readonly ageBandText: string;
    readonly meaning: string;
    /** The score in the family's words (print view). */
    readonly printText: string;
    readonly probability: number;
    /** What the score meant in the reference population of the band: of 100 children, placed and not placed. */
    readonly figures: null | {
      readonly placedOf100: number;
      readonly notPlacedOf100: number;
      /** Referrals of the band with this score in the evaluation data (what the figures rest on). */
      readonly children: number;
      readonly placed: number;
      readonly text: string;
      readonly note: string;
      readonly alt: string;
      readonly squares: ReadonlyArray<{ readonly placed: boolean }>;
    };
    readonly figuresMissing: string | null;
  };
  readonly explanation: null | {
    readonly raised: readonly FactorView[];
    readonly lowered: readonly FactorView[];
    readonly unavailable: string | null;
  };
  readonly data: readonly DataRowView[];
  readonly history: null | {
    readonly items: ReadonlyArray<{ readonly text: string; readonly score: number | null; readonly current: boolean; readonly widthPercent: number }>;
  };
  readonly model: null | { readonly id: string; readonly version: string; readonly text: string; readonly cardUrl: string };
  /** Where the page's forms post; none of them carries a token (see plugin/server/view-access.ts). */
  readonly links: { readonly printAction: string; readonly printWithCommentsAction: string; readonly page: string; readonly flagAction: string };
  /** The view's credential, for the hidden field of the page's forms: never a launch token, never in a URL. */
  readonly viewCredential: string;
  readonly flagSaved: boolean;
  /** Some line is flagged (the panel then offers the letter with the caseworker's comments too). */
  readonly flaggedAny: boolean;
  /** The family letter's own parts (print view). */
  readonly letter: {
    readonly dateText: string;
    readonly contact: string;
    readonly withComments: boolean;
  };
}

export interface ViewContext {
  readonly lang: Locale;
  readonly messages: Messages;
  readonly model: LoadedModelPackage | null;
  readonly referralId: string;
  /** The view's credential (hidden field of the forms; never logged, never in a URL). */
  readonly viewCredential: string;
  /** The plugin's base path ('' when served at the root). */
  readonly basePath: string;
  readonly flagSaved?: boolean;
  /** Per host table, a link template with {id} that opens a record in the host (server config `recordLinks`). */
  readonly recordLinks?: Readonly<Record<string, string>>;
  /** Who the family contacts (server config `familyContact`); without it the letter names the caseworker. */
  readonly familyContact?: { readonly da: string; readonly en: string } | null;
  /** The family letter includes the caseworker's flag comments only when they chose so. */
  readonly includeFlagComments?: boolean;
  /** Today's date for the letter, 'YYYY-MM-DD'. */
  readonly today?: string;
}

const numberFormats = new Map<Locale, Intl.NumberFormat>();
function formatNumber(lang: Locale, value: number): string {
  let f = numberFormats.get(lang);
  if (!f) {
    f = new Intl.NumberFormat(lang === 'da' ? 'da-DK' : 'en-GB', { maximumFractionDigits: 1 });
    numberFormats.set(lang, f);
  }
  return f.format(value);
}

export function formatDate(lang: Locale, iso: string | null): string | null {
  if (iso === null) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return null;
  return lang === 'da' ? `${m[3]}.${m[2]}.${m[1]}` : `${m[1]}-${m[2]}-${m[3]}`;
}

/** The inputs as the caseworker reads them: age and unborn as one line, each one-hot group as one line. */
export function displayInputs(model: LoadedModelPackage, lang: Locale, t: Messages): DisplayInput[] {
  const { features, scoreScale } = model.manifest;
  const ageNames = new Set([scoreScale.ageFeature, scoreScale.unbornFeature].filter((n): n is string => n !== undefined));
  const out: DisplayInput[] = [];
  const seenGroups = new Set<string>();
  let ageAdded = false;
  for (const f of features) {
    if (ageNames.has(f.name)) {
      if (ageAdded) continue;
      ageAdded = true;
      out.push({ key: 'age', label: t.ageLabel, features: features.filter((g) => ageNames.has(g.name)) });
      continue;
    }
    if (f.kind === 'category' && f.group) {
      if (seenGroups.has(f.group)) continue;
      seenGroups.add(f.group);
      const label = (t.groupLabels as Record<string, string>)[f.group] ?? f.group;
      out.push({ key: f.group, label, features: features.filter((g) => g.group === f.group) });
      continue;
    }
    out.push({ key: f.name, label: f.label[lang], features: [f] });
  }
  return out;
}

/** Ages are read in completed years, as people say them (16.97 years is "16 år"). */
const isYears = (spec: FeatureSpec | undefined) => spec?.unit?.en === 'years';

function valueText(
  input: DisplayInput,
  values: Readonly<Record<string, number>>,
  model: LoadedModelPackage,
  lang: Locale,
  t: Messages,
  codes?: ReferralSnapshot['codes'],
): string | null {
  const { scoreScale } = model.manifest;
  if (input.key === 'age') {
    if (scoreScale.unbornFeature !== undefined && values[scoreScale.unbornFeature] === 1) return t.unborn;
    const age = scoreScale.ageFeature === undefined ? undefined : values[scoreScale.ageFeature];
    if (age === undefined) return null;
    const spec = input.features.find((f) => f.name === scoreScale.ageFeature);
    return `${formatNumber(lang, isYears(spec) ? Math.floor(age) : age)}${spec?.unit ? ` ${spec.unit[lang]}` : ''}`;
  }
  const first = input.features[0]!;
  if (first.kind === 'category') {
    if (input.features.some((f) => values[f.name] === undefined)) return null;
    // The host's code as the municipality's field mapping names it ("Kommunens egen forvaltning", "PPR"): the
    // model's category ("anden kilde", "skole") only where the mapping gives the code no label.
    const names = new Set(input.features.map((f) => f.name));
    const code = codes?.find((c) => c.code !== null && c.known && c.features.some((n) => names.has(n)));
    if (code?.label) return code.label[lang] ?? code.label.da;
    const active = input.features.find((f) => values[f.name] === 1);
    if (!active) return code?.code ? fill(t.categoryWithCode, { category: t.otherSource, code: code.code }) : t.otherSource;
    return (t.categoryValues as Record<string, string>)[active.name] ?? active.label[lang];
  }
  const v = values[first.name];
  if (v === undefined) return null;
  if (first.kind === 'binary') return v === 1 ? t.yes : t.no;
  if (first.levels) {
    // An ordered category reads as its words ("alvorlig bekymring"), never as a number.
    const level = first.levels.find((l) => l.value === v);
    if (level) return level.label[lang];
    // A value between two levels (a host that records decimals) is said as such, never rounded to a level.
    const below = [...first.levels].reverse().find((l) => l.value < v);
    const above = first.levels.find((l) => l.value > v);
    if (below && above) return fill(t.levelBetween, { low: below.label[lang], high: above.label[lang], value: formatNumber(lang, v) });
    return fill(t.levelUnknown, { value: formatNumber(lang, v) });
  }
  return `${formatNumber(lang, isYears(first) ? Math.floor(v) : v)}${first.unit ? ` ${first.unit[lang]}` : ''}`;
}

interface RowProvenance {
  readonly source: string;
  readonly table: string;
  readonly count: number;
  readonly latest: string | null;
  readonly noRecord: boolean;
  readonly records: ReadonlyArray<{ readonly table: string; readonly kind: string; readonly id: string; readonly date: string | null; readonly sibling: boolean }>;
}

function provenanceOf(input: DisplayInput, provenance: readonly InputProvenance[] | null, receivedAt: string, lang: Locale): RowProvenance | null {
  if (!provenance) return null;
  const names = new Set(input.features.map((f) => f.name));
  const found = provenance.filter((p) => names.has(p.feature));
  if (found.length === 0) return null;
  const records = new Map<string, RowProvenance['records'][number]>();
  for (const p of found) {
    const kind = p.tableLabel?.[lang] || p.table;
    for (const r of p.records) records.set(`${r.table}\u0000${r.id}`, { table: r.table, kind, id: r.id, date: r.date, sibling: r.siblingId !== undefined });
  }
  let latest: string | null = null;
  for (const r of records.values()) if (r.date !== null && (latest === null || r.date > latest)) latest = r.date;
  // The referral's own lines (source, severity) and the age line are dated by the referral itself (an age
  // line's record is the child's birth, which is not what the value is as of).
  const own = input.key === 'age' || found[0]!.subject === 'referral';
  const table = found[0]!.table || found[0]!.subject;
  // Newest first: the records a caseworker looks for first.
  const listed = [...records.values()].sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
  return {
    // People read the mapping's label of the table; the table name only when the mapping gives none.
    source: found[0]!.tableLabel?.[lang] || table,
    table,
    count: records.size,
    latest: own ? receivedAt : latest,
    noRecord: found.every((p) => p.noRecord === true),
    // The age line's record is the child (its birth date comes from the CPR number): it is not listed.
    records: input.key === 'age' ? [] : listed,
  };
}

/**
 * A line read from the referral's own coded column (its source) rests on the referral's record even when none of
 * the group's features counted it (a source the model calls "another source"): that record is named, not "none".
 */
function withOwnRecord(input: DisplayInput, p: RowProvenance | null, referral: ReferralSnapshot): RowProvenance | null {
  if (!p || p.count > 0) return p;
  const names = new Set(input.features.map((f) => f.name));
  const code = referral.codes?.find((c) => c.code !== null && c.features.some((n) => names.has(n)));
  if (!code) return p;
  const kind = p.source;
  return { ...p, count: 1, noRecord: false, records: [{ table: code.table, kind, id: referral.referralId, date: null, sibling: false }] };
}

/** How many records a data line lists by name; the rest are counted. */
const MAX_LISTED_RECORDS = 6;

function recordLink(templates: Readonly<Record<string, string>> | undefined, table: string, id: string): string | null {
  const template = templates?.[table];
  return template ? template.replace(/\{id\}/g, encodeURIComponent(id)) : null;
}

function dataRows(ctx: ViewContext, referral: ReferralSnapshot, inputs: readonly DisplayInput[], flags: readonly DataFlag[]): DataRowView[] {
  const { lang, messages: t, model } = ctx;
  return inputs.map((input) => {
    const recorded = valueText(input, referral.features, model!, lang, t, referral.codes);
    const p = withOwnRecord(input, provenanceOf(input, referral.provenance, referral.receivedAt, lang), referral);
    const unknown = referral.unknownCodes?.find((u) => input.features.some((f) => f.name === u.feature));
    const noRecord = p?.noRecord === true;
    const text = noRecord && recorded !== null ? t.noRecordValue : recorded;
    const sourceText = !p
      ? ''
      : noRecord
        ? recorded === null ? fill(t.noRecordSourceMissing, { source: p.source }) : fill(t.noRecordSource, { source: p.source, value: recorded })
        : p.count === 0 ? fill(t.sourceNone, { source: p.source }) : p.count === 1 ? fill(t.sourceTextOne, { source: p.source }) : fill(t.sourceText, { source: p.source, count: p.count });
    const own = flags.filter((f) => f.feature === input.key);
    const allRecords = (p?.records ?? []).map((r): RecordView => {
      const date = formatDate(lang, r.date);
      const base = date ? fill(t.recordText, { kind: r.kind, id: r.id, date }) : fill(t.recordTextNoDate, { kind: r.kind, id: r.id });
      return { table: r.table, kind: r.kind, id: r.id, date: r.date, sibling: r.sibling, text: r.sibling ? fill(t.recordSibling, { text: base }) : base, href: recordLink(ctx.recordLinks, r.table, r.id) };
    });
    const records = allRecords.slice(0, MAX_LISTED_RECORDS).map((r) => ({ text: r.text, href: r.href }));
    const more = allRecords.length - records.length;
    return {
      key: input.key,
      label: input.label,
      valueText: text ?? (unknown ? fill(t.problemUnknownCode, { code: unknown.code, column: `${unknown.table}.${unknown.column}` }) : t.missingValue),
      missing: text === null,
      sourceText,
      sourceTable: p?.table ?? '',
      dateText: formatDate(lang, p?.latest ?? null) ?? t.dateNone,
      noRecord,
      records,
      recordsMore: more > 0 ? fill(t.recordsMore, { count: more }) : null,
      allRecords,
      flags: own.map((f) => ({ text: fill(t.flaggedText, { by: f.flaggedBy, date: formatDate(lang, f.createdAt) ?? '', comment: f.comment }) })),
      letterFlags: own.map((f) => ({
        text: ctx.includeFlagComments
          ? fill(t.letterFlaggedComment, { date: formatDate(lang, f.createdAt) ?? '', comment: f.comment })
          : fill(t.letterFlagged, { date: formatDate(lang, f.createdAt) ?? '' }),
      })),
      flagged: own.length > 0,
      commentLabel: fill(t.flagCommentLabel, { input: input.label }),
      flagSummaryRow: fill(t.flagSummaryRow, { input: input.label }),
      fieldId: `flag-${input.key}`,
    };
  });
}

const MAX_FACTORS_PER_SIDE = 8;
/** Contributions smaller than this share of the largest are not "noticeable". */
const NOTICEABLE = 0.02;

function factors(
  ctx: ViewContext,
  referral: ReferralSnapshot,
  inputs: readonly DisplayInput[],
  contributions: ReadonlyArray<{ name: string; contribution: number }>,
  noRecord: ReadonlySet<string>,
) {
  const { lang, messages: t, model } = ctx;
  const byName = new Map(contributions.map((c) => [c.name, c.contribution]));
  const summed = inputs.map((input) => ({ input, contribution: input.features.reduce((s, f) => s + (byName.get(f.name) ?? 0), 0) }));
  const largest = summed.reduce((m, s) => Math.max(m, Math.abs(s.contribution)), 0);
  const view = (s: (typeof summed)[number]): FactorView => {
    const weightPercent = largest === 0 ? 0 : Math.max(1, Math.round((100 * Math.abs(s.contribution)) / largest));
    const recorded = valueText(s.input, referral.features, model!, lang, t, referral.codes) ?? t.missingValue;
    // Nothing recorded reads as such here too ("ingen registreret"), never as a recorded 0.
    const value = noRecord.has(s.input.key) ? fill(t.noRecordFactor, { value: recorded }) : recorded;
    return {
      key: s.input.key,
      label: s.input.label,
      valueText: value,
      text: `${s.input.label}: ${value}`,
      contribution: s.contribution,
      weightPercent,
      weightAlt: fill(t.weightAlt, { percent: weightPercent }),
    };
  };
  const noticeable = summed.filter((s) => largest > 0 && Math.abs(s.contribution) >= NOTICEABLE * largest);
  const raised = noticeable.filter((s) => s.contribution > 0).sort((a, b) => b.contribution - a.contribution).slice(0, MAX_FACTORS_PER_SIDE).map(view);
  const lowered = noticeable.filter((s) => s.contribution < 0).sort((a, b) => a.contribution - b.contribution).slice(0, MAX_FACTORS_PER_SIDE).map(view);
  return { raised, lowered };
}

const STATE_TEXT: Record<PanelStateKind, { title: keyof Messages; meaning: keyof Messages; todo: keyof Messages; code: string }> = {
  'input-problem': { title: 'stateInputTitle', meaning: 'stateInputMeaning', todo: 'stateInputTodo', code: 'FEATURE_MISSING' },
  'age-outside-model': { title: 'stateAgeTitle', meaning: 'stateAgeMeaning', todo: 'stateAgeTodo', code: 'AGE_OUTSIDE_MODEL' },
  'not-found': { title: 'stateNotFoundTitle', meaning: 'stateNotFoundMeaning', todo: 'stateNotFoundTodo', code: 'REFERRAL_NOT_FOUND' },
  'model-unavailable': { title: 'stateModelTitle', meaning: 'stateModelMeaning', todo: 'stateModelTodo', code: 'MODEL_UNAVAILABLE' },
  'database-unavailable': { title: 'stateDatabaseTitle', meaning: 'stateDatabaseMeaning', todo: 'stateDatabaseTodo', code: 'DATABASE_UNAVAILABLE' },
  'adult-at-referral': { title: 'stateAdultTitle', meaning: 'stateAdultMeaning', todo: 'stateAgeTodo', code: 'AGE_ADULT_AT_REFERRAL' },
  'age-unknown': { title: 'stateAgeUnknownTitle', meaning: 'stateAgeUnknownMeaning', todo: 'stateAgeUnknownTodo', code: 'AGE_UNKNOWN' },
};

function links(ctx: ViewContext) {
  const base = `${ctx.basePath}/panel/referrals/${encodeURIComponent(ctx.referralId)}`;
  const query = `?lang=${ctx.lang}`;
  return { page: `${base}${query}`, printAction: `${base}/print${query}`, printWithCommentsAction: `${base}/print${query}&comments=1`, flagAction: `${base}/flags${query}` };
}

export function modelCardUrl(basePath: string, lang: Locale): string {
  return `${basePath}/model-card?lang=${lang}`;
}

/** The absolute figures beside the score, with a 10 × 10 picture of 100 children (placed ones filled). */
function figuresView(t: Messages, lang: Locale, band: AgeBandSpec, score: number) {
  const f = absoluteFigures(band, score);
  if (!f) return { figures: null, figuresMissing: t.figuresMissing };
  const values = { band: band.label[lang], score, placed: f.placedOf100, notPlaced: f.notPlacedOf100 };
  return {
    figures: {
      placedOf100: f.placedOf100,
      notPlacedOf100: f.notPlacedOf100,
      children: f.children,
      placed: f.placed,
      text: fill(band.unborn ? t.figuresTextUnborn : t.figuresText, values),
      note: fill(t.figuresNote, { children: f.children }),
      alt: fill(t.figuresAlt, values),
      squares: Array.from({ length: 100 }, (_, i) => ({ placed: i < f.placedOf100 })),
    },
    figuresMissing: null,
  };
}

export function buildPanelView(outcome: PanelOutcome, ctx: ViewContext): PanelView {
  const { lang, messages: t, model } = ctx;
  const modelView = model
    ? {
        id: model.identity.id,
        version: model.identity.version,
        text: fill(t.modelText, { name: model.manifest.name[lang], version: model.identity.version, date: formatDate(lang, model.manifest.createdAt) ?? '' }),
        cardUrl: modelCardUrl(ctx.basePath, lang),
      }
    : null;
  const referral = 'referral' in outcome ? outcome.referral : null;
  const inputs = model && referral ? displayInputs(model, lang, t) : [];
  const flags = 'flags' in outcome ? outcome.flags : [];
  const data = referral ? dataRows(ctx, referral, inputs, flags) : [];
  const base = {
    lang,
    t,
    referralId: ctx.referralId,
    referralText: referral ? fill(t.referralLabel, { id: referral.referralId, date: formatDate(lang, referral.receivedAt) ?? '' }) : null,
    syntheticModel: model?.manifest.modelCard.syntheticDataWarning !== undefined,
    data,
    flaggedAny: data.some((d) => d.flagged),
    model: modelView,
    links: links(ctx),
    viewCredential: ctx.viewCredential,
    flagSaved: ctx.flagSaved === true,
    letter: {
      dateText: fill(t.letterDate, { date: formatDate(lang, ctx.today ?? danishDay()) ?? '' }),
      contact: ctx.familyContact?.[lang] ?? t.letterContactDefault,
      withComments: ctx.includeFlagComments === true,
    },
  };
  if (outcome.kind !== 'score') {
    const s = STATE_TEXT[outcome.kind];
    const items =
      outcome.kind === 'input-problem'
        ? outcome.problems.map((p) => {
            const input = inputs.find((i) => i.features.some((f) => f.name === p.feature));
            const problem = p.unknownCode ? fill(t.problemUnknownCode, p.unknownCode) : p.code === 'FEATURE_MISSING' ? t.problemMissing : p.code === 'FEATURE_OUT_OF_RANGE' ? t.problemOutOfRange : t.problemInvalid;
            return fill(t.stateInputProblem, { input: input?.label ?? p.feature, problem });
          })
        : [];
    return {
      ...base,
      state: { kind: outcome.kind, code: s.code, title: t[s.title] as string, meaning: t[s.meaning] as string, todo: t[s.todo] as string, items: [...new Set(items)] },
      score: null,
      explanation: null,
      history: null,
    };
  }
  const { score, history } = outcome;
  const band = model!.manifest.scoreScale.bands.find((b) => b.id === score.ageBand)!;
  const bandLabel = band.label[lang];
  const meaningTemplate = band.unborn ? t.scoreMeaningUnborn : t.scoreMeaning;
  const body = fill(meaningTemplate, { band: bandLabel, low: (score.score - 1) * 10, high: score.score * 10 });
  const meaning = fill(t.scoreMeaningLine, { score: score.score, body });
  const historyItems = [
    ...history.map((h) => ({
      text: h.score === null ? fill(t.historyItemNoScore, { date: formatDate(lang, h.receivedAt) ?? '' }) : fill(t.historyItem, { date: formatDate(lang, h.receivedAt) ?? '', score: h.score }),
      score: h.score,
      current: false,
      widthPercent: (h.score ?? 0) * 10,
    })),
    { text: fill(t.historyCurrent, { date: formatDate(lang, outcome.referral.receivedAt) ?? '', score: score.score }), score: score.score, current: true, widthPercent: score.score * 10 },
  ];
  return {
    ...base,
    state: null,
    score: {
      value: score.score,
      alt: fill(t.scoreAlt, { score: score.score }),
      cells: Array.from({ length: 10 }, (_, i) => ({ n: i + 1, current: i + 1 === score.score })),
      ageBand: bandLabel,
      ageBandText: fill(t.ageBandText, { band: bandLabel }),
      meaning,
      printText: fill(t.printScoreText, { score: score.score, body }),
      probability: score.probability,
      ...figuresView(t, lang, band, score.score),
    },
    explanation: score.contributions
      ? { ...factors(ctx, outcome.referral, inputs, score.contributions, new Set(data.filter((d) => d.noRecord).map((d) => d.key))), unavailable: null }
      : { raised: [], lowered: [], unavailable: fill(t.explanationUnavailable, { reason: score.explanationUnavailable?.[lang] ?? '' }) },
    history: { items: historyItems },
  };
}
