// Mailing a filed report to the responsible caseworker through Graph v1.0.
// Up to 3 MB: one POST /users/{sender}/sendMail with the PDF as a file attachment. Larger: a draft is created
// once (its immutable id kept in the outbox row before anything else happens), the PDF is attached through an
// upload session, and the draft is sent by its id. On a later attempt with a kept draft id, the draft is looked
// at first: if Graph has it as sent (isDraft false), the row is delivered without sending again; an attachment
// already on the draft is not uploaded twice. docs/delivery.md, "What is guaranteed", says what this does and
// does not promise.
import type { MailPayload } from '../delivery/delivery-plan';
import type { GraphOutcome } from '../delivery/delivery-outcome';
import { ResponseType, type GraphConnection } from './graph-client';

/** sendMail takes attachments up to 3 MB in the request; above it, an upload session. */
export const MAIL_INLINE_LIMIT = 3 * 1024 * 1024;
/** Chunk size for an attachment's upload session (at most 4 MB each). */
export const MAIL_CHUNK = 3 * 1024 * 1024;
const IMMUTABLE_ID = 'IdType="ImmutableId"';

export interface MailProgress {
  /** The draft id kept from an earlier attempt, or null. */
  readonly draftId: string | null;
  /** Keeps the draft id in the row; false when the lease was lost (then nothing more is done). */
  saveDraftId(id: string): Promise<boolean>;
  /** Between chunks; false when the lease was lost. */
  stillHeld(): Promise<boolean>;
}

function message(payload: MailPayload) {
  return {
    subject: payload.subject,
    body: { contentType: 'Text', content: payload.body },
    toRecipients: [{ emailAddress: { address: payload.recipient } }],
  };
}

const user = (address: string) => `/users/${encodeURIComponent(address)}`;

export async function sendReportMail(conn: GraphConnection, payload: MailPayload, pdf: Uint8Array, progress: MailProgress): Promise<GraphOutcome> {
  if (pdf.length <= MAIL_INLINE_LIMIT && progress.draftId === null) {
    const sent = await conn.callRaw((c, signal) =>
      c
        .api(`${user(payload.sender)}/sendMail`)
        .option('signal', signal)
        .responseType(ResponseType.RAW)
        .post({
          message: {
            ...message(payload),
            attachments: [{ '@odata.type': '#microsoft.graph.fileAttachment', name: payload.report.fileName, contentType: 'application/pdf', contentBytes: Buffer.from(pdf).toString('base64') }],
          },
          saveToSentItems: true,
        }),
    );
    if (!sent.ok) return sent;
    // sendMail answers 202 without a body: Graph's request id is what it returned.
    return { ok: true, resultId: `sendMail:${sent.headers?.get('request-id') ?? 'accepted'}` };
  }
  let draftId = progress.draftId;
  if (draftId !== null) {
    const draft = await conn.call((c, signal) => c.api(`${user(payload.sender)}/messages/${encodeURIComponent(draftId!)}`).header('Prefer', IMMUTABLE_ID).select('id,isDraft').option('signal', signal).get() as Promise<{ isDraft?: boolean }>);
    if (!draft.ok) return draft;
    if (draft.value.isDraft === false) return { ok: true, resultId: draftId };
  } else {
    const created = await conn.call((c, signal) => c.api(`${user(payload.sender)}/messages`).header('Prefer', IMMUTABLE_ID).option('signal', signal).post(message(payload)) as Promise<{ id?: string }>);
    if (!created.ok) return created;
    if (typeof created.value.id !== 'string') return { ok: false, failure: 'http', status: 502, code: null, message: 'Graph created a draft without an id', retryAfterSeconds: null };
    draftId = created.value.id;
    if (!(await progress.saveDraftId(draftId))) return { ok: false, failure: 'network', message: 'the lease on the delivery was lost' };
  }
  const messagePath = `${user(payload.sender)}/messages/${encodeURIComponent(draftId)}`;
  const attached = await conn.call((c, signal) => c.api(`${messagePath}/attachments`).header('Prefer', IMMUTABLE_ID).select('name,size').option('signal', signal).get() as Promise<{ value?: Array<{ name?: string; size?: number }> }>);
  if (!attached.ok) return attached;
  if (!(attached.value.value ?? []).some((a) => a.name === payload.report.fileName)) {
    const session = await conn.call((c, signal) =>
      c
        .api(`${messagePath}/attachments/createUploadSession`)
        .header('Prefer', IMMUTABLE_ID)
        .option('signal', signal)
        .post({ AttachmentItem: { attachmentType: 'file', name: payload.report.fileName, size: pdf.length, contentType: 'application/pdf' } }) as Promise<{ uploadUrl?: string }>,
    );
    if (!session.ok) return session;
    if (typeof session.value.uploadUrl !== 'string') return { ok: false, failure: 'http', status: 502, code: null, message: 'Graph gave no upload URL for the attachment', retryAfterSeconds: null };
    const uploaded = await conn.uploadChunks(session.value.uploadUrl, pdf, MAIL_CHUNK, progress.stillHeld);
    if (!uploaded.ok) return uploaded;
  }
  const sent = await conn.call((c, signal) => c.api(`${messagePath}/send`).header('Prefer', IMMUTABLE_ID).option('signal', signal).post(null));
  if (!sent.ok) return sent;
  return { ok: true, resultId: draftId };
}
