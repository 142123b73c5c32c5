// The follow-up report's routes, as one Express Router the plugin server mounts: the report page for the case
// view (extension point "follow-up-report"), its PDF for the journal, the entry forms (the child's CORS/ORS on
// a tablet, Trivselslineal, SDQ, goals, schedule) and a JSON API for the same. Each route checks the launch
// token for the child, validates, calls one use case and renders; errors go to the server's error mapper.
import { Type } from '@sinclair/typebox';
import express, { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { BeslutningsstotteError } from '../../errors';
import type { LaunchContext, TokenVerifier } from '../launch-token';
import { authenticateLaunch, tokenOf } from '../launch-auth';
import { buildEntryFormView } from '../../follow-up/entry-form-view';
import { ENTRY_KINDS, validateGoalsEntry, validateOrsEntry, validateRulerEntry, validateScheduleEntry, validateSdqEntry, type EntryContext, type EntryKind, type FieldError, type RawInput } from '../../follow-up/entry-validation';
import { assembleReport, renderReportPdf, reportView } from '../../follow-up/follow-up-service';
import type { FollowUpDeps } from '../follow-up-setup';
import { asReportLocale, type ReportLocale } from '../../follow-up/report-locale';
import { checked } from '../request-params';

const CHILD_ID = /^[A-Za-z0-9_.:-]{1,100}$/;

/** As manifest.json declares: caseworkers and supervisors read; caseworkers record. */
const READ_ROLES: readonly string[] = ['caseworker', 'supervisor'];
const WRITE_ROLES: readonly string[] = ['caseworker'];
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

/** The report routes' query: language, token (iframe), the form just saved, and an optional period. */
export const ReportQuery = Type.Object(
  {
    lang: Type.Optional(Type.Union([Type.Literal('da'), Type.Literal('en')])),
    token: Type.Optional(Type.String({ maxLength: 4096 })),
    saved: Type.Optional(Type.Union(ENTRY_KINDS.map((k) => Type.Literal(k)))),
    from: Type.Optional(IsoDate),
    to: Type.Optional(IsoDate),
  },
  { additionalProperties: false },
);

const periodOf = (query: { from?: string; to?: string }) => ({ ...(query.from ? { from: query.from } : {}), ...(query.to ? { to: query.to } : {}) });

export interface FollowUpRoutesOptions {
  readonly deps: FollowUpDeps;
  readonly verify: TokenVerifier;
  /** Where the plugin is mounted ('' at the root). */
  readonly basePath: string;
  readonly logger?: Logger;
}

function childIdOf(req: Request): string {
  const id = req.params.childId;
  if (typeof id !== 'string' || !CHILD_ID.test(id)) throw new BeslutningsstotteError('REQUEST_INVALID', { detail: 'params /childId: must be a child id' });
  return id;
}

function entryKindOf(req: Request): EntryKind {
  const kind = req.params.kind as EntryKind;
  if (!ENTRY_KINDS.includes(kind)) throw new BeslutningsstotteError('ROUTE_NOT_FOUND');
  return kind;
}

export function followUpRoutes(options: FollowUpRoutesOptions): Router {
  const { deps, basePath } = options;
  const router = Router();
  const reportUrl = (childId: string, lang: ReportLocale, token: string, extra = '') => `${basePath}/panel/children/${encodeURIComponent(childId)}/follow-up${extra}?lang=${lang}&token=${encodeURIComponent(token)}`;

  /** Verifies the token for the child and the role for the view (entries: caseworkers only); logs and rethrows a refusal. */
  const launchFor = (req: Request, res: Response, childId: string, view: string): Promise<LaunchContext> =>
    authenticateLaunch(options.verify, req, { childId }, {
      allow: (launch) => {
        const writes = view === 'entry' || view === 'form';
        if (!(writes ? WRITE_ROLES : READ_ROLES).includes(launch.role)) {
          throw new BeslutningsstotteError('ROLE_NOT_ALLOWED', { role: launch.role, action: writes ? 'record follow-up data' : 'open the follow-up report' });
        }
      },
      refused: (code, launch) => log(res, childId, launch, view, 'refused', code),
    });
  const log = async (res: Response, childId: string, launch: LaunchContext | null, view: string, outcome: 'shown' | 'stored' | 'refused', code: string | null) => {
    try {
      await deps.repo.logAccess({ requestId: String(res.locals.requestId ?? '-'), userId: launch?.userId ?? null, role: launch?.role ?? null, childId, view, outcome, code });
    } catch (cause) {
      throw new BeslutningsstotteError('AUDIT_UNAVAILABLE', {}, { cause });
    }
  };

  const entryContext = (childId: string, launch: LaunchContext): EntryContext => ({ childId, userId: launch.userId, today: deps.today(), ruler: deps.ruler });

  /** Validates and stores one entry; returns the field errors when refused (then nothing is stored). */
  const store = async (kind: EntryKind, raw: RawInput, ctx: EntryContext): Promise<readonly FieldError[]> => {
    if (kind === 'goals') {
      const goals = await deps.repo.goalsFor(ctx.childId);
      const checked = validateGoalsEntry(raw, ctx, goals.map((g) => g.goalId));
      if (!checked.ok) return checked.errors;
      const v = checked.value;
      if (v.ratings.length > 0) await deps.repo.addGoalRatings(v.ratings.map((r) => ({ goalId: r.goalId, childId: ctx.childId, ratedOn: v.ratedOn, score: r.score, enteredBy: ctx.userId })));
      if (v.newGoal) await deps.repo.addGoal({ childId: ctx.childId, ...v.newGoal, createdBy: ctx.userId });
      return [];
    }
    if (kind === 'schedule') {
      const checked = validateScheduleEntry(raw, ctx);
      if (!checked.ok) return checked.errors;
      await deps.repo.setSchedule({ childId: ctx.childId, ...checked.value }, ctx.userId);
      return [];
    }
    const checked = kind === 'cors' ? validateOrsEntry(raw, ctx) : kind === 'ruler' ? validateRulerEntry(raw, ctx) : validateSdqEntry(raw, ctx);
    if (!checked.ok) return checked.errors;
    await deps.repo.addMeasurements(checked.value);
    return [];
  };

  const renderForm = async (res: Response, childId: string, kind: EntryKind, lang: ReportLocale, token: string, values: RawInput, errors: readonly FieldError[]) => {
    const [host, goals] = await Promise.all([deps.host.read(childId), deps.repo.goalsFor(childId)]);
    if (host === null) throw new BeslutningsstotteError('CHILD_NOT_FOUND', { id: childId });
    const view = buildEntryFormView({
      kind,
      lang,
      messages: deps.messages[lang],
      childId,
      childName: host.child.name,
      values,
      errors,
      ruler: deps.ruler,
      goals,
      today: deps.today(),
      action: `${basePath}/panel/children/${encodeURIComponent(childId)}/follow-up/${kind}?lang=${lang}`,
      backUrl: reportUrl(childId, lang, token),
      token,
      sdqWording: deps.sdqWording ?? null,
      assetBase: basePath,
    });
    res.status(errors.length > 0 ? 422 : 200).setHeader('Cache-Control', 'no-store');
    res.type('html').send(deps.templates.form(view));
  };

  router.get('/assets/follow-up.css', (_req, res) => {
    res.type('css').setHeader('Cache-Control', 'public, max-age=3600');
    res.send(deps.templates.css);
  });

  router.get('/panel/children/:childId/follow-up', async (req, res) => {
    const childId = childIdOf(req);
    const query = checked(ReportQuery, req.query, 'query');
    const lang = asReportLocale(query.lang);
    const launch = await launchFor(req, res, childId, 'page');
    const token = tokenOf(req) ?? '';
    const assembled = await assembleReport(deps, childId, periodOf(query));
    const form = (kind: EntryKind) => `${basePath}/panel/children/${encodeURIComponent(childId)}/follow-up/${kind}?lang=${lang}&token=${encodeURIComponent(token)}`;
    const view = reportView(deps, assembled, lang, { cors: form('cors'), ruler: form('ruler'), sdq: form('sdq'), goals: form('goals'), schedule: form('schedule'), pdf: reportUrl(childId, lang, token, '/pdf') }, basePath);
    await log(res, childId, launch, 'page', 'shown', null);
    const saved = query.saved !== undefined;
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(deps.templates.page({ ...view, saved }));
  });

  router.get('/panel/children/:childId/follow-up/print', async (req, res) => {
    const childId = childIdOf(req);
    const lang = asReportLocale(req.query.lang);
    const query = checked(ReportQuery, req.query, 'query');
    const launch = await launchFor(req, res, childId, 'print');
    const view = reportView(deps, await assembleReport(deps, childId, periodOf(query)), lang, null, basePath);
    await log(res, childId, launch, 'print', 'shown', null);
    res.setHeader('Cache-Control', 'no-store');
    // The print view links its stylesheet (the plugin's CSP allows no inline style); the PDF inlines it.
    res.type('html').send(deps.templates.print({ ...view, css: null }));
  });

  router.get('/panel/children/:childId/follow-up/pdf', async (req, res) => {
    const childId = childIdOf(req);
    const lang = asReportLocale(req.query.lang);
    const query = checked(ReportQuery, req.query, 'query');
    const launch = await launchFor(req, res, childId, 'pdf');
    const assembled = await assembleReport(deps, childId, periodOf(query));
    const pdf = await renderReportPdf(deps, reportView(deps, assembled, lang, null, basePath));
    await deps.repo.fileReport({ childId, periodFrom: assembled.report.period.from, periodTo: assembled.report.period.to, filedOn: deps.today(), filedBy: launch.userId, format: 'pdf' });
    await log(res, childId, launch, 'pdf', 'shown', null);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Disposition', `attachment; filename="opfoelgning-${childId}-${assembled.report.period.to}.pdf"`);
    res.type('application/pdf').send(pdf);
  });

  router.get('/panel/children/:childId/follow-up/:kind', async (req, res) => {
    const childId = childIdOf(req);
    const kind = entryKindOf(req);
    const lang = asReportLocale(req.query.lang);
    const launch = await launchFor(req, res, childId, 'form');
    await log(res, childId, launch, 'form', 'shown', null);
    await renderForm(res, childId, kind, lang, tokenOf(req) ?? '', {}, []);
  });

  router.post('/panel/children/:childId/follow-up/:kind', express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 200 }), async (req, res) => {
    const childId = childIdOf(req);
    const kind = entryKindOf(req);
    const lang = asReportLocale(req.query.lang);
    const launch = await launchFor(req, res, childId, 'entry');
    const token = tokenOf(req) ?? '';
    const raw = { ...(req.body as RawInput) };
    delete (raw as Record<string, unknown>).token;
    const errors = await store(kind, raw, entryContext(childId, launch));
    if (errors.length > 0) {
      await log(res, childId, launch, 'entry', 'refused', 'MEASUREMENT_INVALID');
      res.locals.code = 'MEASUREMENT_INVALID';
      await renderForm(res, childId, kind, lang, token, raw, errors);
      return;
    }
    await log(res, childId, launch, 'entry', 'stored', null);
    res.redirect(303, `${reportUrl(childId, lang, token)}&saved=${kind}`);
  });

  router.get('/api/v1/children/:childId/follow-up', async (req, res) => {
    const childId = childIdOf(req);
    const lang = asReportLocale(req.query.lang);
    const query = checked(ReportQuery, req.query, 'query');
    const launch = await launchFor(req, res, childId, 'json');
    const assembled = await assembleReport(deps, childId, periodOf(query));
    const view = reportView(deps, assembled, lang, null, basePath);
    await log(res, childId, launch, 'json', 'shown', null);
    res.setHeader('Cache-Control', 'no-store');
    // A CDS Hooks-shaped card beside the content, for hosts that already show cards.
    const first = [...view.summary.worse, ...view.summary.better, ...view.summary.missing][0] ?? deps.messages[lang].summaryNothing;
    const card = {
      summary: first.length <= 140 ? first : `${first.slice(0, 139)}…`,
      indicator: 'info',
      source: { label: deps.messages[lang].title, url: `${req.protocol}://${req.get('host') ?? ''}${basePath}/panel/children/${encodeURIComponent(childId)}/follow-up` },
    };
    res.json({ card, report: assembled.report, schedule: assembled.schedule, due: assembled.due, summary: view.summary });
  });

  router.post('/api/v1/children/:childId/follow-up/entries/:kind', express.json({ limit: '32kb' }), async (req, res) => {
    const childId = childIdOf(req);
    const kind = entryKindOf(req);
    const launch = await launchFor(req, res, childId, 'entry');
    const body = req.body as unknown;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new BeslutningsstotteError('REQUEST_INVALID', { detail: 'body: must be a JSON object' });
    const errors = await store(kind, body as RawInput, entryContext(childId, launch));
    if (errors.length > 0) {
      await log(res, childId, launch, 'entry', 'refused', 'MEASUREMENT_INVALID');
      const error = new BeslutningsstotteError('MEASUREMENT_INVALID', { instrument: kind, detail: errors.map((e) => `${e.field} ${e.problem}`).join('; ') });
      res.locals.code = error.code;
      res.status(error.status).setHeader('Cache-Control', 'no-store');
      res.json({ code: error.code, message: error.message, fields: errors, requestId: res.locals.requestId });
      return;
    }
    await log(res, childId, launch, 'entry', 'stored', null);
    res.status(201).json({ stored: true, childId, kind });
  });

  return router;
}
