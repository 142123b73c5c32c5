// Delivery tests' inputs in a few lines: a municipality's delivery configuration, a filed report, and a plugin
// database in a temporary folder (removed by `close`).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { resolveDeliveryConfig, type DeliveryConfig } from '../../plugin/delivery/delivery-config';
import type { FiledReport } from '../../plugin/delivery/delivery-plan';
import { migratePluginDatabase, openPluginDatabase } from '../../plugin/storage/plugin-database';

export const TENANT = '0f5a8a3e-1c2b-4d5e-8f90-123456789abc';
export const CLIENT = '7c1d2e3f-4a5b-4c6d-9e8f-abcdef012345';
export const SECRET_ENV = 'BESLUTNINGSSTOTTE_TEST_GRAPH_SECRET';
export const SENDER = 'opfolgning@kommune.example.dk';
export const CASEWORKER = 'sagsbehandler@kommune.example.dk';
export const DRIVE = 'b!drive-0123';

/** A delivery configuration file's content for any municipality (`"*"`): mail to the caseworker's id at the
 * test domain, and an upload to a folder per child; `extra` adds or replaces settings (e.g. mode, calendar). */
export function anyMunicipalityDelivery(extra: Record<string, unknown> = {}): { municipalities: Record<string, unknown>[] } {
  return {
    municipalities: [
      {
        municipality: '*',
        tenantId: TENANT,
        clientId: CLIENT,
        credential: { secretEnv: SECRET_ENV },
        mode: 'both',
        mail: { sender: SENDER, recipient: 'caseworker-id', recipientDomain: 'kommune.example.dk' },
        upload: { driveId: DRIVE, folderTemplate: 'Opfølgning/{childId}' },
        ...extra,
      },
    ],
  };
}

export function deliveryConfigFor(municipality: Record<string, unknown> = {}, top: Record<string, unknown> = {}): DeliveryConfig {
  return resolveDeliveryConfig({
    municipalities: [
      {
        municipality: '0101',
        tenantId: TENANT,
        clientId: CLIENT,
        credential: { secretEnv: SECRET_ENV },
        mode: 'both',
        mail: { sender: SENDER, caseLinkTemplate: 'https://dubu.example.dk/sag/{caseNumber}' },
        upload: { driveId: DRIVE, folderTemplate: 'Opfølgning/{caseNumber}' },
        calendar: { enabled: true },
        ...municipality,
      },
    ],
    ...top,
  });
}

export function filedReport(overrides: Partial<FiledReport> = {}): FiledReport {
  return {
    filingId: '1',
    childId: 'C-100',
    periodFrom: '2026-05-01',
    periodTo: '2026-10-31',
    caseNumber: '27.00.00-G01-123-26',
    municipality: '0101',
    caseworker: { id: 'sb1', address: CASEWORKER },
    filedAt: '2026-11-30T10:00:00.000Z',
    nextDueOn: '2027-04-30',
    ...overrides,
  };
}

export interface TemporaryPluginDatabase {
  readonly db: Knex;
  readonly file: string;
  close(): Promise<void>;
}

export async function temporaryPluginDatabase(): Promise<TemporaryPluginDatabase> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bs-delivery-'));
  const file = path.join(dir, 'plugin.sqlite');
  const db = openPluginDatabase({ client: 'better-sqlite3', connection: { filename: file } });
  await migratePluginDatabase(db);
  return {
    db,
    file,
    close: async () => {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A PDF-like payload of a given size (content does not matter to Graph). */
export function pdfOfSize(bytes: number): Uint8Array {
  const out = new Uint8Array(bytes);
  out.set(Buffer.from('%PDF-1.7\n'));
  for (let i = 9; i < bytes; i++) out[i] = i % 251;
  return out;
}
