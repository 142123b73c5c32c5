// The delivery configuration an administrator writes (one JSON file, path in --delivery-config or
// BESLUTNINGSSTOTTE_DELIVERY_CONFIG), validated where it enters: per municipality, the Entra ID application
// (tenant, client id, and where its credential is: a certificate file, or a secret in an environment variable or
// a file, never the secret itself), what is delivered (mail, upload or both), to whom and where, what the mail
// may say, and whether the caseworker's calendar gets a reminder. docs/delivery.md describes every field.
import { Type, type Static } from '@sinclair/typebox';
import { BeslutningsstotteError } from '../errors';
import { validateAgainst } from '../schema-validator';

const Guid = Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$', description: 'A GUID, as Entra ID shows it.' });
const EnvName = Type.String({ pattern: '^[A-Z_][A-Z0-9_]{0,127}$', description: 'Name of an environment variable.' });
const Address = Type.String({ pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$', maxLength: 320 });

const CredentialSchema = Type.Union([
  Type.Object(
    {
      certificateFile: Type.String({ minLength: 1, description: 'PEM file with the private key and the certificate (preferred).' }),
      certificatePasswordEnv: Type.Optional(EnvName),
    },
    { additionalProperties: false },
  ),
  Type.Object({ secretEnv: EnvName }, { additionalProperties: false, description: 'The client secret is in this environment variable.' }),
  Type.Object({ secretFile: Type.String({ minLength: 1 }) }, { additionalProperties: false, description: 'The client secret is the only content of this file.' }),
]);

const MailSchema = Type.Object(
  {
    sender: Address,
    recipient: Type.Optional(
      Type.Union([Type.Literal('caseworker-address'), Type.Literal('caseworker-id')], {
        default: 'caseworker-address',
        description: "caseworker-address: the responsible caseworker's mail address from the filing; caseworker-id: the caseworker's user id is the address (UPN), optionally completed by recipientDomain.",
      }),
    ),
    recipientDomain: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$' })),
    subject: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    body: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    caseLinkTemplate: Type.Optional(
      Type.String({ pattern: '^https://[^\\s]*\\{(childId|caseNumber)\\}[^\\s]*$', description: 'A link into the case system, with {childId} or {caseNumber}.' }),
    ),
    includeCaseNumber: Type.Optional(Type.Boolean({ default: false, description: 'Whether the subject may name the case number (personal data: off by default).' })),
  },
  { additionalProperties: false },
);

const UploadSchema = Type.Object(
  {
    siteId: Type.Optional(Type.String({ minLength: 1 })),
    driveId: Type.String({ minLength: 1, description: 'The document library (drive) id.' }),
    folderTemplate: Type.String({
      minLength: 1,
      maxLength: 300,
      pattern: '^[^\\\\:*?"<>|#%]+$',
      description: 'Folder per case inside the library, with {caseNumber}, {childId}, {year}; e.g. "Opfølgning/{caseNumber}".',
    }),
  },
  { additionalProperties: false },
);

const MunicipalitySchema = Type.Object(
  {
    municipality: Type.String({ minLength: 1, maxLength: 100, description: 'As the filing names it (the host\'s municipality); "*" applies to any other.' }),
    tenantId: Guid,
    clientId: Guid,
    credential: CredentialSchema,
    mode: Type.Union([Type.Literal('mail'), Type.Literal('upload'), Type.Literal('both')]),
    mail: Type.Optional(MailSchema),
    upload: Type.Optional(UploadSchema),
    calendar: Type.Optional(
      Type.Object(
        { enabled: Type.Boolean(), subject: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const DeliveryConfigSchema = Type.Object(
  {
    municipalities: Type.Array(MunicipalitySchema, { minItems: 1 }),
    graphBaseUrl: Type.Optional(Type.String({ pattern: '^https://', description: 'Graph endpoint (national clouds); default https://graph.microsoft.com.' })),
    authorityHost: Type.Optional(Type.String({ pattern: '^https://', description: 'Entra ID endpoint; default https://login.microsoftonline.com.' })),
    leaseSeconds: Type.Optional(Type.Integer({ minimum: 30, maximum: 3600, default: 300 })),
    requestTimeoutSeconds: Type.Optional(Type.Integer({ minimum: 5, maximum: 600, default: 60 })),
    giveUpAfterHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 720, default: 72 })),
  },
  { additionalProperties: false },
);

export type CredentialSource = Static<typeof CredentialSchema>;
export type DeliveryMode = 'mail' | 'upload' | 'both';

export interface MailSettings {
  readonly sender: string;
  readonly recipient: 'caseworker-address' | 'caseworker-id';
  readonly recipientDomain: string | null;
  readonly subject: string;
  readonly body: string;
  readonly caseLinkTemplate: string | null;
  readonly includeCaseNumber: boolean;
}

export interface MunicipalityDelivery {
  readonly municipality: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly credential: CredentialSource;
  readonly mode: DeliveryMode;
  readonly mail: MailSettings | null;
  readonly upload: { readonly siteId: string | null; readonly driveId: string; readonly folderTemplate: string } | null;
  readonly calendar: { readonly enabled: boolean; readonly subject: string };
}

export interface DeliveryConfig {
  readonly municipalities: readonly MunicipalityDelivery[];
  readonly graphBaseUrl: string;
  readonly authorityHost: string;
  readonly leaseSeconds: number;
  readonly requestTimeoutSeconds: number;
  readonly giveUpAfterHours: number;
}

/** Texts that carry no personal data: what the mail and the reminder say unless configured otherwise. */
export const DEFAULT_MAIL_SUBJECT = 'En opfølgningsrapport er klar';
export const DEFAULT_MAIL_BODY = 'En opfølgningsrapport er journaliseret og klar til dig. Du finder den vedhæftet og i sagssystemet.';
export const DEFAULT_REMINDER_SUBJECT = 'Opfølgning er snart aftalt';

const PLACEHOLDERS = /\{(\w+)\}/g;
const ALLOWED_TEXT_PLACEHOLDERS = new Set(['caseLink']);

export function resolveDeliveryConfig(value: unknown, source = 'the delivery configuration'): DeliveryConfig {
  const invalid = (detail: string) => new BeslutningsstotteError('DELIVERY_CONFIG_INVALID', { source, detail });
  // A secret written into the file is the one mistake worth its own message (and the secret is never echoed).
  const listed = (value as { municipalities?: unknown } | null)?.municipalities;
  for (const [i, m] of (Array.isArray(listed) ? listed : []).entries()) {
    const credential = (m as { credential?: unknown } | null)?.credential;
    if (credential && typeof credential === 'object' && Object.keys(credential).some((k) => /^(secret|clientSecret|password|certificate)$/i.test(k))) {
      throw invalid(`/municipalities/${i}/credential: the secret or key itself may not be in the configuration; name where it is with secretEnv, secretFile or certificateFile`);
    }
  }
  const checked = validateAgainst(DeliveryConfigSchema, value);
  if (!checked.ok) throw invalid(checked.problems.join('; '));
  const c = checked.value;
  const seen = new Set<string>();
  const municipalities = c.municipalities.map((m, i): MunicipalityDelivery => {
    const at = `/municipalities/${i}`;
    if (seen.has(m.municipality)) throw invalid(`${at}/municipality: "${m.municipality}" is configured twice`);
    seen.add(m.municipality);
    if ((m.mode === 'mail' || m.mode === 'both') && !m.mail) throw invalid(`${at}/mail: mode "${m.mode}" needs the mail settings (sender)`);
    if ((m.mode === 'upload' || m.mode === 'both') && !m.upload) throw invalid(`${at}/upload: mode "${m.mode}" needs the upload settings (driveId, folderTemplate)`);
    for (const [field, text] of [['subject', m.mail?.subject], ['body', m.mail?.body]] as const) {
      for (const p of text?.matchAll(PLACEHOLDERS) ?? []) {
        if (!ALLOWED_TEXT_PLACEHOLDERS.has(p[1]!)) throw invalid(`${at}/mail/${field}: {${p[1]}} is not allowed (only {caseLink}; the mail carries no personal data)`);
      }
    }
    if (m.mail?.recipient === 'caseworker-id' && m.mail.recipientDomain === undefined) {
      // Allowed: the caseworker ids are then full addresses (UPNs); checked per filing.
    }
    return {
      municipality: m.municipality,
      tenantId: m.tenantId,
      clientId: m.clientId,
      credential: m.credential,
      mode: m.mode,
      mail: m.mail
        ? {
            sender: m.mail.sender,
            recipient: m.mail.recipient ?? 'caseworker-address',
            recipientDomain: m.mail.recipientDomain ?? null,
            subject: m.mail.subject ?? DEFAULT_MAIL_SUBJECT,
            body: m.mail.body ?? DEFAULT_MAIL_BODY,
            caseLinkTemplate: m.mail.caseLinkTemplate ?? null,
            includeCaseNumber: m.mail.includeCaseNumber ?? false,
          }
        : null,
      upload: m.upload ? { siteId: m.upload.siteId ?? null, driveId: m.upload.driveId, folderTemplate: m.upload.folderTemplate } : null,
      calendar: { enabled: m.calendar?.enabled ?? false, subject: m.calendar?.subject ?? DEFAULT_REMINDER_SUBJECT },
    };
  });
  return {
    municipalities,
    graphBaseUrl: (c.graphBaseUrl ?? 'https://graph.microsoft.com').replace(/\/+$/, ''),
    authorityHost: (c.authorityHost ?? 'https://login.microsoftonline.com').replace(/\/+$/, ''),
    leaseSeconds: c.leaseSeconds ?? 300,
    requestTimeoutSeconds: c.requestTimeoutSeconds ?? 60,
    giveUpAfterHours: c.giveUpAfterHours ?? 72,
  };
}

/** The configuration that applies to a municipality: its own, else the "*" entry, else none (nothing is delivered). */
export function deliveryFor(config: DeliveryConfig, municipality: string | null): MunicipalityDelivery | null {
  return config.municipalities.find((m) => municipality !== null && m.municipality === municipality) ?? config.municipalities.find((m) => m.municipality === '*') ?? null;
}
