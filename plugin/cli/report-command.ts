// `beslutningsstotte report`: the follow-up report from the command line.
//   report --list-due [--format json]                         due and overdue follow-ups (child id, due date)
//   report --child ID --format html|pdf --out FILE [--lang en] one child's report
//   report --child ID --mark-filed [--entered-by USER]         file the child's report for the period (once; audited)
//   report --seed-demo                                        synthetic follow-up data for the demo's children in care
//   report --import FILE --entered-by USER                    SDQ / ORS results from a licensed service (CSV or JSON)
// Databases come from the server configuration (--config; default: the embedded demo files).
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import { BeslutningsstotteError } from '../errors';
import { assembleReport, fileFollowUpReport, listDue, renderReportPdf, reportView } from '../follow-up/follow-up-service';
import { openFollowUp, todayIso } from '../server/follow-up-setup';
import { readDeliveryConfig } from '../graph/delivery-config-file';
import { filingHandlersFor } from '../storage/filing-deliveries';
import { asReportLocale } from '../follow-up/report-locale';
import { seedDemoFollowUp } from '../storage/follow-up/demo-follow-up-seed';
import { importRows } from '../follow-up/measurement-import';
import { readServerConfig } from '../server/server-config';
import type { CliIo } from './cli-io';
import { loadMapping } from '../../adapters/mapping/mapping-file';
import { AuditRepository } from '../storage/audit-repository';
import { operatingSystemUser } from '../operating-system-user';

export interface ReportCommandOptions {
  readonly listDue?: boolean;
  readonly child?: string;
  readonly format?: string;
  readonly out?: string;
  readonly lang?: string;
  readonly from?: string;
  readonly to?: string;
  readonly today?: string;
  readonly horizon?: string;
  readonly config?: string;
  readonly seedDemo?: boolean;
  readonly markFiled?: boolean;
  readonly import?: string;
  readonly enteredBy?: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const CHILD_ID = /^[A-Za-z0-9_.:-]{1,100}$/;
const USER_ID = /^[A-Za-z0-9_.:@-]{1,200}$/;
/** The role a filing from the command line is recorded with (the host's roles come from its launch tokens). */
const COMMAND_LINE_ROLE = 'command-line';

function checkDate(value: string | undefined, name: string): string | undefined {
  if (value !== undefined && (!ISO_DATE.test(value) || Number.isNaN(Date.parse(value)))) throw new BeslutningsstotteError('INPUT_INVALID', { detail: `${name} must be a date YYYY-MM-DD` });
  return value;
}

export async function runReportCommand(options: ReportCommandOptions, io: CliIo): Promise<number> {
  const today = checkDate(options.today, '--today') ?? todayIso();
  const from = checkDate(options.from, '--from');
  const to = checkDate(options.to, '--to');
  const modes = [options.listDue, options.child !== undefined, options.seedDemo, options.import !== undefined].filter(Boolean).length;
  if (modes !== 1) {
    io.err('error: give exactly one of --list-due, --child <id>, --import <file> or --seed-demo');
    return 2;
  }
  if (options.child !== undefined && !CHILD_ID.test(options.child)) throw new BeslutningsstotteError('INPUT_INVALID', { detail: '--child must be a child id' });
  const config = readServerConfig(options.config);
  // Filing from the command line writes the same deliveries as filing on the page (BESLUTNINGSSTOTTE_DELIVERY_CONFIG).
  const onFiled = filingHandlersFor(readDeliveryConfig());
  const open = await openFollowUp(config, (hostDb) => loadMapping(config.mappingFile, hostDb), { today: () => today, onFiled });
  const { deps } = open;
  try {
    if (options.seedDemo) {
      const result = await seedDemoFollowUp(open.pluginDb, deps.host, { today });
      io.out(result.skipped ? 'The demo follow-up data is already seeded.' : `Seeded follow-up data for ${result.children} children in care: ${result.measurements} measurements, ${result.goals} goals.`);
      return 0;
    }
    if (options.import !== undefined) {
      if (options.enteredBy === undefined || !USER_ID.test(options.enteredBy)) throw new BeslutningsstotteError('INPUT_INVALID', { detail: '--entered-by <user id> is required with --import' });
      let rows: Array<Record<string, unknown>>;
      try {
        const text = readFileSync(options.import, 'utf8');
        rows = options.import.toLowerCase().endsWith('.json') ? JSON.parse(text) : parseCsv(text, { columns: true, skip_empty_lines: true, trim: true, bom: true });
      } catch (cause) {
        throw new BeslutningsstotteError('INPUT_INVALID', { detail: `the file ${options.import} cannot be read as CSV or JSON` }, { cause });
      }
      if (!Array.isArray(rows)) throw new BeslutningsstotteError('INPUT_INVALID', { detail: 'a JSON import is an array of rows' });
      const result = importRows(rows, { userId: options.enteredBy, today, ruler: deps.ruler });
      if (!result.ok) {
        for (const p of result.problems) io.err(`row ${p.row}: ${p.field} ${p.problem}${p.allowed ? ` (${p.allowed})` : ''}`);
        throw new BeslutningsstotteError('MEASUREMENT_INVALID', { instrument: 'import', detail: `${result.problems.length} problem(s), listed above` });
      }
      const unknown: string[] = [];
      for (const childId of new Set(result.measurements.map((m) => m.childId))) if ((await deps.host.read(childId)) === null) unknown.push(childId);
      if (unknown.length > 0) throw new BeslutningsstotteError('CHILD_NOT_FOUND', { id: unknown.join(', ') });
      await deps.repo.addMeasurements(result.measurements, 'import');
      io.out(`Imported ${result.measurements.length} measurements.`);
      return 0;
    }
    if (options.listDue) {
      const horizon = options.horizon === undefined ? 30 : Number.parseInt(options.horizon, 10);
      if (!Number.isInteger(horizon) || horizon < 0 || horizon > 366) throw new BeslutningsstotteError('INPUT_INVALID', { detail: '--horizon must be 0–366 days' });
      const due = await listDue(deps, horizon);
      if (options.format === 'json') io.out(JSON.stringify(due.map((d) => ({ childId: d.childId, dueDate: d.dueDate, overdue: d.overdue, daysOverdue: d.daysOverdue, lastReportDate: d.lastReportDate })), null, 2));
      else {
        io.out('childId\tdueDate\toverdue\tdaysOverdue');
        for (const d of due) io.out(`${d.childId}\t${d.dueDate}\t${d.overdue ? 'yes' : 'no'}\t${d.daysOverdue}`);
      }
      return 0;
    }
    const format = options.format ?? 'html';
    if (format !== 'html' && format !== 'pdf') throw new BeslutningsstotteError('INPUT_INVALID', { detail: '--format must be html or pdf for --child' });
    if (options.out === undefined && !options.markFiled) throw new BeslutningsstotteError('INPUT_INVALID', { detail: '--out <file> is required with --child (or --mark-filed to file the report only)' });
    if (options.enteredBy !== undefined && !USER_ID.test(options.enteredBy)) throw new BeslutningsstotteError('INPUT_INVALID', { detail: '--entered-by must be a user id' });
    const childId = options.child!;
    const period = { ...(from ? { from } : {}), ...(to ? { to } : {}) };
    // Who files from the command line (and is named on the PDF): --entered-by, else the operating system's user.
    const user = options.enteredBy ?? operatingSystemUser() ?? 'os:unknown';
    if (options.out !== undefined) {
      const view = reportView(deps, await assembleReport(deps, childId, period), asReportLocale(options.lang), null, '', { caseworker: options.enteredBy ?? null });
      if (format === 'pdf') writeFileSync(options.out, await renderReportPdf(deps, view));
      else writeFileSync(options.out, deps.templates.print({ ...view, css: deps.templates.css }));
      io.out(`Wrote ${options.out}`);
    }
    if (options.markFiled) {
      // The same filing as "Journalisér" on the report page: once per child and period, audited.
      const { filing, created } = await fileFollowUpReport(deps, childId, period, { userId: user, role: COMMAND_LINE_ROLE });
      try {
        await new AuditRepository(open.pluginDb).write({
          occurredAt: deps.now().toISOString(),
          requestId: randomUUID(),
          userId: user,
          userRole: COMMAND_LINE_ROLE,
          extensionPoint: 'follow-up-report',
          view: 'file',
          referralId: null,
          childId,
          modelId: null,
          modelVersion: null,
          score: null,
          outcome: created ? 'stored' : 'shown',
          code: null,
        });
      } catch (cause) {
        throw new BeslutningsstotteError('AUDIT_UNAVAILABLE', {}, { cause });
      }
      io.out(
        created
          ? `Filed the report for ${filing.periodFrom} – ${filing.periodTo} (filing ${filing.filingId}); the next follow-up counts from ${filing.filedOn}.`
          : `The report for ${filing.periodFrom} – ${filing.periodTo} was filed on ${filing.filedOn} by ${filing.filedBy}; nothing changed.`,
      );
    }
    return 0;
  } finally {
    await open.close();
  }
}

