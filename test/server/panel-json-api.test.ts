// The JSON API carries what the HTML panel shows beside the score and each value (issue 15): the absolute
// figures of the child's age band and score, "no record" told apart from zero, and every host record behind
// each value (table, the host's own id, date, and a link into the host where recordLinks configures one).
// Real HTTP on loopback, the demo model, the seeded host database; the answer is checked against its schema.
import { expect } from 'chai';
import Handlebars from 'handlebars';
import { PanelJsonSchema, type PanelJson } from '../../plugin/panel/panel-json';
import { absoluteFigures } from '../../plugin/scoring/absolute-figures';
import type { LoadedModelPackage } from '../../plugin/scoring/model-package-loader';
import { validateAgainst } from '../../plugin/schema-validator';
import { launchInBrowser, loadDemoModel, startTestPluginServer, type TestPluginServer } from './helpers/test-plugin-server';

const LINKS = { underretning: 'https://dubu.example-kommune.dk/underretning/{id}', ics_undersoegelse: 'https://dubu.example-kommune.dk/ics/{id}' };

describe('the JSON API: absolute figures and the records behind each value (server, loopback HTTP)', function () {
  this.timeout(120_000);
  let model: LoadedModelPackage;
  let server: TestPluginServer;
  let id: string;
  let body: PanelJson;

  const panelOf = async (referralId: string, lang = 'da'): Promise<PanelJson> => {
    const res = await fetch(`${server.url}/api/v1/referrals/${referralId}/panel?lang=${lang}`, { headers: { authorization: `Bearer ${await server.token(referralId)}` } });
    expect(res.status).to.equal(200);
    return (await res.json()) as PanelJson;
  };

  before(async () => {
    model = await loadDemoModel();
    server = await startTestPluginServer({ model, recordLinks: LINKS });
    // A scored referral whose child has at least three earlier referrals (several records behind one line).
    const rows = (await server.hostDb('underretning as u')
      .whereRaw('(select count(*) from underretning e where e.barn_id = u.barn_id and e.modtaget_tid < u.modtaget_tid) >= 3')
      .orderBy('u.modtaget_tid', 'desc')
      .limit(60)
      .select({ id: 'u.underretning_id' })) as Array<{ id: number }>;
    for (const r of rows) {
      const b = await panelOf(String(r.id));
      if (b.panel.score) {
        id = String(r.id);
        body = b;
        break;
      }
    }
    expect(id, 'a seeded referral that scores, with earlier referrals').to.be.a('string');
  });
  after(async () => {
    await server?.close();
    await model?.runtime.release();
  });

  it('answers with the schema the OpenAPI document publishes, figures and records included', async () => {
    expect(validateAgainst(PanelJsonSchema, body).ok).to.equal(true);
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as { components: { schemas: { Panel: typeof PanelJsonSchema } } };
    const panel = doc.components.schemas.Panel.properties.panel;
    const score = panel.properties.score.anyOf.find((s: { type?: string }) => s.type === 'object') as { properties: Record<string, unknown> };
    expect(score.properties).to.have.keys('value', 'ageBand', 'meaning', 'figures', 'figuresMissing');
    expect(panel.properties.data.items.properties).to.include.keys('records', 'noRecord', 'sourceTable');
    expect(panel.properties.data.items.properties.records.items.properties).to.have.keys('table', 'kind', 'id', 'date', 'text', 'url', 'sibling');
  });

  it('gives the absolute figures of the age band and score from the model package, as the HTML panel shows them', async () => {
    const s = body.panel.score!;
    const band = model.manifest.scoreScale.bands.find((b) => b.label.da === s.ageBand)!;
    const expected = absoluteFigures(band, s.value)!;
    expect(s.figures).to.include({ placedOf100: expected.placedOf100, notPlacedOf100: expected.notPlacedOf100, children: expected.children, placed: expected.placed });
    expect(s.figures!.placedOf100 + s.figures!.notPlacedOf100).to.equal(100);
    expect(s.figures!.text).to.match(/^Blandt 100 .* blev \d+ anbragt uden for hjemmet inden for et år, og \d+ blev ikke\.$/);
    expect(s.figures!.note).to.contain('ikke en beregning');
    expect(s.figuresMissing).to.equal(null);
    const html = await launchInBrowser(server.url, `/panel/referrals/${id}`, await server.token(id));
    const shown = html.text.replaceAll('\u2060', '');
    expect(shown).to.contain(Handlebars.escapeExpression(s.figures!.text));
    const en = await panelOf(id, 'en');
    expect(en.panel.score!.figures!.text).to.match(/^Of 100 /);
    expect(en.panel.score!.figures!.placedOf100).to.equal(s.figures!.placedOf100);
  });

  it('names every record behind each value: table, the host\'s id, date and a link into the host', async () => {
    const prior = body.panel.data.find((d) => d.input === 'prior_referrals_total')!;
    const earlier = (await server.hostDb('underretning as u')
      .join('underretning as c', 'c.barn_id', 'u.barn_id')
      .where('c.underretning_id', Number(id))
      .andWhere('u.modtaget_tid', '<', server.hostDb.ref('c.modtaget_tid'))
      .orderBy('u.modtaget_tid', 'desc')
      .select({ id: 'u.underretning_id', at: 'u.modtaget_tid' })) as Array<{ id: number; at: string }>;
    expect(prior.records.map((r) => r.id)).to.have.members(earlier.map((e) => String(e.id)));
    expect(prior.value).to.equal(String(earlier.length));
    for (const r of prior.records) {
      expect(r.table).to.equal('underretning');
      expect(r.kind).to.equal('Underretninger (DUBU)');
      expect(r.url).to.equal(`https://dubu.example-kommune.dk/underretning/${r.id}`);
      expect(r.date).to.equal(earlier.find((e) => String(e.id) === r.id)!.at);
      expect(r.text).to.contain(`nr. ${r.id}`);
      expect(r.sibling).to.equal(false);
    }
    // Newest first, and the HTML lists the same records with the same links.
    expect(prior.records.map((r) => r.date)).to.deep.equal([...prior.records.map((r) => r.date)].sort().reverse());
    const html = await launchInBrowser(server.url, `/panel/referrals/${id}`, await server.token(id));
    for (const r of prior.records.slice(0, 6)) expect(html.text).to.contain(`href="${r.url}"`);
    // A line read from a table without a configured link has records without a url.
    const withoutLink = body.panel.data.flatMap((d) => d.records).filter((r) => !(r.table in LINKS));
    for (const r of withoutLink) expect(r.url).to.equal(null);
  });

  it('tells "no record" apart from a recorded zero', async () => {
    // Seeded referrals until one line is "no record" (a child with no ICS assessment) and one is a counted zero.
    const rows = (await server.hostDb('underretning').orderBy('modtaget_tid', 'desc').limit(80).select({ id: 'underretning_id' })) as Array<{ id: number }>;
    let noRecord: PanelJson['panel']['data'][number] | undefined;
    let zero: PanelJson['panel']['data'][number] | undefined;
    for (const r of rows) {
      const b = await panelOf(String(r.id));
      noRecord ??= b.panel.data.find((d) => d.noRecord);
      zero ??= b.panel.data.find((d) => !d.noRecord && d.value === '0');
      if (noRecord && zero) break;
    }
    expect(noRecord, 'a line with no record').to.not.equal(undefined);
    expect(noRecord!.value).to.equal('Ingen registreret');
    expect(noRecord!.records).to.deep.equal([]);
    expect(noRecord!.source).to.match(/^Intet fundet i .* fra før underretningen\./);
    expect(zero, 'a counted zero').to.not.equal(undefined);
    expect(zero!.noRecord).to.equal(false);
  });
});
