// Entry validation, field by field: every value against its instrument's range; a refused entry yields only
// problems (nothing to store); form strings and JSON numbers are read alike.
import { expect } from 'chai';
import { validateGoalsEntry, validateOrsEntry, validateRulerEntry, validateScheduleEntry, validateSdqEntry, type EntryContext } from '../../plugin/follow-up/entry-validation';
import { DEFAULT_WELLBEING_RULER } from '../../plugin/follow-up/instruments/wellbeing-ruler';

const ctx: EntryContext = { childId: 'c1', userId: 'sr-1', today: '2025-06-30', ruler: DEFAULT_WELLBEING_RULER };
const problems = (r: { ok: boolean; errors?: ReadonlyArray<{ field: string; problem: string }> }) => (r.ok ? [] : r.errors!.map((e) => `${e.field}:${e.problem}`));

describe('entry validation', () => {
  it('ORS/CORS: four lines 0–10 to a tenth, a decimal comma allowed; a blank line is "not answered" until the child saves without it', () => {
    const ok = validateOrsEntry({ measuredOn: '2025-06-01', me: '6,5', family: 4, school: '10', everything: '0' }, ctx);
    expect(ok.ok && ok.value[0]!.values).to.deep.equal({ items: { me: 6.5, family: 4, school: 10, everything: 0 } });
    expect(problems(validateOrsEntry({ measuredOn: '2025-07-01', me: '10.5', family: '', school: '3.25', everything: 'x' }, ctx))).to.deep.equal(['measuredOn:future', 'me:range', 'school:range', 'everything:range', 'family:not-answered']);
    const skipped = validateOrsEntry({ measuredOn: '2025-06-01', me: '6', family: '', school: '7', confirmUnanswered: '1' }, ctx);
    expect(skipped.ok && skipped.value[0]!.values).to.deep.equal({ items: { me: 6, family: null, school: 7, everything: null } });
    expect(problems(validateOrsEntry({ measuredOn: '2025-06-01', confirmUnanswered: '1' }, ctx))).to.deep.equal(['lines:none-given']);
    expect(problems(validateOrsEntry({ measuredOn: '2025-02-30', me: 1, family: 1, school: 1, everything: 1 }, ctx))).to.deep.equal(['measuredOn:format']);
  });

  it('Trivselslineal: whole numbers in the configured range per area, blank areas skipped, at least one', () => {
    const ok = validateRulerEntry({ measuredOn: '2025-06-01', area_SKOLE: '7', area_FAMILIE: '' }, ctx);
    expect(ok.ok && ok.value.map((m) => [m.area, m.values])).to.deep.equal([['SKOLE', { value: 7 }]]);
    expect(problems(validateRulerEntry({ measuredOn: '2025-06-01', area_SKOLE: '11', area_SUNDHED: '2.5' }, ctx))).to.deep.equal(['area_SKOLE:range', 'area_SUNDHED:range']);
    expect(problems(validateRulerEntry({ measuredOn: '2025-06-01' }, ctx))).to.deep.equal(['areas:none-given']);
    const morsoe = { ...ctx, ruler: { min: 1, max: 5, higherIsBetter: false } };
    expect(problems(validateRulerEntry({ measuredOn: '2025-06-01', area_SKOLE: '6' }, morsoe))).to.deep.equal(['area_SKOLE:range']);
  });

  it('SDQ: responses 0, 1 or 2 per item (blank allowed and prorated later), a known respondent, impact 0–3', () => {
    const items = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`item${i + 1}`, i === 4 ? '' : String(i % 3)]));
    const ok = validateSdqEntry({ measuredOn: '2025-06-01', respondent: 'parent', ...items, impactDifficulties: '2', impact_distress: '3' }, ctx);
    expect(ok.ok).to.equal(true);
    if (ok.ok) {
      const values = ok.value[0]!.values as { items: Array<number | null>; impact: unknown };
      expect(values.items[4]).to.equal(null);
      expect(values.items[2]).to.equal(2);
      expect(values.impact).to.deep.equal({ difficulties: 2, items: { distress: 3 } });
    }
    expect(problems(validateSdqEntry({ measuredOn: '2025-06-01', respondent: 'neighbour', item1: '3', impactDifficulties: '4' }, ctx))).to.deep.equal(['respondent:range', 'item1:range', 'impactDifficulties:range']);
    expect(problems(validateSdqEntry({ measuredOn: '2025-06-01', respondent: 'teacher' }, ctx))).to.deep.equal(['items:none-given']);
  });

  it('goals: attainment −2…+2 for known goals, a new goal with a description of at most 500 characters', () => {
    const ok = validateGoalsEntry({ ratedOn: '2025-06-01', score_1: '-2', score_2: '+2', description: 'Kommer i skole', agreedOn: '2025-06-01' }, ctx, ['1', '2']);
    expect(ok.ok && ok.value).to.deep.equal({ newGoal: { description: 'Kommer i skole', weight: 1, agreedOn: '2025-06-01' }, ratings: [{ goalId: '1', score: -2 }, { goalId: '2', score: 2 }], ratedOn: '2025-06-01' });
    expect(problems(validateGoalsEntry({ ratedOn: '2025-06-01', score_1: '3', score_9: '1' }, ctx, ['1']))).to.deep.equal(['score_1:range']);
    expect(problems(validateGoalsEntry({ description: 'x'.repeat(501), agreedOn: '2025-06-01' }, ctx, []))).to.deep.equal(['description:too-long']);
    expect(problems(validateGoalsEntry({}, ctx, ['1']))).to.deep.equal(['goals:none-given']);
  });

  it('schedule: 2–4 times a year from a start date (which may lie ahead)', () => {
    expect(validateScheduleEntry({ timesPerYear: '3', startDate: '2025-09-01' }, ctx)).to.deep.equal({ ok: true, value: { timesPerYear: 3, startDate: '2025-09-01' } });
    expect(problems(validateScheduleEntry({ timesPerYear: '5', startDate: '' }, ctx))).to.deep.equal(['timesPerYear:range', 'startDate:required']);
  });
});

describe('the municipality’s licensed SDQ wording file', () => {
  it('is read only when configured, and must hold all 25 items and a stated licence', async () => {
    const { loadSdqWording } = await import('../../plugin/follow-up/sdq-wording-file');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    expect(loadSdqWording(undefined)).to.equal(null);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bs-sdq-'));
    const good = path.join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ licence: 'Test licence 1', language: 'da', items: Object.fromEntries(Array.from({ length: 25 }, (_, i) => [String(i + 1), `tekst ${i + 1}`])) }));
    expect(loadSdqWording(good)!['25']).to.equal('tekst 25');
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ licence: 'x', language: 'da', items: { 1: 'a' } }));
    expect(() => loadSdqWording(bad)).to.throw(/SDQ wording file/);
  });
});

describe('a municipality’s own Trivselslineal file', () => {
  it('gives the default 1–10 ruler without a file, and checks a file’s range and levels', async () => {
    const { loadWellbeingRuler } = await import('../../plugin/follow-up/wellbeing-ruler-file');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    expect(loadWellbeingRuler(undefined)).to.include({ min: 1, max: 10, higherIsBetter: true });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bs-ruler-'));
    const morsoe = path.join(dir, 'morsoe.json');
    writeFileSync(morsoe, JSON.stringify({ min: 1, max: 5, higherIsBetter: false, levels: [{ from: 1, to: 1, name: { da: 'i trivsel' } }, { from: 5, to: 5, name: { da: 'truet trivsel' } }] }));
    const ruler = loadWellbeingRuler(morsoe);
    expect(ruler).to.include({ min: 1, max: 5, higherIsBetter: false });
    expect(ruler.areas).to.have.length(5);
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ min: 1, max: 5, higherIsBetter: true, levels: [{ from: 4, to: 7, name: { da: 'x' } }] }));
    expect(() => loadWellbeingRuler(bad)).to.throw(/levels\/0: must lie within 1–5/);
  });
});
