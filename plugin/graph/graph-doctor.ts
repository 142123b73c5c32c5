// `doctor graph`'s checks, per municipality in the delivery configuration: the credential can be read, a token
// is acquired, the token carries the application permissions the configured deliveries need, the sending
// mailbox and the document library are reachable. Each failure names the setting or permission that fixes it.
import { decodeJwt } from 'jose';
import type { DeliveryConfig, MunicipalityDelivery } from '../delivery/delivery-config';
import { GRAPH_SCOPE, GraphConnection } from './graph-client';
import { credentialFor, RefreshableCredential } from './graph-credential';
import { isBeslutningsstotteError } from '../errors';

export interface DoctorCheck {
  readonly municipality: string;
  readonly check: string;
  readonly ok: boolean;
  /** What was found, or what fixes it. */
  readonly detail: string;
}

export interface DoctorOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutMs?: number;
}

/** The application permissions (app roles in the token) each part of the configuration needs. */
export function neededRoles(m: MunicipalityDelivery): Array<{ part: string; anyOf: string[] }> {
  const needed: Array<{ part: string; anyOf: string[] }> = [];
  if (m.mode !== 'upload') needed.push({ part: 'mail', anyOf: ['Mail.Send'] });
  if (m.mode !== 'mail') needed.push({ part: 'upload', anyOf: ['Files.ReadWrite.All', 'Sites.Selected', 'Sites.ReadWrite.All'] });
  if (m.calendar.enabled) needed.push({ part: 'calendar', anyOf: ['Calendars.ReadWrite'] });
  return needed;
}

export async function checkGraph(config: DeliveryConfig, options: DoctorOptions = {}): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  for (const m of config.municipalities) {
    const add = (check: string, ok: boolean, detail: string) => checks.push({ municipality: m.municipality, check, ok, detail });
    let conn: GraphConnection;
    try {
      const build = () => credentialFor(m, { authorityHost: config.authorityHost, ...(options.env ? { env: options.env } : {}) });
      build();
      conn = new GraphConnection(new RefreshableCredential(build), { baseUrl: config.graphBaseUrl, timeoutMs: options.timeoutMs ?? config.requestTimeoutSeconds * 1000 });
      add('credential', true, 'certificateFile' in m.credential ? 'client certificate' : 'client secret');
    } catch (error) {
      add('credential', false, isBeslutningsstotteError(error) ? error.message : 'the credential cannot be read (credential)');
      continue;
    }
    let roles: string[];
    try {
      const token = await conn.credential.getToken(GRAPH_SCOPE);
      if (!token) throw new Error('no token');
      roles = ((decodeJwt(token.token).roles as unknown) ?? []) as string[];
      if (!Array.isArray(roles)) roles = [];
      add('token', true, `acquired for client ${m.clientId} in tenant ${m.tenantId}`);
    } catch (error) {
      const aad = /AADSTS\d+[^.]*\./.exec(String((error as Error).message))?.[0];
      add('token', false, `${aad ?? 'no token'}: check tenantId, clientId and credential (the certificate or secret registered on the app in Entra ID)`);
      continue;
    }
    for (const need of neededRoles(m)) {
      const has = need.anyOf.find((r) => roles.includes(r));
      add(`permission for ${need.part}`, has !== undefined, has ? has : `the token has none of ${need.anyOf.join(', ')}: add the application permission ${need.anyOf[0]}${need.part === 'upload' ? ' (or Sites.Selected with write access granted to the site)' : ''} and grant admin consent`);
    }
    if (m.mail) {
      const user = await conn.call((c, signal) => c.api(`/users/${encodeURIComponent(m.mail!.sender)}`).select('id').option('signal', signal).get());
      if (user.ok) add('mailbox', true, `${m.mail.sender} found`);
      else if (user.failure === 'http' && user.status === 404) add('mailbox', false, `mail.sender ${m.mail.sender}: no such user or mailbox in the tenant`);
      else if (user.failure === 'http' && user.status === 403) add('mailbox', true, `${m.mail.sender} not confirmed (reading users needs User.Read.All, which delivery does not need)`);
      else add('mailbox', false, `Graph did not answer (${user.failure === 'http' ? user.status : user.message})`);
    }
    if (m.upload) {
      const drive = await conn.call((c, signal) => c.api(`/drives/${encodeURIComponent(m.upload!.driveId)}`).select('id,name').option('signal', signal).get() as Promise<{ name?: string }>);
      if (drive.ok) add('library', true, `drive "${drive.value.name ?? m.upload.driveId}" reachable`);
      else if (drive.failure === 'http' && drive.status === 404) add('library', false, `upload.driveId ${m.upload.driveId}: no such document library`);
      else if (drive.failure === 'http' && drive.status === 403) add('library', false, `upload.driveId ${m.upload.driveId}: access denied: grant Files.ReadWrite.All, or write access to the site for Sites.Selected`);
      else add('library', false, `Graph did not answer (${drive.failure === 'http' ? drive.status : drive.message})`);
    }
  }
  return checks;
}
