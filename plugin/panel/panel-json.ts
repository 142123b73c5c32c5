// The JSON API's answer: the panel's view model in a CDS Hooks card (uuid, summary under 140 characters,
// indicator, source with label and link, links) plus the same content as the HTML panel under `panel`.
import { randomUUID } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import type { PanelView } from './panel-view-model';

const Factor = Type.Object({ input: Type.String(), text: Type.String(), label: Type.String(), value: Type.String(), weightPercent: Type.Integer(), direction: Type.Union([Type.Literal('raised'), Type.Literal('lowered')]) });
const DataLine = Type.Object({
  input: Type.String(),
  label: Type.String(),
  value: Type.Union([Type.String(), Type.Null()]),
  missing: Type.Boolean(),
  source: Type.String(),
  date: Type.String(),
  flags: Type.Array(Type.String()),
});

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
      score: Type.Union([Type.Null(), Type.Object({ value: Type.Integer({ minimum: 1, maximum: 10 }), ageBand: Type.String(), meaning: Type.String() })]),
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
      score: view.score ? { value: view.score.value, ageBand: view.score.ageBand, meaning: view.score.meaning } : null,
      factors,
      explanationUnavailable: view.explanation?.unavailable ?? null,
      data: view.data.map((d) => ({ input: d.key, label: d.label, value: d.missing ? null : d.valueText, missing: d.missing, source: d.sourceText, date: d.dateText, flags: d.flags.map((f) => f.text) })),
      history: (view.history?.items ?? []).map((h) => ({ text: h.text, score: h.score, current: h.current })),
      model: view.model ? { id: view.model.id, version: view.model.version, text: view.model.text, modelCardUrl: view.model.cardUrl } : null,
      caution: t.caution,
    },
  };
}
