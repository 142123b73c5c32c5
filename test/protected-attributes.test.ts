// The protected-attribute lexicon reads names by meaning, not by spelling: case, Danish letters, camelCase,
// snake_case and one-word compounds; short words only as a whole part; real words on the allow-list pass.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  ALLOW_LIST,
  LEXICON,
  normaliseName,
  protectedAttributeIn,
  protectedAttributeInText,
} from '../plugin/protected-attributes';
import { REPO_ROOT } from './helpers/model-packages';

describe('the protected-attribute lexicon', () => {
  for (const [name, attribute] of [
    // mixed case: the database ignores case, so the check does too
    ['kOen', 'gender or sex'],
    ['statsborgerskaB', 'nationality or citizenship'],
    ['cpR_nr', 'the CPR number'],
    ['KØN', 'gender or sex'],
    ['Kon', 'gender or sex'],
    // Danish one-word compounds
    ['koenskode', 'gender or sex'],
    ['herkomstkode', 'ethnicity or origin'],
    ['indkomstgruppe', 'income'],
    ['cprnummer', 'the CPR number'],
    ['landekode', 'ethnicity or origin'],
    ['oprindelsesland', 'ethnicity or origin'],
    ['foedeland', 'ethnicity or origin'],
    ['fodeland', 'ethnicity or origin'],
    ['modersmal', 'language'],
    ['kontanthjaelp_modtager', 'public benefits'],
    ['overførselsindkomst', 'income'],
    ['boligydelse', 'public benefits'],
    ['arbejdsloes', 'employment or unemployment'],
    ['arbejdslos', 'employment or unemployment'],
    ['langtidsledig', 'employment or unemployment'],
    ['foraeldres_uddannelsesniveau', 'education'],
    ['socialgruppe', 'social class or socio-economic status'],
    ['trosretning', 'religion'],
    ['tolkebehov', 'language'],
    // English model features, snake_case and camelCase
    ['ikke_vestlig', 'ethnicity or origin'],
    ['born_abroad', 'ethnicity or origin'],
    ['bornAbroad', 'ethnicity or origin'],
    ['welfare_benefits', 'public benefits'],
    ['welfare_benefit', 'public benefits'],
    ['social_class', 'social class or socio-economic status'],
    ['mother_tongue', 'language'],
    ['motherTongue', 'language'],
    ['boys', 'gender or sex'],
    ['wage', 'income'],
    ['hourlyWages', 'income'],
    ['isMale', 'gender or sex'],
    ['ISMALE', 'gender or sex'],
    ['child_gender', 'gender or sex'],
    ['genderIdentity', 'gender or sex'],
    ['sexCode', 'gender or sex'],
    ['countryOfOrigin', 'ethnicity or origin'],
    ['country_code', 'ethnicity or origin'],
    ['householdIncome', 'income'],
    ['unemployed_parent', 'employment or unemployment'],
    ['nonWestern', 'ethnicity or origin'],
    ['SES_score', 'social class or socio-economic status'],
    ['ssn', 'the CPR number'],
    ['mor_cpr', 'the CPR number'],
    ['socioekonomisk', 'social class or socio-economic status'],
    ['jobstatus', 'employment or unemployment'],
    ['opholdstilladelse', 'nationality or citizenship'],
    ['asylansoeger', 'ethnicity or origin'],
    ['maleChild', 'gender or sex'],
    ['malechild', 'gender or sex'],
    ['kønsidentitet', 'gender or sex'],
    ['hjemland', 'ethnicity or origin'],
    ['loenklasse', 'income'],
  ] as const) {
    it(`reads "${name}" as ${attribute}`, () => {
      expect(protectedAttributeIn(name)).to.equal(attribute);
    });
  }

  for (const name of [
    'original_source', // origin, inside an allow-listed real word
    'school_suspension', // pension
    'child_welfare_case', // welfare
    'behandlingsprogram', // sprog
    'forbrydelse', // ydelse
    'indflydelse',
    'lone_parent', // løn spelled "lon"
    'normale', // male, which counts only as a whole part
    'hasExposure', // sex, across a camelCase joint
    'kontakt', // kon
    'cases', // ses
    'sexual_abuse', // sex, which counts only as a whole part
    'anliggender', // gender inside a Danish word
    'learning_difficulties', // earning
    'underretning_id',
    'modtaget_tid',
    'barn_id',
    'familie_id',
    'foranstaltning',
    'ics_dimension_vurdering',
    'SEL-52-3-7',
    'BARN_SKOLEGANG',
    'DAGPLEJE',
  ]) {
    it(`lets "${name}" pass`, () => {
      expect(protectedAttributeIn(name)).to.equal(null);
    });
  }

  it('still refuses what is left of a name once an allow-listed word is masked', () => {
    expect(protectedAttributeIn('original_koen')).to.equal('gender or sex');
    expect(protectedAttributeIn('suspension_citizenship')).to.equal('nationality or citizenship');
  });

  it('normalises case, Danish letters, separators and camelCase, reading odd capitals unsplit too', () => {
    expect(normaliseName('Barnets_KønKode')).to.deep.equal({ joined: 'barnetskoenkode', parts: ['barnets', 'koenkode', 'koen', 'kode'] });
    expect(normaliseName('cpR_nr').parts).to.include('cpr');
  });

  it('reads labels word by word and by neighbouring pairs, in Danish and English', () => {
    expect(protectedAttributeInText('Barnets køn')).to.equal('gender or sex');
    expect(protectedAttributeInText("The mother's tongue at home")).to.equal('language');
    expect(protectedAttributeInText('Born abroad')).to.equal('ethnicity or origin');
    expect(protectedAttributeInText('Forældrenes indkomst')).to.equal('income');
    expect(protectedAttributeInText('Areas of concern in the latest child assessment (ICS, 0–7)')).to.equal(null);
  });

  it('passes every name, code and label of the shipped mappings and demo models', () => {
    const mappingNames = new Set<string>();
    const walk = (v: unknown, key: string): void => {
      if (key === 'description' || key === 'label' || key === '$schema' || key === 'name' || key === 'format') return;
      if (typeof v === 'string') mappingNames.add(v);
      else if (Array.isArray(v)) v.forEach((x) => walk(x, ''));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
    };
    for (const file of ['adapters/mappings/reference-dubu.json', 'test/fixtures/mappings/other-host.json']) walk(JSON.parse(readFileSync(path.join(REPO_ROOT, file), 'utf8')), '');
    const flagged = [...mappingNames].filter((n) => protectedAttributeIn(n) !== null);
    // The child's CPR column is the age construct's, and only there (the validator allows it by position).
    expect(flagged.every((n) => /cpr/i.test(n)), flagged.join(', ')).to.equal(true);
    for (const dir of ['boosted-trees', 'logistic']) {
      const model = JSON.parse(readFileSync(path.join(REPO_ROOT, 'models', 'demo-synthetic', dir, 'model.json'), 'utf8'));
      for (const f of model.features) {
        for (const text of [f.name, f.label.da, f.label.en]) expect(protectedAttributeInText(text), text).to.equal(null);
      }
    }
  });

  it('publishes a lexicon with Danish and English words for every attribute, and a short allow-list', () => {
    expect(LEXICON.map(([a]) => a)).to.include.members(['gender or sex', 'ethnicity or origin', 'nationality or citizenship', 'language', 'religion', 'income', 'public benefits', 'employment or unemployment', 'education', 'social class or socio-economic status', 'the CPR number']);
    expect(ALLOW_LIST.length).to.be.below(25);
    const readme = readFileSync(path.join(REPO_ROOT, 'adapters', 'README.md'), 'utf8');
    for (const [, words] of LEXICON) for (const { word } of words) expect(readme, word).to.include(`\`${word}\``);
    for (const word of ALLOW_LIST) expect(readme, word).to.include(`\`${word}\``);
  });
});
