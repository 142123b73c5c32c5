// The Entra ID application's credential for one municipality, from @azure/identity: a client certificate
// (preferred) or a client secret, read from where the configuration says (a file, an environment variable);
// the secret never enters the configuration, the repository or a log line. A 401 from Graph gets one fresh
// token: `refresh()` drops the credential (and the token it cached) and builds it anew.
import { readFileSync } from 'node:fs';
import { ClientCertificateCredential, ClientSecretCredential, type AccessToken, type GetTokenOptions, type TokenCredential } from '@azure/identity';
import { BeslutningsstotteError } from '../errors';
import type { MunicipalityDelivery } from '../delivery/delivery-config';

export interface CredentialOptions {
  readonly authorityHost: string;
  readonly env?: NodeJS.ProcessEnv;
}

function unavailable(m: MunicipalityDelivery, detail: string): BeslutningsstotteError {
  return new BeslutningsstotteError('DELIVERY_CREDENTIAL_UNAVAILABLE', { municipality: m.municipality, detail });
}

/** Builds the credential the configuration names; a missing file or variable is named, its content never. */
export function credentialFor(m: MunicipalityDelivery, options: CredentialOptions): TokenCredential {
  const env = options.env ?? process.env;
  const common = { authorityHost: options.authorityHost };
  const c = m.credential;
  if ('certificateFile' in c) {
    let certificate: string;
    try {
      certificate = readFileSync(c.certificateFile, 'utf8');
    } catch {
      throw unavailable(m, `the certificate file ${c.certificateFile} (credential.certificateFile) cannot be read`);
    }
    if (!certificate.includes('PRIVATE KEY') || !certificate.includes('CERTIFICATE')) throw unavailable(m, `the file ${c.certificateFile} must hold the private key and the certificate in PEM`);
    const password = c.certificatePasswordEnv === undefined ? undefined : env[c.certificatePasswordEnv];
    if (c.certificatePasswordEnv !== undefined && !password) throw unavailable(m, `the environment variable ${c.certificatePasswordEnv} (credential.certificatePasswordEnv) is not set`);
    return new ClientCertificateCredential(m.tenantId, m.clientId, { certificate, ...(password ? { certificatePassword: password } : {}) }, common);
  }
  let secret: string | undefined;
  if ('secretEnv' in c) {
    secret = env[c.secretEnv]?.trim();
    if (!secret) throw unavailable(m, `the environment variable ${c.secretEnv} (credential.secretEnv) is not set`);
  } else {
    try {
      secret = readFileSync(c.secretFile, 'utf8').trim();
    } catch {
      throw unavailable(m, `the secret file ${c.secretFile} (credential.secretFile) cannot be read`);
    }
    if (!secret) throw unavailable(m, `the secret file ${c.secretFile} is empty`);
  }
  return new ClientSecretCredential(m.tenantId, m.clientId, secret, common);
}

/** A credential that can be built anew: the one fresh token after a 401. */
export class RefreshableCredential implements TokenCredential {
  private inner: TokenCredential;

  constructor(private readonly build: () => TokenCredential) {
    this.inner = build();
  }

  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    return this.inner.getToken(scopes, options);
  }

  refresh(): void {
    this.inner = this.build();
  }
}
