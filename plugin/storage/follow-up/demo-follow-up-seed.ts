// Synthetic follow-up data for the demo: for each child in care in the seeded host database, a schedule
// (2–4 a year), goals, and measurements at each follow-up since the placement (at most two years back):
// CORS/ORS by the child from 6, SDQ by parents (4–17), teachers (from 6) and the child (from 11), Trivselslineal
// ratings by the caseworker, and goal attainment; most past follow-ups have a filed report.
// Dated relative to `today`, so the due list always shows a mix: in turn, a child's next report is overdue,
// due within the month, or not yet due (the last report was filed accordingly long ago; at most 8 overdue and
// 12 due soon, so the demo host's list of the 40 soonest shows all three); a child placed too
// recently for a report keeps the due date its placement gives. Only children under 18 on `today` are seeded.
// Seeded, so the same seed and day give the same data. Synthetic only: never about real children.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Knex } from 'knex';
import { SeededRandom } from '../../synthetic/seeded-random';
import { addMonths, ageOn } from '../../follow-up/change-over-time';
import type { HostFollowUpSource, NewMeasurement } from '../../follow-up/follow-up-records';
import { SDQ_REVERSED_ITEMS } from '../../follow-up/instruments/sdq-scoring';
import { DEFAULT_WELLBEING_AREAS } from '../../follow-up/instruments/wellbeing-ruler';
import { intervalMonths } from '../../follow-up/follow-up-schedule';
import { FollowUpRepository } from './follow-up-repository';

const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, x));
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The due state each child is seeded towards, in turn (half not yet due, a quarter each overdue and due soon). */
export const DEMO_DUE_STATES = ['overdue', 'later', 'soon', 'later'] as const;
export type DemoDueState = (typeof DEMO_DUE_STATES)[number];
/**
 * At most this many children are seeded overdue and due soon; the rest are not yet due. The demo host lists the
 * 40 soonest, most overdue first, so with a whole municipality in care all three states still show in it.
 */
export const DEMO_DUE_CAPS = { overdue: 8, soon: 12 } as const;

/** The due state of each of `count` children in care: in turn by DEMO_DUE_STATES, overdue and soon capped. */
export function demoDueStates(count: number): DemoDueState[] {
  const taken = { overdue: 0, soon: 0 };
  return Array.from({ length: count }, (_, i) => {
    const state = DEMO_DUE_STATES[i % DEMO_DUE_STATES.length]!;
    if (state === 'later') return state;
    if (taken[state] >= DEMO_DUE_CAPS[state]) return 'later';
    taken[state] += 1;
    return state;
  });
}

/**
 * The day the last report was filed, for the next one to be due as `state` says on `today` (due soon: within
 * 4–26 days; overdue: 4–43 days ago; later: more than a month ahead). null when the schedule started too
 * recently for any report to have been filed.
 */
export function lastFiledFor(state: DemoDueState, start: string, months: number, today: string, draw: (n: number) => number): string | null {
  const filed =
    state === 'overdue'
      ? addMonths(addDays(today, -(4 + draw(40))), -months)
      : state === 'soon'
        ? addMonths(addDays(today, 4 + draw(23)), -months)
        : addDays(today, -(2 + draw(months * 30 - 60)));
  return filed > addDays(start, 14) && filed <= today ? filed : null;
}

const GOALS: string[] = JSON.parse(readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'demo-goal-descriptions.json'), 'utf8')).goals;

export const DEMO_FOLLOW_UP_SEED = 2026;
export const DEMO_USER_ID = 'demo-socialraadgiver';

export interface DemoSeedResult {
  readonly children: number;
  readonly measurements: number;
  readonly goals: number;
  readonly skipped: boolean;
}


/** 25 SDQ responses around a latent difficulty level 0–1 (higher: more difficulties), as ticked. */
function sdqItems(rng: SeededRandom, difficulty: number): Array<number | null> {
  const prosocial = new Set([1, 4, 9, 17, 20]);
  return Array.from({ length: 25 }, (_, i) => {
    const item = i + 1;
    if (rng.bernoulli(0.02)) return null; // now and then an item is skipped
    const concern = prosocial.has(item) ? 1 - difficulty : difficulty;
    const scored = clamp(Math.round(concern * 2 + rng.between(-0.7, 0.7)), 0, 2);
    // prosocial items are scored positively; the reversed items are ticked the other way round
    const wanted = prosocial.has(item) ? 2 - scored : scored;
    return SDQ_REVERSED_ITEMS.has(item) ? 2 - wanted : wanted;
  });
}

export async function seedDemoFollowUp(pluginDb: Knex, host: HostFollowUpSource, options: { today: string; seed?: number; maxChildren?: number }): Promise<DemoSeedResult> {
  const existing = await pluginDb('bs_fu_schedule').count({ n: '*' });
  if (Number(existing[0]?.n ?? 0) > 0) return { children: 0, measurements: 0, goals: 0, skipped: true };
  const seed = options.seed ?? DEMO_FOLLOW_UP_SEED;
  const today = options.today;
  const stamp = `${today}T08:00:00.000Z`;
  const repo = new FollowUpRepository(pluginDb, () => new Date(stamp));
  // A child's age must be known, and under 18 (the report is for children; the reference seed ends help at 18).
  const children = (await host.childrenInCare(today)).filter((c) => c.birthDate !== null && ageOn(c.birthDate, today) < 18).slice(0, options.maxChildren ?? Infinity);

  const measurements: Array<Record<string, unknown>> = [];
  const schedules: Array<Record<string, unknown>> = [];
  const filed: Array<Record<string, unknown>> = [];
  const goalPlans: Array<{ childId: string; description: string; weight: number; agreedOn: string; ratings: Array<{ date: string; score: number }> }> = [];

  const dueStates = demoDueStates(children.length);
  children.forEach((c, index) => {
    const rng = new SeededRandom(seed, index);
    const timesPerYear = 2 + rng.int(3);
    const months = intervalMonths(timesPerYear);
    const twoYearsBack = addMonths(today, -24);
    const start = c.placedSince > twoYearsBack ? c.placedSince : twoYearsBack;
    schedules.push({ child_id: c.childId, times_per_year: timesPerYear, start_date: start, set_by: DEMO_USER_ID, set_at: stamp });

    let difficulty = rng.between(0.35, 0.8);
    let ors = rng.between(14, 27);
    const trend = rng.between(-0.04, 0.1); // most children do a little better over time, some worse
    const goalCount = 2 + rng.int(2);
    const goals = Array.from({ length: goalCount }, (_, g) => ({
      childId: c.childId,
      description: GOALS[(index + g * 3) % GOALS.length]!,
      weight: 1,
      agreedOn: start,
      ratings: [] as Array<{ date: string; score: number }>,
      level: -1 - rng.int(2),
    }));
    const push = (m: NewMeasurement) => measurements.push(FollowUpRepository.measurementRow(m, stamp, 'demo-seed'));

    // Visits at each interval from the start up to the last report filed, the last one just before it.
    const lastFiled = lastFiledFor(dueStates[index]!, start, months, today, (n) => rng.int(n));
    const visits: string[] = [];
    if (lastFiled !== null) {
      const lastVisit = addDays(lastFiled, -(2 + rng.int(5)));
      for (let due = addMonths(start, months); addDays(due, 14) < lastVisit; due = addMonths(due, months)) visits.push(addDays(due, -rng.int(21)));
      visits.push(lastVisit); // after the start: the last report is filed over 14 days after it
    }
    visits.forEach((date, visit) => {
      const age = ageOn(c.birthDate!, date);
      difficulty = clamp(difficulty - trend + rng.between(-0.08, 0.08), 0.05, 0.95);
      ors = clamp(ors + trend * 40 + rng.between(-3, 3), 4, 38);
      const base = { childId: c.childId, measuredOn: date, enteredBy: DEMO_USER_ID };
      if (age >= 6 && rng.bernoulli(0.85)) {
        const share = [rng.between(0.8, 1.2), rng.between(0.8, 1.2), rng.between(0.8, 1.2), rng.between(0.8, 1.2)];
        const [me, family, school, everything] = share.map((s) => Math.round(clamp((ors / 4) * s, 0, 10) * 10) / 10);
        push({ ...base, instrument: 'ORS', respondent: 'child', values: { items: { me, family, school, everything } } });
      }
      if (age >= 4 && age <= 17 && rng.bernoulli(0.7)) {
        push({ ...base, instrument: 'SDQ', respondent: 'parent', values: { items: sdqItems(rng, difficulty), impact: { difficulties: difficulty > 0.4 ? 2 : 1, items: { distress: rng.int(4), homeLife: rng.int(4), friendships: rng.int(3), classroomLearning: rng.int(4), leisure: rng.int(3) } } } });
      }
      if (age >= 6 && age <= 17 && visit % 2 === 0 && rng.bernoulli(0.6)) {
        push({ ...base, instrument: 'SDQ', respondent: 'teacher', values: { items: sdqItems(rng, clamp(difficulty + rng.between(-0.1, 0.1), 0, 1)) } });
      }
      if (age >= 11 && age <= 17 && rng.bernoulli(0.6)) {
        push({ ...base, instrument: 'SDQ', respondent: 'child', values: { items: sdqItems(rng, clamp(difficulty - 0.05, 0, 1)) } });
      }
      if (rng.bernoulli(0.75)) {
        for (const area of DEFAULT_WELLBEING_AREAS) {
          const value = clamp(Math.round(10 - difficulty * 9 + rng.between(-1.5, 1.5)), 1, 10);
          push({ ...base, instrument: 'TRIVSELSLINEAL', respondent: 'caseworker', area: area.code, values: { value } });
        }
      }
      for (const g of goals) {
        if (rng.bernoulli(0.1)) continue; // now and then a goal is not scored
        g.level = clamp(g.level + (rng.bernoulli(0.5 + trend * 3) ? 1 : rng.bernoulli(0.3) ? -1 : 0), -2, 2);
        g.ratings.push({ date, score: g.level });
      }
      // The last visit's report is filed on lastFiled (it decides the next due date); most earlier ones too.
      const isLast = visit === visits.length - 1;
      if (isLast || rng.bernoulli(0.85)) {
        const filedOn = isLast ? lastFiled! : addDays(date, 2 + rng.int(5));
        filed.push({ child_id: c.childId, period_from: start, period_to: date, filed_on: filedOn < lastFiled! ? filedOn : lastFiled!, filed_by: DEMO_USER_ID, format: 'pdf' });
      }
    });
    goalPlans.push(...goals);
  });

  await repo.bulkInsert('bs_fu_schedule', schedules);
  await repo.bulkInsert('bs_fu_measurement', measurements);
  await repo.bulkInsert('bs_fu_report_filed', filed);
  await pluginDb.transaction(async (trx) => {
    for (const g of goalPlans) {
      const [row] = await trx('bs_fu_goal').insert({ child_id: g.childId, description: g.description, weight: g.weight, agreed_on: g.agreedOn, created_by: DEMO_USER_ID, created_at: stamp }, ['goal_id']);
      const goalId = Number(typeof row === 'object' ? (row as { goal_id: unknown }).goal_id : row);
      const ratings = g.ratings.map((r) => ({ goal_id: goalId, child_id: g.childId, rated_on: r.date, score: r.score, entered_by: DEMO_USER_ID, entered_at: stamp }));
      for (let i = 0; i < ratings.length; i += 150) await trx('bs_fu_goal_rating').insert(ratings.slice(i, i + 150));
    }
  });
  return { children: children.length, measurements: measurements.length, goals: goalPlans.length, skipped: false };
}
