// What the panel needs from the host data, as a port: one referral's features as of its received time with
// their provenance, and the child's earlier referrals. The adapters fill it (./host-referral-source); tests
// hand in plain objects. The shapes follow adapters/extraction's ExtractedReferral and FeatureProvenance.

export interface ProvenanceRecordView {
  readonly table: string;
  readonly id: string;
  readonly date: string | null;
  readonly siblingId?: string;
}

export interface InputProvenance {
  readonly feature: string;
  readonly value: number | null;
  readonly table: string;
  /** The mapping's label of the table for people; without it the panel shows the table name. */
  readonly tableLabel?: { readonly da: string; readonly en: string } | null;
  readonly subject: string;
  readonly rule: string;
  readonly records: readonly ProvenanceRecordView[];
  /** The feature reads one record and none counted: the value is the mapping's default, not something recorded. */
  readonly noRecord?: boolean;
}

export interface ReferralSnapshot {
  readonly referralId: string;
  /** 'YYYY-MM-DD HH:MM:SS' */
  readonly receivedAt: string;
  /**
   * The child's age on the referral date as the host records it (adapters/child-age): "adult" (18 or older) and
   * "unknown" (no readable birth date, nothing that says unborn) are never scored. Absent: judged from the features.
   */
  readonly age?: { readonly state: 'born' | 'adult' | 'unborn' | 'unknown' };
  /** Feature values by name; a feature without a value is absent here and listed in `missing`. */
  readonly features: Readonly<Record<string, number>>;
  readonly missing: readonly string[];
  /** Features without a value because the host data held a code the field mapping does not name (also in `missing`). */
  readonly unknownCodes?: ReadonlyArray<{ readonly feature: string; readonly table: string; readonly column: string; readonly code: string }>;
  readonly provenance: readonly InputProvenance[] | null;
  /**
   * The codes the referral's own record holds in the coded columns its features test (e.g. its source code),
   * with the field mapping's label of each (issue 15). Absent: the panel shows the model's categories.
   */
  readonly codes?: ReadonlyArray<ReferralCodeView>;
}

export interface ReferralCodeView {
  /** The features whose filters test the column. */
  readonly features: readonly string[];
  readonly table: string;
  readonly column: string;
  readonly code: string | null;
  /** The mapping's label; English falls back to the Danish label when the mapping gives only that. */
  readonly label: { readonly da: string; readonly en?: string } | null;
  readonly known: boolean;
}

export interface ReferralWithHistory {
  readonly referral: ReferralSnapshot;
  /** The same child's referrals received before this one, oldest first. */
  readonly earlier: readonly ReferralSnapshot[];
}

export interface ReferralDataSource {
  /** One referral with provenance and the child's earlier referrals, or null when the host has no such referral. */
  referralWithHistory(referralId: string): Promise<ReferralWithHistory | null>;
}
