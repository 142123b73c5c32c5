// The follow-up report's routes, as one Express Router the plugin server mounts: the report page for the case
// view (extension point "follow-up-report"), its PDF for the journal, the caseworker's entry forms
// (Trivselslineal, SDQ, goals, schedule), the child's own form on a tablet, and a JSON API for the same. Each
// route declares its inputs, opens the view through the one launch check (plugin/server/view-access.ts),
// validates, calls one use case and renders; errors go to the server's error mapper. No URL built here carries
// a token. Every request for a child ends with a record in the one audit trail (extension point
// follow-up-report, the view, the child): shown, stored, or refused with its code (audit-subject.ts).
//
// Filing is the caseworker's decision: "Journalisér" on the report page (a form post with the view's
// credential) or the JSON API files the period once; printing or downloading the PDF files nothing.
//
// The child's form is a view of its own: the caseworker starts it from the report (a form post), which hands
// the tablet over. The caseworker's view ends there, and the new view opens one form for one child, once,
// for a short time; its page has no link anywhere, and saving ends it with a neutral thank-you.
import { Type } from '@sinclair/typebox';
import express, { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { BeslutningsstotteError } from '../../errors';
import type { LaunchContext } from '../launch-token';
import { auditSubject, recordOutcome, refusalAuditing, type AuditDeps } from '../audit-subject';
import { ageOn } from '../../follow-up/change-over-time';
import { buildEntryFormView } from '../../follow-up/entry-form-view';
import { ENTRY_KINDS, validateGoalsEntry, validateOrsEntry, validateRulerEntry, validateScheduleEntry, validateSdqEntry, type EntryContext, type EntryKind, type FieldError, type RawInput } from '../../follow-up/entry-validation';
import { assembleReport, fileFollowUpReport, filingState, renderReportPdf, reportView } from '../../follow-up/follow-up-service';
import type { FollowUpDeps } from '../follow-up-setup';
import { asReportLocale, reportFormat, type ReportLocale } from '../../follow-up/report-locale';
import { buildFilingDeliveryView, type FilingDeliveryView } from '../../follow-up/filing-delivery-view';
import type { Filing } from '../../follow-up/follow-up-service';
import { route } from '../route-schema';
import { type LaunchChannels, type OpenedView, type ViewAccess } from '../view-access';

/** A host's child id, as text (never a number: ids longer than 15 digits keep every digit). */
export const CHILD_ID = /^[A-Za-z0-9_.:-]{1,100}$/;

/** As manifest.json declares: caseworkers and supervisors read; caseworkers record. */
const READ_ROLES: readonly string[] = ['caseworker', 'supervisor'];
const WRITE_ROLES: readonly string[] = ['caseworker'];
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Lang = Type.Union([Type.Literal('da'), Type.Literal('en')]);
/** The child's form lives at most this long after the caseworker starts it (and never past the caseworker's view). */
export const CHILD_FORM_LIFETIME_SECONDS = 15 * 60;
/** The form a child fills in on the tablet. */
const CHILD_FORM: EntryKind = 'cors';

export const ChildParams = Type.Object({ childId: Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,100}$' }) }, { additionalProperties: false });
export const EntryParams = Type.Object({ childId: ChildParams.properties.childId, kind: Type.Union(ENTRY_KINDS.map((k) => Type.Literal(k))) }, { additionalProperties: false });
const ViewCredential = Type.String({ pattern: '^[A-Za-z0-9_-]{43}$' });

/** The report routes' query: language, the launch token (first request of an iframe only), the form just saved, and an optional period. */
export const ReportQuery = Type.Object(
  {
    lang: Type.Optional(Lang),
    token: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
    saved: Type.Optional(Type.Union(ENTRY_KINDS.map((k) => Type.Literal(k)))),
    /** The report was just filed (the redirect after "Journalisér"). */
    filed: Type.Optional(Type.Literal('1')),
    from: Type.Optional(IsoDate),
    to: Type.Optional(IsoDate),
  },
  { additionalProperties: false },
);
export const LangQuery = Type.Object({ lang: Type.Optional(Lang) }, { additionalProperties: false });

/**
 * An entry body (form or JSON): named fields whose values are plain text or numbers, never objects or lists;
 * the instrument's rules (entry-validation.ts) then check each value. Text fields the rules read as text are
 * declared as text, so a JSON object there is a 400 naming the field, never a crash.
 */
const Scalar = Type.Union([Type.String({ maxLength: 2000 }), Type.Number(), Type.Null()]);
export const EntryBody = Type.Object(
  {
    view: Type.Optional(ViewCredential),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    measuredOn: Type.Optional(Type.String({ maxLength: 40 })),
    ratedOn: Type.Optional(Type.String({ maxLength: 40 })),
    agreedOn: Type.Optional(Type.String({ maxLength: 40 })),
    startDate: Type.Optional(Type.String({ maxLength: 40 })),
  },
  { additionalProperties: Scalar, propertyNames: { pattern: '^[A-Za-z][A-Za-z0-9_]{0,63}$' }, maxProperties: 120 },
);
const StartChildFormBody = Type.Object({ view: Type.Optional(ViewCredential) }, { additionalProperties: false });
/** Filing: the period to file (default: the report's own period, as the page shows it) and, from a form, the view's credential. */
export const FilingBody = Type.Object({ view: Type.Optional(ViewCredential), from: Type.Optional(IsoDate), to: Type.Optional(IsoDate) }, { additionalProperties: false });

const periodOf = (query: { from?: string; to?: string }) => ({ ...(query.from ? { from: query.from } : {}), ...(query.to ? { to: query.to } : {}) });

export interface FollowUpRoutesOptions {
  readonly deps: FollowUpDeps;
  /** The one launch check, shared with the panel. */
  readonly views: ViewAccess;
  /** Where the plugin is mounted ('' at the root). */
  readonly basePath: string;
  /** The plugin's public origin: the start of the absolute URLs the JSON card carries. */
  readonly publicBaseUrl: string;
  /** The one audit trail every view, entry and refusal is recorded in. */
  readonly audit: AuditDeps;
  readonly logger?: Logger;
}

export const FOLLOW_UP_EXTENSION = 'follow-up-report';

/** Entry forms: at most a few hundred small fields. More is refused (413), never parsed. */
const entryForm = express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 120 });
/** The filing form and its JSON: three small fields. */
const filingForm = express.urlencoded({ extended: false, limit: '2kb', parameterLimit: 10 });
const filingJson = express.json({ limit: '2kb' });

export function followUpRoutes(options: FollowUpRoutesOptions): Router {
  const { deps, basePath, views } = options;
  const router = Router();
  const childPath = (childId: string, suffix = '') => `${basePath}/panel/children/${encodeURIComponent(childId)}/follow-up${suffix}`;
  const reportUrl = (childId: string, lang: ReportLocale, suffix = '') => `${childPath(childId, suffix)}?lang=${lang}`;
  const childFormPath = `${basePath}/panel/child-form`;

  type FollowUpView = 'page' | 'print' | 'pdf' | 'json' | 'form' | 'entry' | 'child-form-start' | 'child-form' | 'file';

  /** Records what the request showed or stored (or refused by field); nothing is shown when the record cannot be written. */
  const record = async (res: Response, outcome: 'shown' | 'stored' | 'refused', code: string | null) => {
    const subject = res.locals.auditSubject;
    if (subject === undefined) throw new BeslutningsstotteError('INTERNAL_ERROR', { requestId: res.locals.requestId });
    try {
      await recordOutcome(options.audit, res, subject, outcome, code);
    } catch (cause) {
      throw new BeslutningsstotteError('AUDIT_UNAVAILABLE', {}, { cause });
    }
  };

  /**
   * Names the child, then opens a view of the child (launch token or view credential) and checks the role for
   * it (entries: caseworkers only). A refusal is audited, with who asked, when the request ends.
   */
  const openChild = async (req: Request, res: Response, childId: string, view: FollowUpView, channels: LaunchChannels = {}): Promise<OpenedView> => {
    const subject = auditSubject(res, { extensionPoint: FOLLOW_UP_EXTENSION, view, childId });
    const opened = await views.open(req, { kind: 'follow-up', subjectId: childId }, channels, (l) => (subject.launch = l));
    subject.launch = opened.launch;
    const writes = view === 'entry' || view === 'form' || view === 'child-form-start' || view === 'file';
    if (!(writes ? WRITE_ROLES : READ_ROLES).includes(opened.launch.role)) {
      const action = view === 'file' ? 'file the follow-up report' : writes ? 'record follow-up data' : 'open the follow-up report';
      throw new BeslutningsstotteError('ROLE_NOT_ALLOWED', { role: opened.launch.role, action });
    }
    res.locals.openedView = opened;
    return opened;
  };
  /** The route step (route-schema.ts, `open`) that opens the child's view before the query and body are checked. */
  const opensChild =
    (view: FollowUpView, channels: LaunchChannels = {}) =>
    async (req: Request, res: Response, params: Record<string, string>): Promise<void> => {
      await openChild(req, res, params.childId!, view, channels);
    };
  /** The child's form has no child id in its URL: the view says which child and which form. */
  const opensChildForm = async (req: Request, res: Response): Promise<void> => {
    const opened = await views.open(req, { kind: 'child-form', subjectId: '', form: CHILD_FORM, anySubject: true });
    auditSubject(res, { extensionPoint: FOLLOW_UP_EXTENSION, view: 'child-form', childId: opened.session.subjectId }).launch = opened.launch;
    res.locals.openedView = opened;
  };
  const openedView = (res: Response): OpenedView => {
    const opened = res.locals.openedView;
    if (opened === undefined) throw new BeslutningsstotteError('INTERNAL_ERROR', { requestId: res.locals.requestId });
    return opened;
  };

  /** What became of the filing's deliveries, in the reader's language; null before the period is filed. */
  const deliveryState = async (filing: Filing | null, lang: ReportLocale): Promise<FilingDeliveryView | null> => {
    if (filing === null) return null;
    const t = deps.messages[lang];
    return buildFilingDeliveryView(await deps.deliveries(filing), lang, t, reportFormat(lang, t));
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

  /** The entry form; for the child's form (`backUrl` null) without any link out of it. */
  const renderForm = async (res: Response, childId: string, kind: EntryKind, lang: ReportLocale, target: { action: string; backUrl: string | null; credential: string }, values: RawInput, errors: readonly FieldError[]) => {
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
      action: target.action,
      backUrl: target.backUrl ?? '',
      token: target.credential,
      sdqWording: deps.sdqWording ?? null,
      assetBase: basePath,
      childAge: host.child.birthDate === null ? null : ageOn(host.child.birthDate, deps.today()),
    });
    res.status(errors.length > 0 ? 422 : 200).setHeader('Cache-Control', 'no-store');
    res.type('html').send(deps.templates.form({ ...view, backUrl: target.backUrl }));
  };

  /** The submitted fields without the view credential. */
  const fieldsOf = (body: Record<string, unknown>): RawInput => {
    const raw: Record<string, unknown> = { ...body };
    delete raw.view;
    return raw;
  };

  router.get('/assets/follow-up.css', (_req, res) => {
    res.type('css').setHeader('Cache-Control', 'public, max-age=3600');
    res.send(deps.templates.css);
  });

  router.get(
    '/panel/children/:childId/follow-up',
    route({ params: ChildParams, open: opensChild('page', { query: true }), query: ReportQuery }, async (req, res, { params, query }) => {
      const { childId } = params;
      const lang = asReportLocale(query.lang);
      const opened = openedView(res);
      if (views.handOver(req, res, opened)) return;
      const assembled = await assembleReport(deps, childId, periodOf(query));
      const form = (kind: EntryKind) => reportUrl(childId, lang, `/${kind}`);
      const links = { cors: `${childPath(childId, '/child-form')}?lang=${lang}`, ruler: form('ruler'), sdq: form('sdq'), goals: form('goals'), schedule: form('schedule'), pdf: reportUrl(childId, lang, '/pdf') };
      const mayFile = WRITE_ROLES.includes(opened.launch.role);
      const filing = await filingState(deps, childId, assembled, mayFile ? reportUrl(childId, lang, '/filing') : null, query.filed === '1');
      const view = reportView(deps, assembled, lang, links, basePath, { caseworker: opened.launch.userId, filing });
      const delivery = await deliveryState(filing.current, lang);
      await record(res, 'shown', null);
      res.setHeader('Cache-Control', 'no-store');
      res.type('html').send(deps.templates.page({ ...view, delivery, saved: query.saved !== undefined, viewCredential: opened.credential }));
    }),
  );

  router.get(
    '/panel/children/:childId/follow-up/print',
    route({ params: ChildParams, open: opensChild('print', { query: true }), query: ReportQuery }, async (req, res, { params, query }) => {
      const { childId } = params;
      const lang = asReportLocale(query.lang);
      const opened = openedView(res);
      if (views.handOver(req, res, opened)) return;
      const view = reportView(deps, await assembleReport(deps, childId, periodOf(query)), lang, null, basePath, { caseworker: opened.launch.userId });
      await record(res, 'shown', null);
      res.setHeader('Cache-Control', 'no-store');
      // The print view links its stylesheet (the plugin's CSP allows no inline style); the PDF inlines it.
      res.type('html').send(deps.templates.print({ ...view, css: null }));
    }),
  );

  router.get(
    '/panel/children/:childId/follow-up/pdf',
    route({ params: ChildParams, open: opensChild('pdf', { query: true }), query: ReportQuery }, async (req, res, { params, query }) => {
      const { childId } = params;
      const lang = asReportLocale(query.lang);
      const opened = openedView(res);
      if (views.handOver(req, res, opened)) return;
      const assembled = await assembleReport(deps, childId, periodOf(query));
      // Printing files nothing: filing is the caseworker's own decision (POST …/follow-up/filing).
      const pdf = await renderReportPdf(deps, reportView(deps, assembled, lang, null, basePath, { caseworker: opened.launch.userId }));
      await record(res, 'shown', null);
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Content-Disposition', `attachment; filename="opfoelgning-${childId}-${assembled.report.period.to}.pdf"`);
      res.type('application/pdf').send(pdf);
    }),
  );

  // "Journalisér": files the period shown, once, then shows the report with who filed it and when.
  router.post(
    '/panel/children/:childId/follow-up/filing',
    filingForm,
    route({ params: ChildParams, open: opensChild('file'), query: LangQuery, body: FilingBody }, async (_req, res, { params, query, body }) => {
      const { childId } = params;
      const lang = asReportLocale(query.lang);
      const opened = openedView(res);
      const { filing, created } = await fileFollowUpReport(deps, childId, periodOf(body), opened.launch);
      // Stored when this request filed it; shown when the period was filed before (nothing changed).
      await record(res, created ? 'stored' : 'shown', null);
      views.setCookie(res, opened);
      res.setHeader('Cache-Control', 'no-store');
      res.redirect(303, `${reportUrl(childId, lang)}&from=${filing.periodFrom}&to=${filing.periodTo}&filed=1`);
    }),
  );

  // The caseworker hands the tablet to the child: their own view ends here, and the child's form opens.
  router.post(
    '/panel/children/:childId/follow-up/child-form',
    entryForm,
    route({ params: ChildParams, open: opensChild('child-form-start'), query: LangQuery, body: StartChildFormBody }, async (req, res, { params, query }) => {
      const { childId } = params;
      const lang = asReportLocale(query.lang);
      const caseworker = openedView(res);
      if ((await deps.host.read(childId)) === null) throw new BeslutningsstotteError('CHILD_NOT_FOUND', { id: childId });
      const child = await views.openDerived(caseworker, { kind: 'child-form', subjectId: childId, form: CHILD_FORM }, CHILD_FORM_LIFETIME_SECONDS);
      await views.close(caseworker);
      await record(res, 'stored', null);
      views.clearCookie(res, { kind: 'follow-up', subjectId: childId });
      views.setCookie(res, child);
      res.setHeader('Cache-Control', 'no-store');
      res.redirect(303, `${childFormPath}?lang=${lang}`);
    }),
  );


  router.get(
    '/panel/child-form',
    route({ open: opensChildForm, query: LangQuery }, async (_req, res, { query }) => {
      const lang = asReportLocale(query.lang);
      const opened = openedView(res);
      const childId = opened.session.subjectId;
      await record(res, 'shown', null);
      await renderForm(res, childId, CHILD_FORM, lang, { action: `${childFormPath}?lang=${lang}`, backUrl: null, credential: opened.credential }, {}, []);
    }),
  );

  router.post(
    '/panel/child-form',
    entryForm,
    route({ open: opensChildForm, query: LangQuery, body: EntryBody }, async (_req, res, { query, body }) => {
      const lang = asReportLocale(query.lang);
      const opened = openedView(res);
      const childId = opened.session.subjectId;
      const raw = fieldsOf(body);
      const ctx = entryContext(childId, opened.launch);
      const checked = validateOrsEntry(raw, ctx);
      if (!checked.ok) {
        await record(res, 'refused', 'MEASUREMENT_INVALID');
        res.locals.code = 'MEASUREMENT_INVALID';
        await renderForm(res, childId, CHILD_FORM, lang, { action: `${childFormPath}?lang=${lang}`, backUrl: null, credential: opened.credential }, raw, checked.errors);
        return;
      }
      // Once: the view is closed before the answers are stored, so a second post (another tab, another instance) stores nothing.
      if (!(await views.close(opened))) throw new BeslutningsstotteError('VIEW_CLOSED', { reason: 'the form was saved' });
      await deps.repo.addMeasurements(checked.value);
      await record(res, 'stored', null);
      views.clearCookie(res, { kind: 'child-form', subjectId: childId });
      res.setHeader('Cache-Control', 'no-store');
      res.redirect(303, `${childFormPath}/done?lang=${lang}`);
    }),
  );

  // The neutral thank-you: nothing about the child, no link, no credential needed.
  router.get(
    '/panel/child-form/done',
    route({ query: LangQuery }, (_req, res, { query }) => {
      const lang = asReportLocale(query.lang);
      const f = deps.messages[lang].forms;
      res.setHeader('Cache-Control', 'no-store');
      res.type('html').send(deps.templates.thanks({ lang, title: f.childThanksTitle, text: f.childThanksText, assetBase: basePath }));
    }),
  );

  router.get(
    '/panel/children/:childId/follow-up/:kind',
    route({ params: EntryParams, open: opensChild('form'), query: LangQuery }, async (req, res, { params, query }) => {
      const { childId, kind } = params;
      const lang = asReportLocale(query.lang);
      const opened = openedView(res);
      await record(res, 'shown', null);
      await renderForm(res, childId, kind, lang, { action: reportUrl(childId, lang, `/${kind}`), backUrl: reportUrl(childId, lang), credential: opened.credential }, {}, []);
    }),
  );

  router.post(
    '/panel/children/:childId/follow-up/:kind',
    entryForm,
    route({ params: EntryParams, open: opensChild('entry'), query: LangQuery, body: EntryBody }, async (req, res, { params, query, body }) => {
      const { childId, kind } = params;
      const lang = asReportLocale(query.lang);
      const opened = openedView(res);
      const raw = fieldsOf(body);
      const errors = await store(kind, raw, entryContext(childId, opened.launch));
      if (errors.length > 0) {
        await record(res, 'refused', 'MEASUREMENT_INVALID');
        res.locals.code = 'MEASUREMENT_INVALID';
        await renderForm(res, childId, kind, lang, { action: reportUrl(childId, lang, `/${kind}`), backUrl: reportUrl(childId, lang), credential: opened.credential }, raw, errors);
        return;
      }
      await record(res, 'stored', null);
      views.setCookie(res, opened);
      res.redirect(303, `${reportUrl(childId, lang)}&saved=${kind}`);
    }),
  );

  router.get(
    '/api/v1/children/:childId/follow-up',
    route({ params: ChildParams, open: opensChild('json'), query: ReportQuery }, async (_req, res, { params, query }) => {
      const { childId } = params;
      const lang = asReportLocale(query.lang);
      const opened = openedView(res);
      const assembled = await assembleReport(deps, childId, periodOf(query));
      const view = reportView(deps, assembled, lang, null, basePath);
      await record(res, 'shown', null);
      res.setHeader('Cache-Control', 'no-store');
      // A CDS Hooks-shaped card beside the content, for hosts that already show cards.
      const first = [...view.summary.worse, ...view.summary.better, ...view.summary.missing][0] ?? deps.messages[lang].summaryNothing;
      const card = {
        summary: first.length <= 140 ? first : `${first.slice(0, 139)}…`,
        indicator: 'info',
        source: { label: deps.messages[lang].title, url: `${options.publicBaseUrl}${childPath(childId)}` },
      };
      const { current } = await filingState(deps, childId, assembled, null, false);
      const delivery = await deliveryState(current, lang);
      res.json({ card, report: assembled.report, schedule: assembled.schedule, due: assembled.due, summary: view.summary, filing: current, delivery });
    }),
  );

  router.post(
    '/api/v1/children/:childId/follow-up/filings',
    filingJson,
    route({ params: ChildParams, open: opensChild('file'), body: FilingBody }, async (_req, res, { params, body }) => {
      const { childId } = params;
      const opened = openedView(res);
      const { filing, created } = await fileFollowUpReport(deps, childId, periodOf(body), opened.launch);
      await record(res, created ? 'stored' : 'shown', null);
      res.status(created ? 201 : 200).setHeader('Cache-Control', 'no-store');
      res.json({ filed: true, created, filing });
    }),
  );

  router.post(
    '/api/v1/children/:childId/follow-up/entries/:kind',
    express.json({ limit: '32kb' }),
    route({ params: EntryParams, open: opensChild('entry'), body: EntryBody }, async (_req, res, { params, body }) => {
      const { childId, kind } = params;
      const opened = openedView(res);
      const errors = await store(kind, fieldsOf(body), entryContext(childId, opened.launch));
      if (errors.length > 0) {
        await record(res, 'refused', 'MEASUREMENT_INVALID');
        const error = new BeslutningsstotteError('MEASUREMENT_INVALID', { instrument: kind, detail: errors.map((e) => `${e.field} ${e.problem}`).join('; ') });
        res.locals.code = error.code;
        res.status(error.status).setHeader('Cache-Control', 'no-store');
        res.json({ code: error.code, message: error.message, fields: errors, requestId: res.locals.requestId });
        return;
      }
      await record(res, 'stored', null);
      res.status(201).json({ stored: true, childId, kind });
    }),
  );

  // Mounted alone (the demo host, tests) or in the plugin's router, every refusal here is audited.
  router.use(refusalAuditing({ ...options.audit, ...(options.logger ? { logger: options.logger } : {}) }));
  return router;
}
