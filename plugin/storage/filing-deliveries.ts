// The filing's handler that writes the delivery outbox: given to the follow-up filing service as an `onFiled`
// handler, it runs inside the filing's transaction with the filed record, so a filing and its deliveries are
// committed together or not at all. The filing names the caseworker by the host's user id; that id is taken as
// the caseworker's mail address when it is one (hosts whose user ids are UPNs), else the configuration's
// `mail.recipient: "caseworker-id"` with `recipientDomain` makes the address.
import type { Knex } from 'knex';
import type { DeliveryConfig } from '../delivery/delivery-config';
import type { FiledReport } from '../delivery/delivery-plan';
import { enqueueDeliveriesForFiling } from './delivery-outbox-repository';

/** The filed record as the filing service hands it to its handlers (structurally: FiledFollowUp). */
export interface FiledRecord {
  readonly filingId: string;
  readonly childId: string;
  readonly periodFrom: string;
  readonly periodTo: string;
  readonly filedAt: string;
  readonly filedBy: string;
  readonly caseNumber: string | null;
  readonly municipality: string | null;
  readonly nextDueOn: string | null;
}

const ADDRESS = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export function filedReportOf(filing: FiledRecord): FiledReport {
  return {
    filingId: filing.filingId,
    childId: filing.childId,
    periodFrom: filing.periodFrom,
    periodTo: filing.periodTo,
    caseNumber: filing.caseNumber,
    municipality: filing.municipality,
    caseworker: { id: filing.filedBy, address: ADDRESS.test(filing.filedBy) ? filing.filedBy : null },
    filedAt: filing.filedAt,
    nextDueOn: filing.nextDueOn,
  };
}

/** The `onFiled` handler for a delivery configuration. */
export function deliveriesOnFiled(config: DeliveryConfig, now: () => Date = () => new Date()): (trx: Knex.Transaction, filing: FiledRecord) => Promise<void> {
  return async (trx, filing) => {
    await enqueueDeliveriesForFiling(trx, filedReportOf(filing), config, now().toISOString());
  };
}

/** The filing's handlers for a delivery configuration, or none without one (then filing writes no deliveries). */
export function filingHandlersFor(config: DeliveryConfig | null): ReturnType<typeof deliveriesOnFiled>[] {
  return config ? [deliveriesOnFiled(config)] : [];
}
