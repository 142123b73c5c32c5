// The child's own form as the template renders it: eleven steps 0–10 per line that start unset (a child who
// just taps "Færdig" records nothing, never a believable 20/40), the CORS faces up to 12 and the ORS with its
// own neutral wording from 13, "not answered" said before saving with what was chosen kept, and no link
// out of the form. Server-side only: the page runs no script.
import { expect } from 'chai';
import { buildEntryFormView } from '../../plugin/follow-up/entry-form-view';
import { validateOrsEntry, type FieldError, type RawInput } from '../../plugin/follow-up/entry-validation';
import { DEFAULT_WELLBEING_RULER } from '../../plugin/follow-up/instruments/wellbeing-ruler';
import { loadReportMessages } from '../../plugin/follow-up/report-locale';
import { compileReportTemplates } from '../../plugin/follow-up/report-templates';

const messages = loadReportMessages();
const templates = compileReportTemplates();

function childForm(childAge: number | null, values: RawInput = {}, errors: readonly FieldError[] = [], lang: 'da' | 'en' = 'da'): string {
  return templates.form(
    buildEntryFormView({ kind: 'cors', lang, messages: messages[lang], childId: 'c1', childName: 'Ida', values, errors, ruler: DEFAULT_WELLBEING_RULER, goals: [], today: '2026-06-30', action: '/save', backUrl: '/report?token=t', token: 't', sdqWording: null, assetBase: '', childAge }),
  );
}
const count = (html: string, re: RegExp) => (html.match(re) ?? []).length;

describe('the child’s own form (CORS to 12, ORS from 13)', () => {
  it('starts with no value on any line: eleven unchecked steps per line, no slider', () => {
    const html = childForm(10);
    expect(count(html, /<input type="radio" class="fu-step-input"/g)).to.equal(44);
    expect(html).to.not.contain(' checked');
    expect(html).to.not.contain('type="range"');
    for (const area of ['me', 'family', 'school', 'everything']) for (const v of ['0', '5', '10']) expect(html).to.contain(`id="fu-${area}-${v}" name="${area}" value="${v}"`);
  });

  it('shows the CORS faces to a child of 12 and the ORS with its own words, no faces, to a young person of 13', () => {
    const cors = childForm(12);
    expect(cors).to.contain('<h1>Hvordan går det?</h1>').and.contain('aria-label="0: trist ansigt"').and.contain('aria-label="10: glad ansigt"');
    expect(cors).to.contain('<legend>Mig selv</legend>').and.contain('<legend>Skole</legend>');
    const ors = childForm(13);
    expect(ors).to.contain('<h1>Hvordan har du det?</h1>').and.contain('<legend>Familie og dem, jeg er tæt på</legend>').and.contain('<legend>Skole, venner og fritid</legend>');
    expect(ors).to.contain('0 · Dårligt').and.contain('10 · Godt');
    expect(ors).to.not.contain('ansigt').and.not.contain('<svg');
    expect(childForm(17)).to.contain('<h1>Hvordan har du det?</h1>');
    expect(childForm(13, {}, [], 'en')).to.contain('<h1>How are you doing?</h1>');
  });

  it('has no link out of the form: not to the report, not anywhere', () => {
    expect(childForm(10)).to.not.match(/<a /);
    expect(childForm(10)).to.not.contain('/report?token');
  });

  it('says which lines are not answered before saving, keeps what was chosen, and offers to save without them', () => {
    const values = { measuredOn: '2026-06-30', me: '7', school: '3' };
    const checked = validateOrsEntry(values, { childId: 'c1', userId: 'u', today: '2026-06-30', ruler: DEFAULT_WELLBEING_RULER });
    expect(checked.ok).to.equal(false);
    const html = childForm(9, values, checked.ok ? [] : checked.errors);
    expect(html).to.contain('Du mangler at svare på:').and.contain('Familie: Ikke besvaret endnu.').and.contain('Alt i alt: Ikke besvaret endnu.');
    expect(html).to.contain('id="fu-me-7" name="me" value="7" checked').and.contain('id="fu-school-3" name="school" value="3" checked');
    expect(count(html, / checked/g)).to.equal(2);
    expect(html).to.contain('name="confirmUnanswered" value="1"').and.contain('Gem uden de svar');
    expect(count(html, /fu-child-scale fu-unanswered/g)).to.equal(2);
    // with nothing answered at all, there is nothing to save without
    const none = validateOrsEntry({ measuredOn: '2026-06-30' }, { childId: 'c1', userId: 'u', today: '2026-06-30', ruler: DEFAULT_WELLBEING_RULER });
    const empty = childForm(9, {}, none.ok ? [] : none.errors);
    expect(empty).to.contain('Svar på mindst én linje.').and.not.contain('confirmUnanswered');
  });
});
