// The demo host's side of the follow-up report (the simulated case system of `npm start`): a list of the
// children in care whose follow-up is due, and a child's view that embeds the report in an iframe opened with
// a development launch token for the child, as a host would. Mounted by the demo host, beside its own pages.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Router, type RequestHandler } from 'express';
import Handlebars from 'handlebars';
import { Type } from '@sinclair/typebox';
import { BeslutningsstotteError } from '../errors';
import { route } from '../server/route-schema';
import { mintDevelopmentToken, type Role } from '../server/launch-token';
import { addMonths } from '../follow-up/change-over-time';
import { listDue } from '../follow-up/follow-up-service';
import type { FollowUpDeps } from '../server/follow-up-setup';
import { CHILD_ID } from '../server/routes/follow-up-routes';
import { REPORT_TEMPLATES_DIR } from '../follow-up/report-locale';

export interface DemoFollowUpOptions {
  readonly developmentKey: Uint8Array;
  readonly audience: string;
  readonly tokenLifetimeSeconds: number;
  readonly user: { readonly userId: string; readonly role: Role };
  /** The host's own security headers for its pages. */
  readonly headers: RequestHandler;
}

/** A host's child id, as text (the follow-up routes' rule: ids longer than 15 digits keep every digit). */
const ChildNumber = Type.Object({ childId: Type.String({ pattern: CHILD_ID.source }) });
const LangOnly = Type.Object({ lang: Type.Optional(Type.Union([Type.Literal('da'), Type.Literal('en')])) }, { additionalProperties: false });

const LIST_SIZE = 40;

const shortDate = (iso: string | null) => {
  const m = iso === null ? null : /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : null;
};

export function demoFollowUpRoutes(followUp: FollowUpDeps | undefined, basePath: string, options: DemoFollowUpOptions): Router {
  const hbs = Handlebars.create();
  const read = (name: string) => readFileSync(path.join(REPORT_TEMPLATES_DIR, 'demo-host', name), 'utf8');
  const templates = { list: hbs.compile(read('follow-up-list.hbs')), child: hbs.compile(read('child-view.hbs')) };
  const router = Router();

  router.get('/opfoelgning', options.headers, async (_req, res) => {
    const due = followUp ? (await listDue(followUp, 366)).slice(0, LIST_SIZE) : [];
    const soon = addMonths(followUp?.today() ?? '9999-12-31', 1);
    const items = await Promise.all(
      due.map(async (d) => ({
        ...d,
        soon: !d.overdue && d.dueDate <= soon,
        childName: (await followUp!.host.read(d.childId))?.child.name ?? d.childId,
        url: `/boern/${encodeURIComponent(d.childId)}`,
        dueText: shortDate(d.dueDate),
        days: d.daysOverdue,
      })),
    );
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(templates.list({ items, user: options.user.userId }));
  });

  router.get('/boern/:childId', options.headers, route({ params: ChildNumber, query: LangOnly }, async (_req, res, { params, query }) => {
    const id = params.childId;
    const data = followUp ? await followUp.host.read(id) : null;
    if (!data) throw new BeslutningsstotteError('CHILD_NOT_FOUND', { id });
    const lang = query.lang ?? 'da';
    const token = await mintDevelopmentToken(options.developmentKey, { ...options.user, childId: id, audience: options.audience, lifetimeSeconds: options.tokenLifetimeSeconds });
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(
      templates.child({
        childId: id,
        childName: data.child.name,
        birthText: shortDate(data.child.birthDate),
        reportUrl: `${basePath}/panel/children/${encodeURIComponent(id)}/follow-up?lang=${lang}&token=${encodeURIComponent(token)}`,
        user: options.user.userId,
      }),
    );
  }));
  return router;
}
