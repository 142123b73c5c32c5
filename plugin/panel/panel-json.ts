// The JSON API's answer: the panel's view model in a CDS Hooks card (uuid, summary under 140 characters,
// indicator, source with label and link, links) plus the same content as the HTML panel under `panel`.
import { randomUUID } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import type { PanelView } from './panel-view-model';

const Factor = Type.Object({ input: Type.String(), text: Type.String(), label: Type.String(), value: Type.String(), weightPercent: Type.Integer(), direction: Type.Union([Type.Literal('raised'), Type.Literal('lowered')]) });
const HostRecord = Type.Object(
  {
    table: Type.String({ description: 'The host table the record is in.' }),
    kind: Type.String({ description: 'What people call the kind of record (the field mapping\'s label of the table, or the table name).' }),
    id: Type.String({ description: 'The host\'s own id of the record, to find it in the case system.' }),
    date: Type.Union([Type.String(), Type.Null()], { description: 'The record\'s date as the host holds it (YYYY-MM-DD…), or null when it has none.' }),
    text: Type.String({ description: 'Kind, id and date in one line, as the HTML panel shows it.' }),
    url: Type.Union([Type.String(), Type.Null()], { description: 'A link that opens the record in the host (server config recordLinks), or null.' }),
    sibling: Type.Boolean({ description: 'The record is about a sibling of the child.' }),
  },
  { additionalProperties: false },
);
const DataLine = Type.Object({
  input: Type.String(),
  label: Type.String(),
  value: Type.Union([Type.String(), Type.Null()]),
  missing: Type.Boolean(),
  noRecord: Type.Boolean({ description: 'Nothing was recorded: the value is what the model assumes without a record, not a recorded value (a recorded 0 is false here).' }),
  source: Type.String(),
  sourceTable: Type.String({ description: 'The host table the value was read from ("" when none).' }),
  date: Type.String(),
  records: Type.Array(HostRecord, { description: 'Every host record the value rests on, newest first.' }),
  flags: Type.Array(Type.String()),
});
const Figures = Type.Object(
  {
    placedOf100: Type.Integer({ minimum: 0, maximum: 100, description: 'Of 100 referred children of the age band with this score in the evaluation data, how many were placed outside the home within a year.' }),
    notPlacedOf100: Type.Integer({ minimum: 0, maximum: 100, description: '100 minus placedOf100.' }),
    children: Type.Integer({ minimum: 1, description: 'Referrals of the band with this score the figures rest on.' }),
    placed: Type.Integer({ minimum: 0, description: 'How many of those were placed within a year.' }),
    text: Type.String({ description: 'The figures in one sentence, as the panel shows them.' }),
    note: Type.String({ description: 'What the figures are and are not (never a probability for this child, never a recommendation).' }),
  },
  { additionalProperties: false, description: 'What the score meant in absolute terms, from the model package (per age band and score).' },
);

export const PanelJsonSchema = Type.Object(
  {
    cards: Type.Array(
      Type.Object({
        uuid: Type.String(),
        summary: Type.String({ maxLength: 140 }),
        detail: Type.String(),
        indicator: Type.Union([Type.Literal('info'), Type.Literal('warning'), Type.Literal('critical')]),
        source: Type.Object({ label: Type.String(), url: Type.Optional(Type.String()) }),
        links: Type.Array(Type.Object({ label: Type.String(), url: Type.String(), type: Type.Literal('absolute') })),
      }),
    ),
    panel: Type.Object({
      referralId: Type.String(),
      lang: Type.String(),
      state: Type.Union([Type.Null(), Type.Object({ code: Type.String(), title: Type.String(), meaning: Type.String(), whatToDo: Type.String(), items: Type.Array(Type.String()) })]),
      score: Type.Union([
        Type.Null(),
        Type.Object({
          value: Type.Integer({ minimum: 1, maximum: 10 }),
          ageBand: Type.String(),
          meaning: Type.String(),
          figures: Type.Union([Type.Null(), Figures]),
          figuresMissing: Type.Union([Type.Null(), Type.String()], { description: 'Why there are no figures (the package carries none), or null.' }),
        }),
      ]),
      factors: Type.Array(Factor),
      explanationUnavailable: Type.Union([Type.String(), Type.Null()]),
      data: Type.Array(DataLine),
      history: Type.Array(Type.Object({ text: Type.String(), score: Type.Union([Type.Integer(), Type.Null()]), current: Type.Boolean() })),
      model: Type.Union([Type.Null(), Type.Object({ id: Type.String(), version: Type.String(), text: Type.String(), modelCardUrl: Type.String() })]),
      caution: Type.String(),
    }),
  },
  { $id: 'PanelResponse' },
);
export type PanelJson = Static<typeof PanelJsonSchema>;

const clip = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);

export function panelJson(view: PanelView, origin: string): PanelJson {
  const t = view.t;
  const summary = view.score ? `${t.scoreHeading} ${view.score.value}/10 · ${view.score.ageBand}` : (view.state?.title ?? '');
  const factors = [
    ...(view.explanation?.raised ?? []).map((f) => ({ ...f, direction: 'raised' as const })),
    ...(view.explanation?.lowered ?? []).map((f) => ({ ...f, direction: 'lowered' as const })),
  ].map((f) => ({ input: f.key, text: f.text, label: f.label, value: f.valueText, weightPercent: f.weightPercent, direction: f.direction }));
  return {
    cards: [
      {
        uuid: randomUUID(),
        summary: clip(summary, 140),
        detail: view.score ? `${view.score.meaning} ${t.caution}` : `${view.state?.meaning ?? ''} ${view.state?.todo ?? ''}`.trim(),
        indicator: view.score ? 'info' : 'warning',
        source: { label: view.model?.text ?? 'Beslutningsstøtte', ...(view.model ? { url: `${origin}${view.model.cardUrl}` } : {}) },
        links: view.model ? [{ label: t.modelCardLink, url: `${origin}${view.model.cardUrl}`, type: 'absolute' as const }] : [],
      },
    ],
    panel: {
      referralId: view.referralId,
      lang: view.lang,
      state: view.state ? { code: view.state.code, title: view.state.title, meaning: view.state.meaning, whatToDo: view.state.todo, items: [...view.state.items] } : null,
      score: view.score
        ? {
            value: view.score.value,
            ageBand: view.score.ageBand,
            meaning: view.score.meaning,
            figures: view.score.figures
              ? { placedOf100: view.score.figures.placedOf100, notPlacedOf100: view.score.figures.notPlacedOf100, children: view.score.figures.children, placed: view.score.figures.placed, text: view.score.figures.text, note: view.score.figures.note }
              : null,
            figuresMissing: view.score.figuresMissing,
          }
        : null,
      factors,
      explanationUnavailable: view.explanation?.unavailable ?? null,
      data: view.data.map((d) => ({
        input: d.key,
        label: d.label,
        value: d.missing ? null : d.valueText,
        missing: d.missing,
        noRecord: d.noRecord,
        source: d.sourceText,
        sourceTable: d.sourceTable,
        date: d.dateText,
        records: d.allRecords.map((r) => ({ table: r.table, kind: r.kind, id: r.id, date: r.date, text: r.text, url: r.href, sibling: r.sibling })),
        flags: d.flags.map((f) => f.text),
      })),
      history: (view.history?.items ?? []).map((h) => ({ text: h.text, score: h.score, current: h.current })),
      model: view.model ? { id: view.model.id, version: view.model.version, text: view.model.text, modelCardUrl: view.model.cardUrl } : null,
      caution: t.caution,
    },
  };
}
