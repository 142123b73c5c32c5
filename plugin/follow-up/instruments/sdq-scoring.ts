// SDQ (Strengths and Difficulties Questionnaire) scoring: subscales, total difficulties, impact and the
// four-band categories per informant, from item responses. Pure: numbers in, numbers out.
//
// The SDQ is licensed (youthinmind): this module holds only the published scoring rules, never an item's
// wording. Items are numbers 1–25 as printed on the form; a response is the column ticked, 0 = the first
// ("not true"), 1 = the second, 2 = the third. The rules come from "Scoring the Strengths & Difficulties
// Questionnaire for age 4-17 or 18+" and its SPSS syntax on sdqinfo.org (youthinmind):
//   - the item keys per subscale and the five reverse-scored items (7, 11, 14, 21, 25);
//   - a subscale is prorated when at least 3 of its 5 items are answered: RND(MEAN.3(items) × 5), so the
//     mean of the answered items times five, rounded half up; with fewer than 3 it is missing;
//   - total difficulties is the sum of the four difficulty subscales (not prosocial), missing if any is;
//   - the impact score sums distress and impairment (not at all / only a little = 0, quite a lot = 1, a great
//     deal = 2): five items for parents and self-report (0–10), three for teachers (0–6); when the respondent
//     answered "no" to the opening question on difficulties, the impact score is 0;
//   - the four-band categorisation (close to average, slightly raised, high, very high; for prosocial:
//     slightly lowered, low, very low) with separate cut-offs for parent, teacher and self-report forms.

export const SDQ_INFORMANTS = ['parent', 'teacher', 'self'] as const;
export type SdqInformant = (typeof SDQ_INFORMANTS)[number];

export const SDQ_SUBSCALES = ['emotional', 'conduct', 'hyperactivity', 'peer', 'prosocial'] as const;
export type SdqSubscale = (typeof SDQ_SUBSCALES)[number];
export type SdqScale = SdqSubscale | 'totalDifficulties' | 'impact';

export const SDQ_ITEM_COUNT = 25;

/** Item numbers (1-based, as printed) of each subscale (sdqinfo.org scoring instructions). */
export const SDQ_SUBSCALE_ITEMS: Readonly<Record<SdqSubscale, readonly number[]>> = {
  emotional: [3, 8, 13, 16, 24],
  conduct: [5, 7, 12, 18, 22],
  hyperactivity: [2, 10, 15, 21, 25],
  peer: [6, 11, 14, 19, 23],
  prosocial: [1, 4, 9, 17, 20],
};

/** Items scored in reverse (2 − response): sdqinfo.org scoring instructions. */
export const SDQ_REVERSED_ITEMS: ReadonlySet<number> = new Set([7, 11, 14, 21, 25]);

/** Answered items needed before a subscale is prorated (MEAN.3 in the published SPSS syntax). */
export const SDQ_MIN_ITEMS_PER_SUBSCALE = 3;

export type SdqBand = 'close-to-average' | 'slightly-raised' | 'high' | 'very-high';
export const SDQ_BANDS: readonly SdqBand[] = ['close-to-average', 'slightly-raised', 'high', 'very-high'];

/**
 * Four-band cut-offs (sdqinfo.org, "Scoring the SDQ", four-band categorisation for 4–17-year-olds). For the
 * difficulty scales and impact: the lowest score of "slightly raised", "high" and "very high". For prosocial
 * (where a low score is the concern): the highest score of "slightly lowered", "low" and "very low".
 */
export const SDQ_BAND_CUTOFFS: Readonly<Record<SdqInformant, Readonly<Record<SdqScale, readonly [number, number, number]>>>> = {
  // Parent-completed: total 0–13 / 14–16 / 17–19 / 20–40; emotional 0–3 / 4 / 5–6 / 7–10; conduct 0–2 / 3 /
  // 4–5 / 6–10; hyperactivity 0–5 / 6–7 / 8 / 9–10; peer 0–2 / 3 / 4 / 5–10; prosocial 8–10 / 7 / 6 / 0–5;
  // impact 0 / 1 / 2 / 3–10.
  parent: {
    totalDifficulties: [14, 17, 20],
    emotional: [4, 5, 7],
    conduct: [3, 4, 6],
    hyperactivity: [6, 8, 9],
    peer: [3, 4, 5],
    prosocial: [7, 6, 5],
    impact: [1, 2, 3],
  },
  // Teacher-completed: total 0–11 / 12–15 / 16–18 / 19–40; emotional 0–3 / 4 / 5 / 6–10; conduct 0–2 / 3 / 4 /
  // 5–10; hyperactivity 0–5 / 6–7 / 8 / 9–10; peer 0–2 / 3–4 / 5 / 6–10; prosocial 6–10 / 5 / 4 / 0–3;
  // impact 0 / 1 / 2 / 3–6.
  teacher: {
    totalDifficulties: [12, 16, 19],
    emotional: [4, 5, 6],
    conduct: [3, 4, 5],
    hyperactivity: [6, 8, 9],
    peer: [3, 5, 6],
    prosocial: [5, 4, 3],
    impact: [1, 2, 3],
  },
  // Self-completed (11–17): total 0–14 / 15–17 / 18–19 / 20–40; emotional 0–4 / 5 / 6 / 7–10; conduct 0–3 / 4 /
  // 5 / 6–10; hyperactivity 0–5 / 6 / 7 / 8–10; peer 0–2 / 3 / 4 / 5–10; prosocial 7–10 / 6 / 5 / 0–4;
  // impact 0 / 1 / 2 / 3–10. (Peer 4–5 / 6–10 was the older three-band split's "borderline / abnormal".)
  self: {
    totalDifficulties: [15, 18, 20],
    emotional: [5, 6, 7],
    conduct: [4, 5, 6],
    hyperactivity: [6, 7, 8],
    peer: [3, 4, 5],
    prosocial: [6, 5, 4],
    impact: [1, 2, 3],
  },
};

/** The impact supplement's items per informant (teachers are not asked about home life or leisure). */
export const SDQ_IMPACT_ITEMS: Readonly<Record<SdqInformant, readonly SdqImpactItem[]>> = {
  parent: ['distress', 'homeLife', 'friendships', 'classroomLearning', 'leisure'],
  teacher: ['distress', 'peerRelations', 'classroomLearning'],
  self: ['distress', 'homeLife', 'friendships', 'classroomLearning', 'leisure'],
};
export type SdqImpactItem = 'distress' | 'homeLife' | 'friendships' | 'peerRelations' | 'classroomLearning' | 'leisure';

/**
 * The impact supplement as ticked: `difficulties` 0 = no, 1 = minor, 2 = definite, 3 = severe; each impact
 * item 0 = not at all, 1 = only a little, 2 = quite a lot, 3 = a great deal.
 */
export interface SdqImpactResponses {
  readonly difficulties: number | null;
  readonly items: Partial<Record<SdqImpactItem, number | null>>;
}

export interface SdqResponses {
  readonly informant: SdqInformant;
  /** 25 responses in item order (index 0 = item 1); null where the item was not answered. */
  readonly items: ReadonlyArray<number | null>;
  readonly impact?: SdqImpactResponses | null;
  /**
   * The respondent child's age in whole years on the day, when known to the caller: outside the ages the
   * informant's norms cover (or null: unknown) the scores come without bands. Left out: banded as published.
   */
  readonly ageYears?: number | null;
}

export interface SdqScores {
  readonly informant: SdqInformant;
  readonly emotional: number | null;
  readonly conduct: number | null;
  readonly hyperactivity: number | null;
  readonly peer: number | null;
  readonly prosocial: number | null;
  readonly totalDifficulties: number | null;
  /** Emotional + peer, and conduct + hyperactivity (for community samples; sdqinfo.org). */
  readonly internalising: number | null;
  readonly externalising: number | null;
  /** null when the supplement was not filled in. */
  readonly impact: number | null;
  readonly bands: Readonly<Record<SdqScale, SdqBand | null>>;
  /** Subscales whose score was prorated from 3 or 4 answered items. */
  readonly prorated: readonly SdqSubscale[];
  readonly answeredItems: number;
  /** Why the bands are left out (the age given is outside the norms, or unknown); null when banded. */
  readonly normProblem?: 'age-unknown' | 'age-outside-norms' | null;
}

const isResponse = (v: unknown): v is number => v === 0 || v === 1 || v === 2;

/** The item's scored value (reverse items are 2 − response), or null when unanswered. */
export function sdqItemScore(itemNumber: number, response: number | null | undefined): number | null {
  if (response === null || response === undefined) return null;
  if (!isResponse(response)) throw new RangeError(`SDQ item ${itemNumber}: response must be 0, 1 or 2`);
  return SDQ_REVERSED_ITEMS.has(itemNumber) ? 2 - response : response;
}

/** SPSS RND: half away from zero; scores are never negative, so half up. */
const roundHalfUp = (x: number) => Math.floor(x + 0.5 + 1e-9);

export function sdqSubscaleScore(subscale: SdqSubscale, items: ReadonlyArray<number | null>): { score: number | null; prorated: boolean } {
  const scored = SDQ_SUBSCALE_ITEMS[subscale].map((n) => sdqItemScore(n, items[n - 1])).filter((v): v is number => v !== null);
  if (scored.length < SDQ_MIN_ITEMS_PER_SUBSCALE) return { score: null, prorated: false };
  const sum = scored.reduce((a, b) => a + b, 0);
  if (scored.length === 5) return { score: sum, prorated: false };
  return { score: roundHalfUp((sum / scored.length) * 5), prorated: true };
}

/** The published impact scoring: 0/1 → 0, 2 → 1, 3 → 2; "no difficulties" → 0. */
export function sdqImpactScore(informant: SdqInformant, impact: SdqImpactResponses | null | undefined): number | null {
  if (!impact) return null;
  if (impact.difficulties === 0) return 0;
  const values = SDQ_IMPACT_ITEMS[informant].map((item) => impact.items[item]).filter((v): v is number => v !== null && v !== undefined);
  if (values.length === 0) return null;
  for (const v of values) if (!Number.isInteger(v) || v < 0 || v > 3) throw new RangeError('SDQ impact items must be 0–3');
  return values.reduce((sum, v) => sum + (v === 2 ? 1 : v === 3 ? 2 : 0), 0);
}

/** The four-band category of a scale's score for an informant. */
export function sdqBand(informant: SdqInformant, scale: SdqScale, score: number | null): SdqBand | null {
  if (score === null) return null;
  const [a, b, c] = SDQ_BAND_CUTOFFS[informant][scale];
  if (scale === 'prosocial') return score > a ? 'close-to-average' : score > b ? 'slightly-raised' : score > c ? 'high' : 'very-high';
  return score < a ? 'close-to-average' : score < b ? 'slightly-raised' : score < c ? 'high' : 'very-high';
}

export function scoreSdq(responses: SdqResponses): SdqScores {
  if (responses.items.length !== SDQ_ITEM_COUNT) throw new RangeError(`SDQ needs ${SDQ_ITEM_COUNT} item positions (null where unanswered)`);
  const sub = Object.fromEntries(SDQ_SUBSCALES.map((s) => [s, sdqSubscaleScore(s, responses.items)])) as Record<SdqSubscale, { score: number | null; prorated: boolean }>;
  const difficulty = [sub.emotional.score, sub.conduct.score, sub.hyperactivity.score, sub.peer.score];
  const totalDifficulties = difficulty.some((s) => s === null) ? null : (difficulty as number[]).reduce((a, b) => a + b, 0);
  const pair = (x: number | null, y: number | null) => (x === null || y === null ? null : x + y);
  const impact = sdqImpactScore(responses.informant, responses.impact);
  const scores = {
    emotional: sub.emotional.score,
    conduct: sub.conduct.score,
    hyperactivity: sub.hyperactivity.score,
    peer: sub.peer.score,
    prosocial: sub.prosocial.score,
    totalDifficulties,
    impact,
  };
  const normProblem = responses.ageYears === undefined ? null : sdqNormProblem(responses.informant, responses.ageYears);
  const bands = Object.fromEntries(Object.entries(scores).map(([scale, score]) => [scale, normProblem === null ? sdqBand(responses.informant, scale as SdqScale, score) : null])) as Record<SdqScale, SdqBand | null>;
  return {
    informant: responses.informant,
    ...scores,
    internalising: pair(sub.emotional.score, sub.peer.score),
    externalising: pair(sub.conduct.score, sub.hyperactivity.score),
    bands,
    prorated: SDQ_SUBSCALES.filter((s) => sub[s].prorated),
    answeredItems: responses.items.filter((v) => v !== null && v !== undefined).length,
    normProblem,
  };
}

/** Which informant's form a respondent fills in (the child completes the self-report, from 11). */
export function sdqInformantOf(respondent: 'child' | 'parent' | 'teacher' | 'caseworker'): SdqInformant | null {
  return respondent === 'child' ? 'self' : respondent === 'parent' ? 'parent' : respondent === 'teacher' ? 'teacher' : null;
}

/** The self-report is published for ages 11–17. */
export const SDQ_SELF_REPORT_MIN_AGE = 11;

/**
 * The ages (whole years, inclusive) whose norms the four-band tables above were published for: the parent
 * and teacher forms for 4–17 ("for age 4-17"; the 2–4 and 18+ forms have their own tables), the self-report
 * for 11–17. A score from outside these ages is shown without a band, never banded with these norms.
 */
export const SDQ_NORM_AGES: Readonly<Record<SdqInformant, { readonly min: number; readonly max: number }>> = {
  parent: { min: 4, max: 17 },
  teacher: { min: 4, max: 17 },
  self: { min: SDQ_SELF_REPORT_MIN_AGE, max: 17 },
};

/** Why an informant's bands do not apply at an age: null when they do. */
export function sdqNormProblem(informant: SdqInformant, ageYears: number | null): 'age-unknown' | 'age-outside-norms' | null {
  if (ageYears === null) return 'age-unknown';
  const ages = SDQ_NORM_AGES[informant];
  return ageYears < ages.min || ageYears > ages.max ? 'age-outside-norms' : null;
}
