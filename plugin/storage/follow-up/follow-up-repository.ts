// The follow-up tables through knex: plain objects in and out. Only inserts: a correction is a newer row, so
// nothing already stored is lost. Free text (goal descriptions) is stored and shown, never logged.
import type { Knex } from 'knex';
import type { Goal, GoalRating, Measurement, MeasurementSource, NewMeasurement } from '../../follow-up/follow-up-records';
import type { FollowUpSchedule } from '../../follow-up/follow-up-schedule';

type Row = Record<string, unknown>;

/** Rows per insert statement (SQL Server takes at most 2,100 parameters; 10 columns a row). */
const CHUNK = 150;

function measurementRow(m: NewMeasurement, enteredAt: string, source: MeasurementSource): Row {
  return {
    child_id: m.childId,
    measured_on: m.measuredOn,
    instrument: m.instrument,
    respondent: m.respondent,
    area: m.instrument === 'TRIVSELSLINEAL' ? m.area : null,
    values_json: JSON.stringify(m.values),
    entered_by: m.enteredBy,
    entered_at: enteredAt,
    source,
  };
}

function measurementOf(r: Row): Measurement {
  return {
    measurementId: String(r.measurement_id),
    childId: String(r.child_id),
    measuredOn: String(r.measured_on),
    instrument: String(r.instrument),
    respondent: String(r.respondent),
    area: r.area === null ? null : String(r.area),
    values: JSON.parse(String(r.values_json)),
    enteredBy: String(r.entered_by),
    enteredAt: String(r.entered_at),
    source: String(r.source),
  } as Measurement;
}

export interface NewGoal {
  readonly childId: string;
  readonly description: string;
  readonly weight: number;
  readonly agreedOn: string;
  readonly createdBy: string;
}

export interface NewGoalRating {
  readonly goalId: string;
  readonly childId: string;
  readonly ratedOn: string;
  readonly score: number;
  readonly enteredBy: string;
}

export class FollowUpRepository {
  constructor(
    private readonly db: Knex,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private stamp(): string {
    return this.now().toISOString();
  }

  /** Stores measurements in one transaction: all or none. Returns their ids. */
  async addMeasurements(measurements: readonly NewMeasurement[], source: MeasurementSource = 'entry'): Promise<string[]> {
    const at = this.stamp();
    return this.db.transaction(async (trx) => {
      const ids: string[] = [];
      for (const m of measurements) {
        const [row] = await trx('bs_fu_measurement').insert(measurementRow(m, at, source), ['measurement_id']);
        ids.push(String(typeof row === 'object' ? (row as Row).measurement_id : row));
      }
      return ids;
    });
  }

  async measurementsFor(childId: string): Promise<Measurement[]> {
    const rows = await this.db('bs_fu_measurement').where({ child_id: childId }).orderBy([{ column: 'measured_on' }, { column: 'measurement_id' }]);
    return rows.map(measurementOf);
  }

  async addGoal(goal: NewGoal): Promise<string> {
    const [row] = await this.db('bs_fu_goal').insert(
      { child_id: goal.childId, description: goal.description, weight: goal.weight, agreed_on: goal.agreedOn, created_by: goal.createdBy, created_at: this.stamp() },
      ['goal_id'],
    );
    return String(typeof row === 'object' ? (row as Row).goal_id : row);
  }

  async goalsFor(childId: string): Promise<Goal[]> {
    const rows = await this.db('bs_fu_goal').where({ child_id: childId }).orderBy('goal_id');
    return rows.map((r: Row) => ({ goalId: String(r.goal_id), childId: String(r.child_id), description: String(r.description), weight: Number(r.weight), agreedOn: String(r.agreed_on) }));
  }

  async addGoalRatings(ratings: readonly NewGoalRating[]): Promise<void> {
    const at = this.stamp();
    await this.db.transaction(async (trx) => {
      for (const r of ratings) {
        await trx('bs_fu_goal_rating').insert({ goal_id: Number(r.goalId), child_id: r.childId, rated_on: r.ratedOn, score: r.score, entered_by: r.enteredBy, entered_at: at });
      }
    });
  }

  async goalRatingsFor(childId: string): Promise<GoalRating[]> {
    const rows = await this.db('bs_fu_goal_rating').where({ child_id: childId }).orderBy([{ column: 'rated_on' }, { column: 'rating_id' }]);
    return rows.map((r: Row) => ({ goalId: String(r.goal_id), ratedOn: String(r.rated_on), score: Number(r.score) }));
  }

  async setSchedule(schedule: FollowUpSchedule, setBy: string): Promise<void> {
    await this.db('bs_fu_schedule').insert({ child_id: schedule.childId, times_per_year: schedule.timesPerYear, start_date: schedule.startDate, set_by: setBy, set_at: this.stamp() });
  }

  /** The schedule in force per child (the newest row of each). */
  async schedules(childId?: string): Promise<FollowUpSchedule[]> {
    const newest = this.db('bs_fu_schedule').max({ id: 'schedule_id' }).groupBy('child_id');
    let q = this.db('bs_fu_schedule').whereIn('schedule_id', newest);
    if (childId !== undefined) q = q.andWhere({ child_id: childId });
    const rows = await q.orderBy('child_id');
    return rows.map((r: Row) => ({ childId: String(r.child_id), timesPerYear: Number(r.times_per_year), startDate: String(r.start_date) }));
  }

  /**
   * The date of the last report filed for each child: the newest filing (bs_fu_filing), or an older record of
   * bs_fu_report_filed (written by PDF downloads before filing became the caseworker's decision).
   */
  async lastFiledReports(): Promise<Map<string, string>> {
    const [older, filings] = await Promise.all([
      this.db('bs_fu_report_filed').select('child_id').max({ last: 'filed_on' }).groupBy('child_id'),
      this.db('bs_fu_filing').select('child_id').max({ last: 'filed_on' }).groupBy('child_id'),
    ]);
    const last = new Map<string, string>();
    for (const r of [...older, ...filings] as Row[]) {
      const id = String(r.child_id);
      const date = String(r.last);
      if ((last.get(id) ?? '') < date) last.set(id, date);
    }
    return last;
  }

  /** Bulk insert for the demo seed (chunked, in one transaction). */
  async bulkInsert(table: 'bs_fu_measurement' | 'bs_fu_goal_rating' | 'bs_fu_schedule' | 'bs_fu_report_filed', rows: readonly Row[]): Promise<void> {
    await this.db.transaction(async (trx) => {
      for (let i = 0; i < rows.length; i += CHUNK) await trx(table).insert(rows.slice(i, i + CHUNK));
    });
  }

  static measurementRow = measurementRow;
}
