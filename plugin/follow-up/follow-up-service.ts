// The follow-up report's use cases, shared by the routes and the command line: assemble the report for a
// child (host reads + the plugin's own tables → the pure report → the view model → HTML or PDF), and list the
// follow-ups that are due. The clock is handed in.
import { BeslutningsstotteError } from '../errors';
import { addMonths } from './change-over-time';
import { buildFollowUpReport, type FollowUpReport, type ReportPeriod } from './follow-up-report';
import { dueFollowUps, nextDue, type DueFollowUp, type FollowUpSchedule } from './follow-up-schedule';
import type { Goal, GoalRating, HostFollowUpSource, Measurement } from './follow-up-records';
import type { WellbeingRulerConfig } from './instruments/wellbeing-ruler';
import type { ReportLocale, ReportMessages } from './report-locale';
import type { ReportTemplates } from './report-templates';
import { buildReportView, type ReportLinks, type ReportView } from './report-view-model';

export interface PdfLabels {
  /** Child and period, printed at the top of every page. */
  readonly header: string;
  readonly page: string;
  readonly of: string;
}

/** Prints a report's HTML to PDF (plugin/printing does it with Chromium); handed in, so the report core prints nothing itself. */
export interface ReportPrinter {
  print(html: string, labels: PdfLabels): Promise<Buffer>;
  close(): Promise<void>;
}

/** What the report reads from the plugin's own tables, as a port (plugin/storage/follow-up fills it). */
export interface FollowUpReadStore {
  measurementsFor(childId: string): Promise<Measurement[]>;
  goalsFor(childId: string): Promise<Goal[]>;
  goalRatingsFor(childId: string): Promise<GoalRating[]>;
  /** Every child's schedule, or one child's. */
  schedules(childId?: string): Promise<FollowUpSchedule[]>;
  /** The date of each child's last filed report, by child id. */
  lastFiledReports(): Promise<Map<string, string>>;
}

/** What the use cases are handed: the host and store ports, the texts and templates, the printer and the clock. */
export interface ReportDeps {
  readonly host: HostFollowUpSource;
  readonly repo: FollowUpReadStore;
  readonly ruler: WellbeingRulerConfig;
  readonly templates: ReportTemplates;
  readonly messages: Record<ReportLocale, ReportMessages>;
  readonly pdf: ReportPrinter;
  /** Today as 'YYYY-MM-DD'. */
  readonly today: () => string;
  /** Shows the synthetic-data banner (the demo). */
  readonly synthetic: boolean;
  /** Licensed SDQ wording by item number, from the municipality's own file; null shows item numbers only. */
  readonly sdqWording?: Readonly<Record<string, string>> | null;
}

export interface AssembledReport {
  readonly report: FollowUpReport;
  readonly schedule: FollowUpSchedule | null;
  readonly due: DueFollowUp | null;
}

export const DEFAULT_PERIOD_MONTHS = 24;

export async function assembleReport(deps: ReportDeps, childId: string, period?: Partial<ReportPeriod>): Promise<AssembledReport> {
  const today = deps.today();
  const [host, measurements, goals, goalRatings, schedules, lastReports] = await Promise.all([
    deps.host.read(childId),
    deps.repo.measurementsFor(childId),
    deps.repo.goalsFor(childId),
    deps.repo.goalRatingsFor(childId),
    deps.repo.schedules(childId),
    deps.repo.lastFiledReports(),
  ]);
  if (host === null) throw new BeslutningsstotteError('CHILD_NOT_FOUND', { id: childId });
  const schedule = schedules[0] ?? null;
  const to = period?.to ?? today;
  const from = period?.from ?? (schedule && schedule.startDate >= addMonths(to, -DEFAULT_PERIOD_MONTHS) ? schedule.startDate : addMonths(to, -DEFAULT_PERIOD_MONTHS));
  if (from > to) throw new BeslutningsstotteError('REQUEST_INVALID', { detail: 'the period ends before it starts' });
  const lastReportDate = lastReports.get(childId) ?? null;
  const report = buildFollowUpReport({ host, measurements, goals, goalRatings, schedule, lastReportDate, period: { from, to }, ruler: deps.ruler });
  return { report, schedule, due: schedule ? nextDue(schedule, lastReportDate, today) : null };
}

export function reportView(deps: ReportDeps, assembled: AssembledReport, lang: ReportLocale, links: ReportLinks | null, assetBase = ''): ReportView {
  return buildReportView(assembled.report, {
    lang,
    messages: deps.messages[lang],
    today: deps.today(),
    due: assembled.due,
    timesPerYear: assembled.schedule?.timesPerYear ?? null,
    synthetic: deps.synthetic,
    links,
    assetBase,
  });
}

export function renderReportHtml(deps: ReportDeps, view: ReportView): string {
  return deps.templates.page(view);
}

export async function renderReportPdf(deps: ReportDeps, view: ReportView): Promise<Buffer> {
  const html = deps.templates.print({ ...view, links: null, css: deps.templates.css });
  return deps.pdf.print(html, { header: view.pdfHeader, page: view.t.pageLabel, of: view.t.pageOf });
}

export async function listDue(deps: ReportDeps, horizonDays = 30): Promise<DueFollowUp[]> {
  const [schedules, lastReports] = await Promise.all([deps.repo.schedules(), deps.repo.lastFiledReports()]);
  return dueFollowUps(schedules, lastReports, deps.today(), horizonDays);
}
