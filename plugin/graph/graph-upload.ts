// Uploading a filed report to the case's folder in a SharePoint document library through Graph v1.0: a simple
// PUT up to 4 MB, an upload session above; `@microsoft.graph.conflictBehavior: fail` always, so a file already
// there is never overwritten. On 409 the item at that name is looked at: if it is this delivery's own upload
// from an earlier attempt (created by this application, with the same size),
// the row is delivered with its id; otherwise the next free name ("… (2).pdf") is tried.
import type { UploadPayload } from '../delivery/delivery-plan';
import type { GraphOutcome } from '../delivery/delivery-outcome';
import type { GraphConnection } from './graph-client';

export const SIMPLE_UPLOAD_LIMIT = 4 * 1024 * 1024;
/** Upload session chunks must be multiples of 320 KiB. */
export const UPLOAD_CHUNK = 10 * 320 * 1024;
const MAX_NAMES = 50;

export interface UploadContext {
  /** The application's client id: an item another application or a person made is never taken as ours. */
  readonly clientId: string;
  stillHeld(): Promise<boolean>;
}

const segment = (s: string) => encodeURIComponent(s);

export function nameFor(fileName: string, n: number): string {
  if (n <= 1) return fileName;
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? `${fileName.slice(0, dot)} (${n})${fileName.slice(dot)}` : `${fileName} (${n})`;
}

function drivePath(payload: UploadPayload, name: string): string {
  const path = [...payload.folder.split('/').filter((s) => s !== ''), name].map(segment).join('/');
  return `/drives/${segment(payload.driveId)}/root:/${path}:`;
}

interface DriveItem {
  id?: string;
  size?: number;
  createdDateTime?: string;
  createdBy?: { application?: { id?: string } };
}

export async function uploadReport(conn: GraphConnection, payload: UploadPayload, pdf: Uint8Array, ctx: UploadContext): Promise<GraphOutcome> {
  for (let n = 1; n <= MAX_NAMES; n++) {
    const name = nameFor(payload.report.fileName, n);
    const path = drivePath(payload, name);
    const put = pdf.length <= SIMPLE_UPLOAD_LIMIT ? await simplePut(conn, path, pdf) : await sessionPut(conn, path, name, pdf, ctx);
    if (put.ok) {
      const id = put.value?.id;
      return typeof id === 'string' ? { ok: true, resultId: id } : { ok: false, failure: 'http', status: 502, code: null, message: 'Graph stored the file without returning its id', retryAfterSeconds: null };
    }
    if (put.failure !== 'http' || put.status !== 409) return put;
    const existing = await conn.call((c, signal) => c.api(path).select('id,size,createdDateTime,createdBy').option('signal', signal).get() as Promise<DriveItem>);
    if (!existing.ok) return existing;
    const item = existing.value;
    // Same name in the same case folder (so the same filing's report), same size, written by this application.
    const ours = item.size === pdf.length && item.createdBy?.application?.id === ctx.clientId;
    if (ours && typeof item.id === 'string') return { ok: true, resultId: item.id };
  }
  return { ok: false, failure: 'http', status: 409, code: 'nameAlreadyExists', message: `${MAX_NAMES} files of this name are already in the folder`, retryAfterSeconds: null };
}

function simplePut(conn: GraphConnection, path: string, pdf: Uint8Array) {
  return conn.call((c, signal) =>
    c
      .api(`${path}/content`)
      .query({ '@microsoft.graph.conflictBehavior': 'fail' })
      .header('Content-Type', 'application/pdf')
      .option('signal', signal)
      .put(Buffer.from(pdf)) as Promise<DriveItem>,
  );
}

async function sessionPut(conn: GraphConnection, path: string, name: string, pdf: Uint8Array, ctx: UploadContext) {
  const session = await conn.call((c, signal) =>
    c.api(`${path}/createUploadSession`).option('signal', signal).post({ item: { '@microsoft.graph.conflictBehavior': 'fail', name } }) as Promise<{ uploadUrl?: string }>,
  );
  if (!session.ok) return session;
  if (typeof session.value.uploadUrl !== 'string') return { ok: false as const, failure: 'http' as const, status: 502, code: null, message: 'Graph gave no upload URL', retryAfterSeconds: null };
  const done = await conn.uploadChunks(session.value.uploadUrl, pdf, UPLOAD_CHUNK, ctx.stillHeld);
  return done.ok ? { ok: true as const, value: (done.value ?? {}) as DriveItem } : done;
}
