// The follow-up report's use cases, shared by the routes and the command line: assemble the report for a
// child (host reads + the plugin's own tables → the pure report → the view model → HTML or PDF), list the
// follow-ups that are due, and file a report when the caseworker decides to. The clock and the stores are
// handed in (the filing store, plugin/storage/follow-up/follow-up-filing.ts, owns the transaction).
import { BeslutningsstotteError } from '../errors';
import { addMonths } from './change-over-time';
import { buildFollowUpReport, type FollowUpReport, type ReportPeriod } from './follow-up-report';
import { dueFollowUps, nextDue, type DueFollowUp, type FollowUpSchedule } from './follow-up-schedule';
import type { Goal, GoalRating, HostFollowUpData, HostFollowUpSource, Measurement } from './follow-up-records';
import type { WellbeingRulerConfig } from './instruments/wellbeing-ruler';
import { fillText, reportFormat, type ReportLocale, type ReportMessages } from './report-locale';
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

/** What the journal entry and the PDF name, where the host has it (through the mapping); null where it has not. */
export interface JournalFacts {
  readonly municipality: string | null;
  /** The newest of the child's cases opened by the period's end. */
  readonly caseNumber: string | null;
}

export interface AssembledReport {
  readonly report: FollowUpReport;
  readonly schedule: FollowUpSchedule | null;
  readonly due: DueFollowUp | null;
  readonly journal: JournalFacts;
}

function journalFacts(host: HostFollowUpData, periodTo: string): JournalFacts {
  const open = (host.caseNumbers ?? []).filter((c) => c.opened === null || c.opened <= periodTo);
  const newest = [...open].sort((a, b) => ((a.opened ?? '') < (b.opened ?? '') ? 1 : (a.opened ?? '') > (b.opened ?? '') ? -1 : 0))[0];
  return { municipality: host.municipality ?? null, caseNumber: newest?.number ?? null };
}

/** A report to file: one child and period, who files it, and what the journal entry names. */
export interface NewFiling {
  readonly childId: string;
  readonly periodFrom: string;
  readonly periodTo: string;
  /** ISO instant (UTC). */
  readonly filedAt: string;
  /** The day of filing (YYYY-MM-DD): the next follow-up counts from it. */
  readonly filedOn: string;
  readonly filedBy: string;
  readonly filedByRole: string;
  readonly caseNumber: string | null;
  readonly municipality: string | null;
}

/** A filed report, as stored (one per child and period). */
export interface Filing extends NewFiling {
  readonly filingId: string;
}

/** The filing, and whether this call made it (false: the period was filed before; the first filing, unchanged). */
export interface FilingResult {
  readonly filing: Filing;
  readonly created: boolean;
}

/** What the filing's handlers are handed besides the record: the child's next follow-up date, when scheduled. */
export interface FiledFollowUp extends Filing {
  readonly nextDueOn: string | null;
}

/** The filing store, as a port (plugin/storage/follow-up/follow-up-filing.ts fills it, with its handlers). */
export interface FilingStore {
  /** Files once per child and period; runs the store's handlers in the same transaction when it creates the record. */
  file(filing: NewFiling, next: { readonly nextDueOn: string | null }): Promise<FilingResult>;
  /** The child's filings, newest period first. */
  filingsFor(childId: string): Promise<Filing[]>;
}

/** The report's dependencies and what filing needs besides: the filing store and the clock of record times. */
export interface FilingDeps extends ReportDeps {
  readonly filings: FilingStore;
  readonly now: () => Date;
}

/** Who files: the caseworker the host launched the view for, or the command line's user. */
export interface Filer {
  readonly userId: string;
  readonly role: string;
}

/** The page's filing block, as the route knows it. */
export interface FilingState {
  /** The filing of the period shown, if made. */
  readonly current: Filing | null;
  /** The newest filing of another period. */
  readonly last: Filing | null;
  /** Where "Journalisér" posts; null when the user may not file (the page says who may). */
  readonly action: string | null;
  /** The page has just been filed (the redirect after the post). */
  readonly filedNow: boolean;
}

/** Who the report is made for (named on the PDF) and its filing state (the page only). */
export interface ReportDocument {
  readonly caseworker?: string | null;
  readonly filing?: FilingState | null;
}

export interface FilingView {
  readonly heading: string;
  /** "Journaliseret <date> af <user>." once filed; null before. */
  readonly filedText: string | null;
  readonly filedNow: string | null;
  readonly explain: string | null;
  readonly earlier: string | null;
  readonly notAllowed: string | null;
  readonly button: string;
  readonly action: string | null;
  readonly from: string;
  readonly to: string;
}

/** The report's view with the journal lines the PDF prints and the page's filing block. */
export type ReportPageView = ReportView & { readonly journal: readonly string[]; readonly filing: FilingView | null };

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
  return { report, schedule, due: schedule ? nextDue(schedule, lastReportDate, today) : null, journal: journalFacts(host, to) };
}

export function reportView(deps: ReportDeps, assembled: AssembledReport, lang: ReportLocale, links: ReportLinks | null, assetBase = '', doc: ReportDocument = {}): ReportPageView {
  const view = buildReportView(assembled.report, {
    lang,
    messages: deps.messages[lang],
    today: deps.today(),
    due: assembled.due,
    timesPerYear: assembled.schedule?.timesPerYear ?? null,
    synthetic: deps.synthetic,
    links,
    assetBase,
  });
  const t = deps.messages[lang];
  const f = reportFormat(lang, t);
  const j = t.journal;
  const { municipality, caseNumber } = assembled.journal;
  const caseworker = doc.caseworker ?? null;
  // Said plainly when the host has not given it: the reader of the journal should not have to guess.
  const journal = [
    fillText(j.municipality, { value: municipality ?? j.municipalityMissing }),
    fillText(j.caseworker, { value: caseworker ?? j.caseworkerMissing }),
    fillText(j.caseNumber, { value: caseNumber ?? j.caseNumberMissing }),
  ];
  const pdfHeader = caseNumber ? `${view.pdfHeader} · ${fillText(j.pdfHeaderCase, { value: caseNumber })}` : view.pdfHeader;
  const { from, to } = assembled.report.period;
  const state = doc.filing ?? null;
  const filing: FilingView | null = state
    ? {
        heading: t.filing.heading,
        filedText: state.current ? fillText(t.filing.filed, { date: f.date(state.current.filedOn), user: state.current.filedBy }) : null,
        filedNow: state.current && state.filedNow ? t.filing.filedNow : null,
        explain: state.current ? null : fillText(t.filing.explain, { from: f.date(from), to: f.date(to) }),
        earlier: !state.current && state.last ? fillText(t.filing.earlier, { from: f.date(state.last.periodFrom), to: f.date(state.last.periodTo), date: f.date(state.last.filedOn) }) : null,
        notAllowed: !state.current && state.action === null ? t.filing.onlyCaseworker : null,
        button: t.filing.button,
        action: state.current ? null : state.action,
        from,
        to,
      }
    : null;
  return { ...view, pdfHeader, journal, filing };
}

/**
 * Files the child's report for the period (default: the report's own, as the page shows it), once: a second
 * filing of the same period returns the first, unchanged. Filing is the caseworker's decision; printing files
 * nothing. A period that ends after today cannot be filed (the report would still change).
 */
export async function fileFollowUpReport(deps: FilingDeps, childId: string, period: Partial<ReportPeriod>, by: Filer): Promise<FilingResult> {
  const filedOn = deps.today();
  if (period.to !== undefined && period.to > filedOn) throw new BeslutningsstotteError('REQUEST_INVALID', { detail: 'a period that ends after today cannot be filed' });
  const assembled = await assembleReport(deps, childId, period);
  const { from, to } = assembled.report.period;
  const nextDueOn = assembled.schedule ? nextDue(assembled.schedule, filedOn, filedOn).dueDate : null;
  return deps.filings.file(
    {
      childId,
      periodFrom: from,
      periodTo: to,
      filedAt: deps.now().toISOString(),
      filedOn,
      filedBy: by.userId,
      filedByRole: by.role,
      caseNumber: assembled.journal.caseNumber,
      municipality: assembled.journal.municipality,
    },
    { nextDueOn },
  );
}

/** The page's filing block for the period shown: this period's filing, the newest other one, and where to post. */
export async function filingState(deps: FilingDeps, childId: string, assembled: AssembledReport, action: string | null, filedNow: boolean): Promise<FilingState> {
  const filings = await deps.filings.filingsFor(childId);
  const { from, to } = assembled.report.period;
  const current = filings.find((x) => x.periodFrom === from && x.periodTo === to) ?? null;
  return { current, last: filings.find((x) => x !== current) ?? null, action, filedNow };
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
