// One Graph connection per municipality's application, made when first needed and kept: the credential's token
// cache lives as long as the process (a token is fetched again when it runs out or after a 401).
import type { DeliveryConfig, MunicipalityDelivery } from '../delivery/delivery-config';
import { GraphConnection } from './graph-client';
import { credentialFor, RefreshableCredential } from './graph-credential';

export interface ConnectionOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly now?: () => Date;
  readonly fetch?: typeof fetch;
}

export function graphConnections(config: DeliveryConfig, options: ConnectionOptions = {}): (m: MunicipalityDelivery) => GraphConnection {
  const made = new Map<string, GraphConnection>();
  return (m) => {
    let conn = made.get(m.municipality);
    if (!conn) {
      // Read once now, so a missing certificate or secret is reported at once rather than at the first token.
      credentialFor(m, { authorityHost: config.authorityHost, ...(options.env ? { env: options.env } : {}) });
      const credential = new RefreshableCredential(() => credentialFor(m, { authorityHost: config.authorityHost, ...(options.env ? { env: options.env } : {}) }));
      conn = new GraphConnection(credential, {
        baseUrl: config.graphBaseUrl,
        timeoutMs: config.requestTimeoutSeconds * 1000,
        ...(options.now ? { now: options.now } : {}),
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
      made.set(m.municipality, conn);
    }
    return conn;
  };
}
