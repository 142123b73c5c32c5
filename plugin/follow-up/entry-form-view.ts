// The entry forms as the template needs them: labels from the locale file, the values the user entered (kept
// when an entry is refused, so nothing typed is lost), and each field's error text tied to its field. SDQ
// items are shown by number with the response options; a municipality's licensed wording only when it
// supplies the file. The child's own form is the CORS (faces) for children up to 12 and the ORS with its own
// neutral wording from 13 (no licensed text in either); each line is eleven steps 0–10 that start unset, so
// nothing is ever answered for the child (the page runs no script, so no slider that starts at a value).
import type { EntryKind, FieldError, RawInput } from './entry-validation';
import type { Goal } from './follow-up-records';
import { ORS_AREAS, ORS_ITEM_MAX, ORS_ITEM_MIN, ORS_NORMS } from './instruments/ors-scoring';
import { SDQ_IMPACT_ITEMS, SDQ_ITEM_COUNT } from './instruments/sdq-scoring';
import { DEFAULT_WELLBEING_AREAS, type WellbeingRulerConfig } from './instruments/wellbeing-ruler';
import { fillText, type ReportLocale, type ReportMessages } from './report-locale';

export interface FormField {
  readonly name: string;
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly error: string | null;
  readonly errorId: string;
}

export interface RadioGroup extends FormField {
  readonly options: ReadonlyArray<{ readonly value: string; readonly label: string; readonly checked: boolean; readonly id: string }>;
  readonly wording: string | null;
}

export interface ChildScale extends FormField {
  /** The eleven steps 0–10; none checked until the child chooses one. */
  readonly options: ReadonlyArray<{ readonly value: string; readonly id: string; readonly checked: boolean; readonly label: string }>;
  readonly unanswered: boolean;
}

export interface EntryFormView {
  readonly lang: ReportLocale;
  readonly t: ReportMessages;
  readonly f: ReportMessages['forms'];
  readonly kind: EntryKind;
  readonly isCors: boolean;
  /** The young person's ORS (13 and over): text ends instead of faces, its own wording. */
  readonly isOrsForm: boolean;
  readonly childScales: readonly ChildScale[];
  readonly lowLabel: string;
  readonly highLabel: string;
  /** Lines left unanswered: the form offers to save without them (stored as not answered). */
  readonly offerSaveAnyway: boolean;
  readonly errorsHeading: string;
  readonly isRuler: boolean;
  readonly isSdq: boolean;
  readonly isGoals: boolean;
  readonly isSchedule: boolean;
  readonly title: string;
  readonly intro: string;
  readonly childLine: string;
  readonly action: string;
  readonly backUrl: string;
  readonly token: string;
  readonly errors: ReadonlyArray<{ readonly text: string; readonly href: string }>;
  readonly date: FormField | null;
  readonly fields: readonly FormField[];
  readonly radios: readonly RadioGroup[];
  readonly impact: readonly RadioGroup[];
  readonly goalDescription: FormField | null;
  readonly goalAgreedOn: FormField | null;
  readonly goalWeight: FormField | null;
  readonly wordingNote: boolean;
  readonly rulerMin: number;
  readonly rulerMax: number;
  readonly assetBase: string;
}

export interface EntryFormOptions {
  readonly kind: EntryKind;
  readonly lang: ReportLocale;
  readonly messages: ReportMessages;
  readonly childId: string;
  readonly childName: string;
  readonly values: RawInput;
  readonly errors: readonly FieldError[];
  readonly ruler: WellbeingRulerConfig;
  readonly goals: readonly Goal[];
  readonly today: string;
  readonly action: string;
  readonly backUrl: string;
  readonly token: string;
  /** Licensed SDQ wording by item number, from the municipality's file; null shows numbers only. */
  readonly sdqWording: Readonly<Record<string, string>> | null;
  readonly assetBase: string;
  /** The child's age in whole years today (the form is chosen by it: CORS to 12, ORS from 13); null: unknown. */
  readonly childAge?: number | null;
}

export function buildEntryFormView(o: EntryFormOptions): EntryFormView {
  const t = o.messages;
  const f = t.forms;
  const errorOf = (name: string) => {
    const e = o.errors.find((x) => x.field === name);
    return e ? fillText(f.problems[e.problem], { allowed: e.allowed ?? '' }) : null;
  };
  const value = (name: string, fallback = '') => {
    const v = o.values[name];
    return v === undefined || v === null ? fallback : String(v);
  };
  const field = (name: string, label: string, fallback = ''): FormField => ({ name, id: `fu-${name}`, label, value: value(name, fallback), error: errorOf(name), errorId: `fu-${name}-error` });
  const radios = (name: string, label: string, options: ReadonlyArray<{ value: string; label: string }>, wording: string | null = null): RadioGroup => {
    const base = field(name, label);
    return { ...base, wording, options: options.map((opt, i) => ({ ...opt, id: `fu-${name}-${i}`, checked: base.value === opt.value })) };
  };
  const date = field(o.kind === 'goals' ? 'ratedOn' : o.kind === 'schedule' ? 'startDate' : 'measuredOn', o.kind === 'goals' ? f.ratedOn : o.kind === 'schedule' ? f.startDate : f.measuredOn, o.today);
  let fields: FormField[] = [];
  let groups: RadioGroup[] = [];
  let impact: RadioGroup[] = [];
  const direction = o.ruler.higherIsBetter ? t.rulerHigherBetter : t.rulerLowerBetter;
  const c = t.childForm;
  const orsForm = o.kind === 'cors' && o.childAge !== undefined && o.childAge !== null && o.childAge >= ORS_NORMS.adolescent.minAge;
  const childScales: ChildScale[] =
    o.kind === 'cors'
      ? ORS_AREAS.map((a) => {
          const base = field(a, orsForm ? c.orsAreas[a] : f.childAreas[a]);
          const chosen = base.value.trim().replace(',', '.');
          return {
            ...base,
            unanswered: o.errors.some((e) => e.field === a && e.problem === 'not-answered'),
            options: Array.from({ length: ORS_ITEM_MAX - ORS_ITEM_MIN + 1 }, (_, i) => {
              const v = String(ORS_ITEM_MIN + i);
              return { value: v, id: `fu-${a}-${v}`, checked: chosen !== '' && Number(chosen) === Number(v), label: fillText(c.stepLabel, { value: v }) };
            }),
          };
        })
      : [];
  if (o.kind === 'ruler') fields = (o.ruler.areas ?? DEFAULT_WELLBEING_AREAS).map((a) => field(`area_${a.code}`, o.lang === 'en' ? a.name.en ?? a.name.da : a.name.da));
  if (o.kind === 'schedule') fields = [field('timesPerYear', f.timesPerYear, '4')];
  if (o.kind === 'sdq') {
    const options = [{ value: '', label: f.sdqNoAnswer }, ...f.sdqOptions.map((label, i) => ({ value: String(i), label }))];
    groups = [
      radios('respondent', f.respondent, (['parent', 'teacher', 'child'] as const).map((r) => ({ value: r, label: f.respondents[r] }))),
      ...Array.from({ length: SDQ_ITEM_COUNT }, (_, i) => radios(`item${i + 1}`, fillText(f.sdqItem, { n: i + 1 }), options, o.sdqWording?.[String(i + 1)] ?? null)),
    ];
    const impactOptions = [{ value: '', label: f.sdqNoAnswer }, ...f.impactOptions.map((label, i) => ({ value: String(i), label }))];
    const informant = value('respondent') === 'teacher' ? 'teacher' : 'parent';
    const items = new Set([...SDQ_IMPACT_ITEMS[informant], ...SDQ_IMPACT_ITEMS.parent, ...SDQ_IMPACT_ITEMS.teacher]);
    impact = [
      radios('impactDifficulties', f.impactDifficulties, [{ value: '', label: f.sdqNoAnswer }, ...f.impactDifficultiesOptions.map((label, i) => ({ value: String(i), label }))]),
      ...[...items].map((item) => radios(`impact_${item}`, f.impactItems[item], impactOptions)),
    ];
  }
  if (o.kind === 'goals') {
    const scale = [{ value: '', label: f.notRatedNow }, ...['-2', '-1', '0', '1', '2'].map((v) => ({ value: v, label: `${v === '0' ? '0' : Number(v) > 0 ? `+${v}` : `−${v.slice(1)}`}: ${t.gasScale[v as keyof ReportMessages['gasScale']]}` }))];
    groups = o.goals.map((g) => radios(`score_${g.goalId}`, g.description, scale));
  }
  const errors = o.errors.map((e) =>
    e.field === 'lines' ? { text: c.noneAnswered, href: `#fu-${ORS_AREAS[0]}` } : { text: `${labelOf(e.field, [...fields, ...childScales], groups, impact, date, f)}: ${fillText(f.problems[e.problem], { allowed: e.allowed ?? '' })}`, href: `#fu-${e.field}` },
  );
  const offerSaveAnyway = o.kind === 'cors' && o.errors.length > 0 && o.errors.every((e) => e.problem === 'not-answered');
  return {
    lang: o.lang,
    t,
    f,
    kind: o.kind,
    isCors: o.kind === 'cors',
    isOrsForm: orsForm,
    childScales,
    lowLabel: orsForm ? c.orsLow : f.childSad,
    highLabel: orsForm ? c.orsHigh : f.childHappy,
    offerSaveAnyway,
    errorsHeading: o.kind === 'cors' ? c.errorsHeading : f.errorsHeading,
    isRuler: o.kind === 'ruler',
    isSdq: o.kind === 'sdq',
    isGoals: o.kind === 'goals',
    isSchedule: o.kind === 'schedule',
    title: o.kind === 'cors' ? (orsForm ? c.orsTitle : c.corsTitle) : f.titles[o.kind],
    intro: o.kind === 'cors' ? (orsForm ? c.orsIntro : c.corsIntro) : fillText(f.intros[o.kind], { min: o.ruler.min, max: o.ruler.max, direction }),
    childLine: fillText(t.childLine, { name: o.childName, id: o.childId }),
    action: o.action,
    backUrl: o.backUrl,
    token: o.token,
    errors,
    date,
    fields,
    radios: groups,
    impact,
    goalDescription: o.kind === 'goals' ? field('description', f.description) : null,
    goalAgreedOn: o.kind === 'goals' ? field('agreedOn', f.agreedOn, o.today) : null,
    goalWeight: o.kind === 'goals' ? field('weight', f.weight, '1') : null,
    wordingNote: o.kind === 'sdq' && o.sdqWording !== null,
    rulerMin: o.ruler.min,
    rulerMax: o.ruler.max,
    assetBase: o.assetBase,
  };
}

function labelOf(name: string, fields: readonly FormField[], groups: readonly RadioGroup[], impact: readonly RadioGroup[], date: FormField, f: ReportMessages['forms']): string {
  const found = [...fields, ...groups, ...impact, date].find((x) => x.name === name);
  if (found) return found.label;
  if (name === 'description') return f.description;
  if (name === 'agreedOn') return f.agreedOn;
  if (name === 'weight') return f.weight;
  return f.titles.goals;
}
