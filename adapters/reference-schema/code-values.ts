// The code values of the reference host schema, as a Danish case system names them: who sent a referral,
// the legal basis of decisions under both laws (Serviceloven before 1 January 2024, Barnets Lov from then on),
// the ICS triangle's dimensions, placement types and the Trivselslineale areas. The second migration writes
// the code tables from these lists; the seed draws from them.

export interface SourceCode {
  readonly code: string;
  readonly label: string;
}

/** Referral source codes, grouped by the synthetic generator's source categories. */
export const REFERRAL_SOURCE_CODES = {
  school: [
    { code: 'SKOLE', label: 'Skole' },
    { code: 'PPR', label: 'Pædagogisk Psykologisk Rådgivning' },
  ],
  daycare: [
    { code: 'DAGINSTITUTION', label: 'Dagtilbud (vuggestue, børnehave)' },
    { code: 'DAGPLEJE', label: 'Dagpleje' },
  ],
  health: [
    { code: 'SUNDHEDSPLEJE', label: 'Sundhedsplejen' },
    { code: 'HOSPITAL', label: 'Hospital, herunder fødeafdeling' },
    { code: 'PRAKTISERENDE_LAEGE', label: 'Praktiserende læge' },
    { code: 'BOERNE_UNGDOMSPSYKIATRI', label: 'Børne- og ungdomspsykiatri' },
  ],
  police: [{ code: 'POLITI', label: 'Politi' }],
  family: [
    { code: 'FORAELDRE', label: 'Forældre' },
    { code: 'FAMILIE_NETVAERK', label: 'Øvrig familie og netværk' },
  ],
  anonymous: [{ code: 'ANONYM', label: 'Anonym' }],
  social_services: [
    { code: 'SOCIALFORVALTNING', label: 'Kommunens egen forvaltning' },
    { code: 'ANDEN_KOMMUNE', label: 'Anden kommune' },
  ],
  child: [{ code: 'BARNET_SELV', label: 'Barnet eller den unge selv' }],
  other: [
    { code: 'BORGER', label: 'Anden borger (nabo, bekendt)' },
    { code: 'ANDEN', label: 'Anden' },
  ],
} as const satisfies Record<string, readonly SourceCode[]>;

export interface ParagraphCode {
  readonly code: string;
  readonly law: 'SEL' | 'BL';
  readonly paragraph: string;
  readonly label: string;
}

/** The day Barnets Lov replaced the children's part of Serviceloven. */
export const BARNETS_LOV_FROM = '2024-01-01';

export const PARAGRAPH_CODES: readonly ParagraphCode[] = [
  { code: 'SEL-50', law: 'SEL', paragraph: '§ 50', label: 'Børnefaglig undersøgelse' },
  { code: 'SEL-52-3-1', law: 'SEL', paragraph: '§ 52, stk. 3, nr. 1', label: 'Konsulentbistand' },
  { code: 'SEL-52-3-2', law: 'SEL', paragraph: '§ 52, stk. 3, nr. 2', label: 'Praktisk, pædagogisk eller anden støtte i hjemmet' },
  { code: 'SEL-52-3-3', law: 'SEL', paragraph: '§ 52, stk. 3, nr. 3', label: 'Familiebehandling' },
  { code: 'SEL-52-3-5', law: 'SEL', paragraph: '§ 52, stk. 3, nr. 5', label: 'Aflastningsordning' },
  { code: 'SEL-52-3-6', law: 'SEL', paragraph: '§ 52, stk. 3, nr. 6', label: 'Fast kontaktperson' },
  { code: 'SEL-52-3-7', law: 'SEL', paragraph: '§ 52, stk. 3, nr. 7', label: 'Anbringelse uden for hjemmet med samtykke' },
  { code: 'SEL-52-3-9', law: 'SEL', paragraph: '§ 52, stk. 3, nr. 9', label: 'Anden hjælp' },
  { code: 'SEL-58', law: 'SEL', paragraph: '§ 58', label: 'Anbringelse uden for hjemmet uden samtykke' },
  { code: 'BL-20', law: 'BL', paragraph: '§ 20', label: 'Børnefaglig undersøgelse' },
  { code: 'BL-32-1-1', law: 'BL', paragraph: '§ 32, stk. 1, nr. 1', label: 'Praktisk, pædagogisk eller anden støtte i hjemmet' },
  { code: 'BL-32-1-2', law: 'BL', paragraph: '§ 32, stk. 1, nr. 2', label: 'Familiebehandling' },
  { code: 'BL-32-1-4', law: 'BL', paragraph: '§ 32, stk. 1, nr. 4', label: 'Aflastningsophold' },
  { code: 'BL-32-1-5', law: 'BL', paragraph: '§ 32, stk. 1, nr. 5', label: 'Fast kontaktperson' },
  { code: 'BL-32-1-8', law: 'BL', paragraph: '§ 32, stk. 1, nr. 8', label: 'Anden hjælp' },
  { code: 'BL-46', law: 'BL', paragraph: '§ 46', label: 'Anbringelse uden for hjemmet med samtykke' },
  { code: 'BL-47', law: 'BL', paragraph: '§ 47', label: 'Anbringelse uden for hjemmet uden samtykke' },
];

/** Codes of the child assessment and of measures, per law; the seed picks by the decision's date. */
export const ASSESSMENT_CODE = { SEL: 'SEL-50', BL: 'BL-20' } as const;
export const PREVENTIVE_CODES = {
  SEL: ['SEL-52-3-2', 'SEL-52-3-3', 'SEL-52-3-5', 'SEL-52-3-6', 'SEL-52-3-9'],
  BL: ['BL-32-1-1', 'BL-32-1-2', 'BL-32-1-4', 'BL-32-1-5', 'BL-32-1-8'],
} as const;
export const PLACEMENT_CODES = {
  SEL: { consent: 'SEL-52-3-7', withoutConsent: 'SEL-58' },
  BL: { consent: 'BL-46', withoutConsent: 'BL-47' },
} as const;

export type IcsSide = 'BARNETS_UDVIKLING' | 'FORAELDREKOMPETENCER' | 'FAMILIE_OG_NETVAERK';

/** The ICS triangle. The seven dimensions of the child's development carry the generator's concern flags. */
export const ICS_DIMENSIONS: ReadonlyArray<{ readonly code: string; readonly side: IcsSide; readonly label: string }> = [
  { code: 'BARN_SUNDHED', side: 'BARNETS_UDVIKLING', label: 'Sundhed' },
  { code: 'BARN_SKOLEGANG', side: 'BARNETS_UDVIKLING', label: 'Skolegang og læring' },
  { code: 'BARN_FOELELSER_ADFAERD', side: 'BARNETS_UDVIKLING', label: 'Følelsesmæssig og adfærdsmæssig udvikling' },
  { code: 'BARN_IDENTITET', side: 'BARNETS_UDVIKLING', label: 'Identitet' },
  { code: 'BARN_RELATIONER', side: 'BARNETS_UDVIKLING', label: 'Familie og sociale relationer' },
  { code: 'BARN_SOCIAL_FREMTRAEDEN', side: 'BARNETS_UDVIKLING', label: 'Social fremtræden' },
  { code: 'BARN_SELVSTAENDIGHED', side: 'BARNETS_UDVIKLING', label: 'Evne til at klare sig selv' },
  { code: 'FK_BASAL_OMSORG', side: 'FORAELDREKOMPETENCER', label: 'Basal omsorg' },
  { code: 'FK_SIKKERHED', side: 'FORAELDREKOMPETENCER', label: 'Sikkerhed' },
  { code: 'FK_FOELELSESMAESSIG_VARME', side: 'FORAELDREKOMPETENCER', label: 'Følelsesmæssig varme' },
  { code: 'FK_STIMULERING', side: 'FORAELDREKOMPETENCER', label: 'Stimulering' },
  { code: 'FK_GRAENSER', side: 'FORAELDREKOMPETENCER', label: 'Vejledning og grænser' },
  { code: 'FK_STABILITET', side: 'FORAELDREKOMPETENCER', label: 'Stabilitet' },
  { code: 'FN_FAMILIEHISTORIE', side: 'FAMILIE_OG_NETVAERK', label: 'Familiens historie og funktion' },
  { code: 'FN_NETVAERK', side: 'FAMILIE_OG_NETVAERK', label: 'Familie og netværk' },
  { code: 'FN_BOLIG', side: 'FAMILIE_OG_NETVAERK', label: 'Bolig' },
  // Employment and income are part of ICS, and exactly what a mapping may never feed into a feature.
  { code: 'FN_BESKAEFTIGELSE', side: 'FAMILIE_OG_NETVAERK', label: 'Beskæftigelse' },
  { code: 'FN_INDKOMST', side: 'FAMILIE_OG_NETVAERK', label: 'Indkomst' },
  { code: 'FN_SOCIAL_INTEGRATION', side: 'FAMILIE_OG_NETVAERK', label: 'Familiens sociale integration' },
  { code: 'FN_LOKALSAMFUND', side: 'FAMILIE_OG_NETVAERK', label: 'Ressourcer i lokalsamfundet' },
];

export const PLACEMENT_SITE_CODES = ['PLEJEFAMILIE', 'NETVAERKSPLEJE', 'DOEGNINSTITUTION', 'OPHOLDSSTED'] as const;

/** The five statutory areas of the child assessment, rated on the Trivselslineal. */
export const WELLBEING_AREA_CODES = ['UDVIKLING_ADFAERD', 'FAMILIE', 'SKOLE', 'SUNDHED', 'FRITID_VENSKABER'] as const;

export const MOVE_CODES = { intoMunicipality: 'TILFLYTNING', move: 'FLYTNING' } as const;
