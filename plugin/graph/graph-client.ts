// The one way the plugin reaches Microsoft Graph v1.0: @microsoft/microsoft-graph-client with the
// TokenCredentialAuthenticationProvider over an @azure/identity credential. The client's own retry handler is
// left out on purpose: retries are the outbox's (a row waits in the database, not in a process's memory), and
// each call here gives back a GraphOutcome for the pure policy. Every call has a timeout.
import { Client, AuthenticationHandler, HTTPMessageHandler, GraphError, ResponseType } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';
import { parseRetryAfter, type GraphOutcome } from '../delivery/delivery-outcome';
import { RefreshableCredential } from './graph-credential';

export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

export interface GraphConnectionOptions {
  /** Graph's root, without version (https://graph.microsoft.com, or a test's loopback server). */
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly now?: () => Date;
  /** For upload sessions' pre-authenticated URLs (no token is sent there). */
  readonly fetch?: typeof fetch;
}

export type GraphFailure = Exclude<GraphOutcome, { ok: true }>;

/** A Graph call's answer or how it failed: the body on success, a GraphFailure otherwise. */
export type GraphResult<T> = { readonly ok: true; readonly value: T; readonly headers?: Headers } | GraphFailure;

export class GraphConnection {
  readonly client: Client;
  private readonly now: () => Date;
  readonly fetch: typeof fetch;

  constructor(
    readonly credential: RefreshableCredential,
    readonly options: GraphConnectionOptions,
  ) {
    const authProvider = new TokenCredentialAuthenticationProvider(credential, { scopes: [GRAPH_SCOPE] });
    const host = new URL(options.baseUrl).host;
    this.client = Client.initWithMiddleware({
      baseUrl: `${options.baseUrl.replace(/\/+$/, '')}/`,
      defaultVersion: 'v1.0',
      middleware: [new AuthenticationHandler(authProvider), new HTTPMessageHandler()],
      ...(host === 'graph.microsoft.com' ? {} : { customHosts: new Set([host]) }),
    });
    this.now = options.now ?? (() => new Date());
    this.fetch = options.fetch ?? fetch;
  }

  /** Runs one Graph request (built on `client.api(...)`), with the timeout, as a GraphResult. */
  async call<T>(request: (client: Client, signal: AbortSignal) => Promise<T>): Promise<GraphResult<T>> {
    try {
      const value = await request(this.client, AbortSignal.timeout(this.options.timeoutMs));
      return { ok: true, value };
    } catch (error) {
      return this.failure(error);
    }
  }

  /** A Graph request whose response headers matter (sendMail's request-id), as a raw Response. */
  async callRaw(request: (client: Client, signal: AbortSignal) => Promise<Response>): Promise<GraphResult<null>> {
    const result = await this.call(request);
    if (!result.ok) return result;
    // A raw response is handed back whatever its status: the failure is read here, as for any other call.
    const response = result.value;
    if (!response.ok) return this.responseFailure(response);
    await response.arrayBuffer().catch(() => undefined);
    return { ok: true, value: null, headers: response.headers };
  }

  private async responseFailure(response: Response): Promise<GraphFailure> {
    const body = (await response.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
    return {
      ok: false,
      failure: 'http',
      status: response.status,
      code: body.error?.code ?? null,
      message: oneLine(body.error?.message ?? response.statusText),
      retryAfterSeconds: parseRetryAfter(response.headers.get('Retry-After'), this.now()),
    };
  }

  failure(error: unknown): GraphFailure {
    if (error instanceof GraphError && error.statusCode > 0) {
      return {
        ok: false,
        failure: 'http',
        status: error.statusCode,
        code: error.code,
        message: oneLine(error.message),
        retryAfterSeconds: parseRetryAfter(error.headers?.get('Retry-After'), this.now()),
      };
    }
    const e = error as { code?: unknown; name?: unknown; message?: unknown; statusCode?: unknown };
    // @azure/identity: the token endpoint refused (wrong tenant, client, secret or certificate) or could not be reached.
    // The Graph client hands the credential's error on with its name as the code.
    const tokenError = ['AuthenticationError', 'AuthenticationRequiredError'].includes(String(e.code)) || ['AuthenticationError', 'AuthenticationRequiredError'].includes(String(e.name));
    if (tokenError) {
      const status = typeof e.statusCode === 'number' && e.statusCode > 0 ? e.statusCode : 401;
      if (status >= 500 || /network_error|ECONNREFUSED|ETIMEDOUT|ENOTFOUND|temporarily_unavailable|server_error/i.test(String(e.message ?? ''))) {
        return { ok: false, failure: 'network', message: 'the token endpoint could not be reached or failed' };
      }
      return { ok: false, failure: 'http', status: 401, code: 'TokenRequestFailed', message: `the token endpoint refused the credential: ${aadCode(String(e.message ?? ''))}`, retryAfterSeconds: null };
    }
    if (e.code === 'CredentialUnavailableError' || e.name === 'CredentialUnavailableError') {
      return { ok: false, failure: 'http', status: 401, code: 'CredentialUnavailable', message: 'the credential is unavailable (certificate or secret)', retryAfterSeconds: null };
    }
    const name = String(e.code ?? e.name ?? 'Error');
    const timeout = name === 'TimeoutError' || name === 'AbortError' || /aborted|timeout/i.test(String(e.message ?? ''));
    return { ok: false, failure: 'network', message: timeout ? `no answer within ${Math.round(this.options.timeoutMs / 1000)} s` : `${name}: ${oneLine(String(e.message ?? ''))}` };
  }

  /**
   * PUTs `bytes` to an upload session's pre-authenticated URL in chunks (no token is sent there, as Graph asks);
   * the last chunk's JSON answer (the drive item or nothing for an attachment) is returned.
   */
  async uploadChunks(uploadUrl: string, bytes: Uint8Array, chunkSize: number, onChunk?: () => Promise<boolean>): Promise<GraphResult<Record<string, unknown> | null>> {
    let last: Response | null = null;
    for (let start = 0; start < bytes.length; start += chunkSize) {
      const end = Math.min(bytes.length, start + chunkSize);
      try {
        last = await this.fetch(uploadUrl, {
          method: 'PUT',
          headers: { 'Content-Length': String(end - start), 'Content-Range': `bytes ${start}-${end - 1}/${bytes.length}` },
          body: bytes.subarray(start, end),
          signal: AbortSignal.timeout(this.options.timeoutMs),
        });
      } catch (error) {
        return this.failure(error);
      }
      if (!last.ok) return this.responseFailure(last);
      if (end < bytes.length) {
        await last.arrayBuffer().catch(() => undefined);
        if (onChunk && !(await onChunk())) return { ok: false, failure: 'network', message: 'the lease on the delivery was lost during the upload' };
      }
    }
    const text = last ? await last.text() : '';
    return { ok: true, value: text.trim() === '' ? null : (JSON.parse(text) as Record<string, unknown>) };
  }
}

export { ResponseType };

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 300);
/** The AADSTS code and its first sentence, without trace or correlation ids. */
const aadCode = (text: string) => oneLine((/AADSTS\d+[^.]*\./.exec(text)?.[0] ?? text).slice(0, 200));
