// Data lines flagged as wrong by a caseworker (or the family, through the caseworker): stored in the plugin's
// own table and shown beside the line on every later panel for the referral. The comment is free text: it is
// shown (escaped) to whoever may see the panel, and never logged.
import type { Knex } from 'knex';

export interface DataFlag {
  readonly flagId: number;
  readonly referralId: string;
  readonly feature: string;
  readonly flaggedBy: string;
  readonly flaggedByRole: string;
  readonly createdAt: string;
  readonly comment: string;
}

export type NewDataFlag = Omit<DataFlag, 'flagId'>;

export class FlagRepository {
  constructor(private readonly db: Knex) {}

  async add(flag: NewDataFlag): Promise<void> {
    await this.db('bs_data_flag').insert({
      referral_id: flag.referralId,
      feature: flag.feature,
      flagged_by: flag.flaggedBy,
      flagged_by_role: flag.flaggedByRole,
      created_at: flag.createdAt,
      comment: flag.comment,
    });
  }

  async forReferral(referralId: string): Promise<DataFlag[]> {
    const rows = await this.db('bs_data_flag').where({ referral_id: referralId }).orderBy('flag_id');
    return rows.map((r: Record<string, unknown>) => ({
      flagId: Number(r.flag_id),
      referralId: String(r.referral_id),
      feature: String(r.feature),
      flaggedBy: String(r.flagged_by),
      flaggedByRole: String(r.flagged_by_role),
      createdAt: String(r.created_at),
      comment: String(r.comment),
    }));
  }
}
