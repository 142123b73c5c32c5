// Filing a follow-up report in the plugin's database. Two parts, so that what must happen with a filing (issue
// 17's delivery outbox) happens in the same transaction or not at all:
//
// - `recordFiling(trx, filing)`: the repository function. It runs inside the caller's transaction and is
//   idempotent: filing a child's period again returns the first filing, unchanged. It inserts first and reads
//   after, so two instances filing at once meet at the unique index (ux_bs_fu_filing_child_period): the second
//   waits for the first's transaction, its insert is refused, it rolls back to its savepoint and returns the
//   first's record. The same code runs on SQLite and SQL Server.
// - `FollowUpFilings`: the filing service the routes and the command line use (the FilingStore port). It opens
//   the transaction, records the filing and, when this call created it, calls each `onFiled` handler in order
//   with the transaction and the filed record. A handler that throws rolls the filing back (nothing is filed,
//   the caller gets the error); a second filing of the same period calls no handler.
import type { Knex } from 'knex';
import type { FiledFollowUp, Filing, FilingResult, FilingStore, NewFiling } from '../../follow-up/follow-up-service';

/**
 * Called inside the filing's transaction, once, when a filing is created: write with `trx` (never with another
 * connection, or the write is not part of the filing). Throwing rolls the filing back.
 */
export type FilingHandler = (trx: Knex.Transaction, filing: FiledFollowUp) => Promise<void>;

type Row = Record<string, unknown>;
const text = (v: unknown) => (v === null || v === undefined ? null : String(v));

const filingOf = (r: Row): Filing => ({
  filingId: String(r.filing_id),
  childId: String(r.child_id),
  periodFrom: String(r.period_from),
  periodTo: String(r.period_to),
  filedAt: String(r.filed_at),
  filedOn: String(r.filed_on),
  filedBy: String(r.filed_by),
  filedByRole: String(r.filed_by_role),
  caseNumber: text(r.case_number),
  municipality: text(r.municipality),
});

const ofPeriod = (db: Knex | Knex.Transaction, f: Pick<NewFiling, 'childId' | 'periodFrom' | 'periodTo'>) =>
  db('bs_fu_filing').where({ child_id: f.childId, period_from: f.periodFrom, period_to: f.periodTo }).first();

/** Files the report for the child and period inside the caller's transaction, or returns the filing already made. */
export async function recordFiling(trx: Knex.Transaction, filing: NewFiling): Promise<FilingResult> {
  try {
    // A savepoint: a refused insert rolls back only itself, and the caller's transaction stays usable.
    await trx.transaction(async (savepoint) => {
      await savepoint('bs_fu_filing').insert({
        child_id: filing.childId,
        period_from: filing.periodFrom,
        period_to: filing.periodTo,
        filed_at: filing.filedAt,
        filed_on: filing.filedOn,
        filed_by: filing.filedBy,
        filed_by_role: filing.filedByRole,
        case_number: filing.caseNumber,
        municipality: filing.municipality,
      });
    });
  } catch (error) {
    // Filed before (by anyone, on any instance): the unique index kept the first.
    const first = await ofPeriod(trx, filing);
    if (first) return { filing: filingOf(first), created: false };
    throw error;
  }
  return { filing: filingOf((await ofPeriod(trx, filing))!), created: true };
}

/** The child's filings, newest period first. */
export async function filingsFor(db: Knex | Knex.Transaction, childId: string): Promise<Filing[]> {
  const rows = await db('bs_fu_filing').where({ child_id: childId }).orderBy([{ column: 'period_to', order: 'desc' }, { column: 'period_from', order: 'desc' }]);
  return rows.map(filingOf);
}

/** The filing service: one transaction per filing, with the handlers that must happen with it. */
export class FollowUpFilings implements FilingStore {
  constructor(
    private readonly db: Knex,
    private readonly onFiled: readonly FilingHandler[] = [],
  ) {}

  file(filing: NewFiling, next: { readonly nextDueOn: string | null }): Promise<FilingResult> {
    return this.db.transaction(async (trx) => {
      const result = await recordFiling(trx, filing);
      if (result.created) for (const handler of this.onFiled) await handler(trx, { ...result.filing, nextDueOn: next.nextDueOn });
      return result;
    });
  }

  filingsFor(childId: string): Promise<Filing[]> {
    return filingsFor(this.db, childId);
  }
}
