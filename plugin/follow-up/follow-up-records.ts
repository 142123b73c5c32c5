// The records the follow-up report works on, as plain objects: measurements (what the plugin stores and what
// the host holds, in one shape), goals and their attainment ratings, the schedule, the child and the social
// factors read from the host, and the port through which the adapters hand the host's part in. Shared by
// storage, the adapters, the report core and the routes; no behaviour here.
import type { SdqImpactItem } from './instruments/sdq-scoring';
import type { OrsArea } from './instruments/ors-scoring';

export const INSTRUMENTS = ['SDQ', 'ORS', 'TRIVSELSLINEAL'] as const;
export type Instrument = (typeof INSTRUMENTS)[number];
export const RESPONDENTS = ['child', 'parent', 'teacher', 'caseworker'] as const;
export type Respondent = (typeof RESPONDENTS)[number];
export type MeasurementSource = 'entry' | 'import' | 'demo-seed' | 'host';

export interface SdqValues {
  readonly items: ReadonlyArray<number | null>;
  readonly impact?: { readonly difficulties: number | null; readonly items: Partial<Record<SdqImpactItem, number | null>> } | null;
}
export interface OrsValues {
  readonly items: Partial<Record<OrsArea, number | null>>;
}
export interface RulerValues {
  readonly value: number;
  /** The ruler the host rated on, where it says so; a rating on another ruler than the configured one is invalid. */
  readonly scale?: { readonly min: number; readonly max: number; readonly higherIsBetter?: boolean };
}

interface MeasurementBase {
  readonly childId: string;
  readonly measuredOn: string;
  readonly respondent: Respondent;
  readonly enteredBy: string;
}
export type NewMeasurement =
  | (MeasurementBase & { readonly instrument: 'SDQ'; readonly area?: null; readonly values: SdqValues })
  | (MeasurementBase & { readonly instrument: 'ORS'; readonly area?: null; readonly values: OrsValues })
  | (MeasurementBase & { readonly instrument: 'TRIVSELSLINEAL'; readonly area: string; readonly values: RulerValues });

export type Measurement = NewMeasurement & {
  readonly measurementId: string;
  readonly enteredAt: string;
  readonly source: MeasurementSource;
};

export interface Goal {
  readonly goalId: string;
  readonly childId: string;
  readonly description: string;
  readonly weight: number;
  readonly agreedOn: string;
}

export interface GoalRating {
  readonly goalId: string;
  readonly ratedOn: string;
  readonly score: number;
}

export interface ChildFacts {
  readonly childId: string;
  readonly name: string;
  readonly birthDate: string | null;
}

export interface HostReferral {
  readonly referralId: string;
  readonly receivedOn: string;
}

/** The law a measure was granted under: Barnets Lov (from 2024, "støttende indsatser") or Serviceloven (before). */
export type MeasureLaw = 'BL' | 'SEL';
/** The day Barnets Lov came into force, replacing the children's part of Serviceloven. */
export const BARNETS_LOV_IN_FORCE = '2024-01-01';

export interface HostMeasureChange {
  readonly date: string;
  readonly kind: 'measure-started' | 'measure-ended' | 'placement-started' | 'placement-ended';
  readonly label: string;
  /** For measures: the law it was granted under, read as the mapping says; null when unknown. */
  readonly law?: MeasureLaw | null;
  /** For measures: whether it places the child outside the home (by the mapping's placementCodes); null when the mapping does not say. */
  readonly placement?: boolean | null;
}

/** A case of the child's in the host, with its number (printed on the PDF). */
export interface HostCaseNumber {
  readonly number: string;
  readonly opened: string | null;
}

/** School absence per period, when the host holds it (the reference schema does not). */
export interface AbsencePeriod {
  readonly periodEnd: string;
  readonly percent: number;
}

export interface HostFollowUpData {
  readonly child: ChildFacts;
  readonly rulerRatings: readonly Measurement[];
  readonly referrals: readonly HostReferral[];
  readonly measureChanges: readonly HostMeasureChange[];
  /** null: the host holds no school absence. */
  readonly absence: readonly AbsencePeriod[] | null;
  /** The child's cases with their numbers, where the mapping names them. */
  readonly caseNumbers?: readonly HostCaseNumber[];
  /** The municipality's name, where the mapping gives it. */
  readonly municipality?: string | null;
}

/** What the report reads from the host, as a port: the adapters fill it (adapters/follow-up); tests hand in objects. */
export interface HostFollowUpSource {
  /** null when the host does not know the child. */
  read(childId: string): Promise<HostFollowUpData | null>;
  /** Children with a placement running on `date` (the children in care). */
  childrenInCare(date: string): Promise<Array<{ childId: string; placedSince: string; birthDate: string | null }>>;
}
