// A small Microsoft Graph v1.0 on loopback HTTP, for tests whose workers are separate processes (nock lives in
// one process and cannot answer another's requests). It keeps what Graph would keep, so a test can count what
// was really delivered: mails sent, files in drives (409 on a name already there, conflictBehavior fail), events
// (a create with a transactionId already seen returns the event already made, as Graph does). It can be down
// (503 with Retry-After) and can hold the answer to a request it has carried out, so a test can kill the worker
// after Graph did the work and before the worker heard of it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeGraphItem {
  readonly id: string;
  readonly path: string;
  readonly size: number;
}

export interface FakeGraphState {
  readonly mails: Array<{ readonly sender: string; readonly to: string; readonly body: string; readonly attachmentBytes: number }>;
  readonly items: Map<string, FakeGraphItem>;
  readonly events: Map<string, { id: string; mailbox: string; transactionId: string; start: string; deleted: boolean }>;
  /** Every request's method and path, in order. */
  readonly requests: string[];
}

export interface FakeGraphOptions {
  /** The application id stamped on items as createdBy.application.id. */
  readonly clientId: string;
  /** While true, every request gets 503 (with Retry-After when set). */
  readonly down?: () => boolean;
  readonly retryAfterSeconds?: number;
  /**
   * Called after a request was carried out; returning true holds its answer (the socket stays open until the
   * server closes), so the caller can kill the worker before it hears that Graph did it.
   */
  readonly holdAfter?: (what: 'upload' | 'event' | 'mail', state: FakeGraphState) => boolean;
}

export interface FakeGraph {
  readonly baseUrl: string;
  readonly state: FakeGraphState;
  close(): Promise<void>;
}

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export async function startFakeGraph(options: FakeGraphOptions): Promise<FakeGraph> {
  const state: FakeGraphState = { mails: [], items: new Map(), events: new Map(), requests: [] };
  let next = 1;
  const held: ServerResponse[] = [];
  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(body === undefined ? '' : JSON.stringify(body));
  };
  const error = (res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}) =>
    json(res, status, { error: { code, message, innerError: { date: new Date().toISOString(), 'request-id': `req-${next}` } } }, headers);
  const finish = (what: 'upload' | 'event' | 'mail', res: ServerResponse, answer: () => void) => {
    if (options.holdAfter?.(what, state)) held.push(res);
    else answer();
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const path = decodeURIComponent(url.pathname);
      state.requests.push(`${req.method} ${path}`);
      const body = await bodyOf(req);
      if (options.down?.()) return error(res, 503, 'serviceNotAvailable', 'Service unavailable', options.retryAfterSeconds ? { 'Retry-After': String(options.retryAfterSeconds) } : {});
      let m: RegExpExecArray | null;
      if (req.method === 'POST' && (m = /^\/v1\.0\/users\/([^/]+)\/sendMail$/.exec(path))) {
        const msg = JSON.parse(body.toString('utf8')).message;
        state.mails.push({ sender: m[1]!, to: msg.toRecipients[0].emailAddress.address, body: msg.body.content, attachmentBytes: Buffer.from(msg.attachments?.[0]?.contentBytes ?? '', 'base64').length });
        return finish('mail', res, () => {
          res.writeHead(202, { 'request-id': `req-${next++}` });
          res.end();
        });
      }
      if (req.method === 'PUT' && (m = /^\/v1\.0\/drives\/([^/]+)\/root:\/(.+):\/content$/.exec(path))) {
        const key = `${m[1]}/${m[2]}`;
        if (url.searchParams.get('@microsoft.graph.conflictBehavior') !== 'fail') return error(res, 400, 'invalidRequest', 'this fake takes conflictBehavior fail only');
        if (state.items.has(key)) return error(res, 409, 'nameAlreadyExists', 'The specified item name already exists.');
        const item = { id: `ITEM-${next++}`, path: key, size: body.length };
        state.items.set(key, item);
        return finish('upload', res, () => json(res, 201, { id: item.id, name: key.split('/').pop(), size: item.size, createdBy: { application: { id: options.clientId } } }));
      }
      if (req.method === 'GET' && (m = /^\/v1\.0\/drives\/([^/]+)\/root:\/(.+):$/.exec(path))) {
        const item = state.items.get(`${m[1]}/${m[2]}`);
        if (!item) return error(res, 404, 'itemNotFound', 'The resource could not be found.');
        return json(res, 200, { id: item.id, size: item.size, createdDateTime: new Date().toISOString(), createdBy: { application: { id: options.clientId } } });
      }
      if (req.method === 'POST' && (m = /^\/v1\.0\/users\/([^/]+)\/events$/.exec(path))) {
        const event = JSON.parse(body.toString('utf8'));
        const same = [...state.events.values()].find((e) => e.transactionId === event.transactionId && e.mailbox === m![1]);
        if (same) return json(res, 201, { id: same.id, transactionId: same.transactionId });
        const made = { id: `EVENT-${next++}`, mailbox: m[1]!, transactionId: String(event.transactionId), start: String(event.start.dateTime), deleted: false };
        state.events.set(made.id, made);
        return finish('event', res, () => json(res, 201, { id: made.id, transactionId: made.transactionId }));
      }
      if ((m = /^\/v1\.0\/users\/([^/]+)\/events\/([^/]+)$/.exec(path))) {
        const event = state.events.get(m[2]!);
        if (!event || event.deleted) return error(res, 404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
        if (req.method === 'PATCH') {
          event.start = String(JSON.parse(body.toString('utf8')).start.dateTime);
          return json(res, 200, { id: event.id });
        }
        if (req.method === 'DELETE') {
          event.deleted = true;
          res.writeHead(204);
          return res.end();
        }
      }
      return error(res, 400, 'BadRequest', `the fake does not serve ${req.method} ${path}`);
    })().catch((e: unknown) => error(res, 500, 'fakeFailed', String(e)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    state,
    close: async () => {
      for (const res of held.splice(0)) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
