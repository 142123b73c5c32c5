// The schema of manifest.json (published as manifest.schema.json for editors): what a host vendor or an
// administrator reads to learn what the plugin offers and needs. The server validates the file at start-up and
// a test checks that what it declares is what the server serves.
import { Type, type Static } from '@sinclair/typebox';

const Text = Type.Object({ da: Type.String({ minLength: 1 }), en: Type.String({ minLength: 1 }) }, { additionalProperties: false });
const UrlTemplate = Type.String({ pattern: '^/[A-Za-z0-9/{}._-]*$', description: 'Path on the plugin server; {referralId} / {childId} are filled from the launch context.' });

const ExtensionPoint = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z][a-z0-9-]*$' }),
    title: Text,
    placement: Type.String({ description: 'Where in the host it belongs, e.g. case-view/referral.' }),
    status: Type.Union([Type.Literal('available'), Type.Literal('planned')], { description: 'planned: declared, not served by this version (501).' }),
    roles: Type.Array(Type.String(), { minItems: 1, description: 'Roles a launch token may carry for it.' }),
    launchContext: Type.Object(
      { required: Type.Array(Type.Union([Type.Literal('referral_id'), Type.Literal('child_id')]), { minItems: 1 }) },
      { additionalProperties: false },
    ),
    urls: Type.Object(
      { page: UrlTemplate, fragment: Type.Optional(UrlTemplate), print: Type.Optional(UrlTemplate), api: Type.Optional(UrlTemplate) },
      { additionalProperties: false },
    ),
    reads: Type.Array(Type.String(), { description: 'Host tables read (read-only), through the field mapping.' }),
  },
  { additionalProperties: false },
);

export const PluginManifestSchema = Type.Object(
  {
    $schema: Type.String(),
    id: Type.String({ pattern: '^[a-z0-9]+(\\.[a-z0-9-]+)+$', description: 'Namespaced id (reverse domain).' }),
    name: Text,
    description: Text,
    type: Type.Literal('case-system-extension'),
    version: Type.String({ pattern: '^\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?$' }),
    hostDependencies: Type.Record(Type.String(), Type.String({ minLength: 1, description: 'Supported host versions as a semver range (never "*").' })),
    launch: Type.Object(
      {
        format: Type.Literal('JWT'),
        algorithms: Type.Array(Type.Union([Type.Literal('RS256'), Type.Literal('ES256')])),
        developmentAlgorithms: Type.Array(Type.Literal('HS256')),
        transport: Type.Array(Type.String()),
        audience: Type.String(),
        maxLifetimeSeconds: Type.Integer(),
        claims: Type.Record(Type.String(), Type.String()),
      },
      { additionalProperties: false },
    ),
    extensionPoints: Type.Array(ExtensionPoint, { minItems: 1 }),
    dataAccess: Type.Object({ mode: Type.Literal('read-only'), description: Type.String() }, { additionalProperties: false }),
    configuration: Type.Object(
      {
        fieldMapping: Type.Object({ schema: Type.String(), default: Type.String() }, { additionalProperties: false }),
        server: Type.Object({ description: Type.String() }, { additionalProperties: false }),
      },
      { additionalProperties: false },
    ),
    embedding: Type.Object(
      {
        modes: Type.Array(Type.Union([Type.Literal('iframe'), Type.Literal('fragment'), Type.Literal('json')])),
        allowedOriginsSetting: Type.String(),
        allowedOriginsDefault: Type.Array(Type.String()),
      },
      { additionalProperties: false },
    ),
    api: Type.Object({ openapi: UrlTemplate, cdsServices: UrlTemplate, modelCard: UrlTemplate, stylesheet: UrlTemplate }, { additionalProperties: false }),
  },
  { additionalProperties: false, $id: 'https://beslutningsstotte.dk/schemas/manifest.schema.json', title: 'Beslutningsstøtte plugin manifest' },
);
export type PluginManifest = Static<typeof PluginManifestSchema>;
