// The OpenAPI 3.1 document of the JSON API, built from the same TypeBox schemas the routes validate with.
import { FlagApiBody, PanelQuery, ReferralParams } from './request-params';
import { PanelJsonSchema } from '../panel/panel-json';
import { followUpOpenApiPaths } from './follow-up-openapi';

const ErrorBody = {
  type: 'object',
  required: ['code', 'message'],
  properties: { code: { type: 'string', description: 'A code from docs/errors.md.' }, message: { type: 'string' }, requestId: { type: 'string' } },
};

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

export function openApiDocument(version: string) {
  const referralId = { name: 'referralId', in: 'path', required: true, schema: ReferralParams.properties.referralId };
  const lang = { name: 'lang', in: 'query', required: false, schema: PanelQuery.properties.lang };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Beslutningsstøtte risk panel API',
      version,
      description:
        'The risk panel for a referral as JSON, for hosts that render it themselves. Same content as the HTML panel. Every call carries its own launch token (JWT, see manifest.json) for the referral in the Authorization header: a token answers one call, and a used one is refused (401 TOKEN_REPLAYED). Every panel served is audited.',
    },
    components: {
      securitySchemes: { launchToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Panel: PanelJsonSchema, Error: ErrorBody, FlagRequest: FlagApiBody },
    },
    security: [{ launchToken: [] }],
    paths: {
      '/api/v1/referrals/{referralId}/panel': {
        get: {
          operationId: 'getRiskPanel',
          summary: 'The risk panel for a referral: a CDS Hooks card and the panel content',
          parameters: [referralId, lang],
          responses: {
            '200': { description: 'A score, or a state that is not a score (panel.state: not enough data, age outside the model)', content: { 'application/json': { schema: { $ref: '#/components/schemas/Panel' } } } },
            '400': errorResponse('REQUEST_INVALID'),
            '401': errorResponse('TOKEN_MISSING, TOKEN_INVALID, TOKEN_EXPIRED or TOKEN_REPLAYED; nothing about the case is returned'),
            '403': errorResponse('TOKEN_WRONG_CASE'),
            '404': { description: 'REFERRAL_NOT_FOUND (panel.state)', content: { 'application/json': { schema: { $ref: '#/components/schemas/Panel' } } } },
            '503': { description: 'MODEL_UNAVAILABLE or DATABASE_UNAVAILABLE (panel.state), or AUDIT_UNAVAILABLE (Error)', content: { 'application/json': { schema: { oneOf: [{ $ref: '#/components/schemas/Panel' }, { $ref: '#/components/schemas/Error' }] } } } },
          },
        },
      },
      '/api/v1/referrals/{referralId}/flags': {
        post: {
          operationId: 'flagDataLine',
          summary: 'Flag a line of the data overview as wrong (CDS Hooks feedback, in our words)',
          parameters: [referralId],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/FlagRequest' } } } },
          responses: {
            '201': { description: 'Stored; shown on every later panel for the referral', content: { 'application/json': { schema: { type: 'object', properties: { flagged: { type: 'boolean' }, referralId: { type: 'string' }, input: { type: 'string' } } } } } },
            '400': errorResponse('REQUEST_INVALID'),
            '401': errorResponse('TOKEN_MISSING, TOKEN_INVALID, TOKEN_EXPIRED or TOKEN_REPLAYED'),
            '403': errorResponse('TOKEN_WRONG_CASE, or CROSS_SITE_REQUEST (a browser page of another site; nothing is changed)'),
            '413': errorResponse('REQUEST_TOO_LARGE'),
          },
        },
      },
      ...followUpOpenApiPaths(),
      '/cds-services': {
        get: { operationId: 'discovery', summary: 'CDS Hooks discovery: the services this plugin offers', security: [], responses: { '200': { description: 'The services' } } },
      },
    },
  };
}
