// The follow-up report's part of the OpenAPI document (merged into /openapi.json by the server): the report as
// JSON, filing as JSON, and entry as JSON, with the query and body schemas the routes validate with and the
// field-by-field refusal.
import { EntryBody, FilingBody } from './routes/follow-up-routes';
import { ENTRY_KINDS } from '../follow-up/entry-validation';
import { ReportQuery } from './routes/follow-up-routes';

const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

/** A filing as the API returns it. */
const filing = {
  type: 'object',
  required: ['filingId', 'childId', 'periodFrom', 'periodTo', 'filedAt', 'filedOn', 'filedBy', 'filedByRole', 'caseNumber', 'municipality'],
  properties: {
    filingId: { type: 'string' },
    childId: { type: 'string' },
    periodFrom: { type: 'string', format: 'date' },
    periodTo: { type: 'string', format: 'date' },
    filedAt: { type: 'string', format: 'date-time' },
    filedOn: { type: 'string', format: 'date', description: 'The next follow-up counts from this day' },
    filedBy: { type: 'string' },
    filedByRole: { type: 'string' },
    caseNumber: { type: ['string', 'null'], description: 'null: the host has no case number for the child' },
    municipality: { type: ['string', 'null'], description: 'null: the field mapping names no municipality' },
  },
};
/** What became of the filing's deliveries (mail, SharePoint, calendar reminder), in the language asked for. */
const delivery = {
  description: 'The delivery state of this period\'s filing; null when it is not filed. configured false: the plugin does not deliver reports here, the report is filed only.',
  oneOf: [
    { type: 'null' },
    {
      type: 'object',
      required: ['heading', 'configured', 'note', 'deliveries'],
      properties: {
        heading: { type: 'string' },
        configured: { type: 'boolean' },
        note: { type: ['string', 'null'], description: 'Said in words when there is nothing to deliver: not set up, or no delivery written for this filing' },
        deliveries: {
          type: 'array',
          items: {
            type: 'object',
            required: ['deliveryId', 'kind', 'status', 'deliveredAt', 'failure', 'label', 'text'],
            properties: {
              deliveryId: { type: 'string', description: 'The outbox row (beslutningsstotte deliveries retry|cancel ID)' },
              kind: { type: 'string', enum: ['mail', 'upload', 'calendar'], description: 'upload: to the SharePoint document library' },
              status: { type: 'string', enum: ['pending', 'in-progress', 'delivered', 'failed', 'cancelled'] },
              deliveredAt: { type: ['string', 'null'], format: 'date-time' },
              failure: {
                oneOf: [
                  { type: 'null' },
                  {
                    type: 'object',
                    required: ['cause', 'permission'],
                    properties: {
                      cause: { type: 'string', enum: ['permission', 'sign-in', 'not-found', 'no-address', 'not-configured', 'gave-up', 'other'] },
                      permission: { type: ['string', 'null'], description: 'The missing Microsoft Graph permission, when the cause is permission' },
                    },
                  },
                ],
              },
              label: { type: 'string', description: 'The kind in words' },
              text: { type: 'string', description: 'The state in words; for a failure, what to do about it' },
            },
          },
        },
      },
    },
  ],
};
const filed = (created: boolean) => ({ type: 'object', required: ['filed', 'created', 'filing'], properties: { filed: { const: true }, created: { const: created }, filing } });

export function followUpOpenApiPaths() {
  const childId = { name: 'childId', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{1,100}$' } };
  const query = (['lang', 'from', 'to'] as const).map((name) => ({ name, in: 'query', required: false, schema: ReportQuery.properties[name] }));
  return {
    '/api/v1/children/{childId}/follow-up': {
      get: {
        operationId: 'getFollowUpReport',
        summary: 'The follow-up report for a child as JSON: a CDS Hooks-shaped card, each indicator over time with its changes, the findings, the schedule and the summary sentences',
        parameters: [childId, ...query],
        responses: {
          '200': { description: 'The report', content: { 'application/json': { schema: { type: 'object', required: ['card', 'report', 'summary'], properties: { card: { type: 'object' }, report: { type: 'object' }, schedule: {}, due: {}, summary: { type: 'object' }, filing: { description: 'The filing of this period, or null when it is not filed', oneOf: [{ type: 'null' }, filing] }, delivery } } } } },
          '400': error('REQUEST_INVALID'),
          '401': error('TOKEN_MISSING, TOKEN_INVALID, TOKEN_EXPIRED or TOKEN_REPLAYED'),
          '403': error('TOKEN_WRONG_CASE (a token for another child) or ROLE_NOT_ALLOWED'),
          '404': error('CHILD_NOT_FOUND'),
        },
      },
    },
    '/api/v1/children/{childId}/follow-up/filings': {
      post: {
        operationId: 'fileFollowUpReport',
        summary:
          'File the report for a period in the journal (caseworkers only): the caseworker\'s decision, once per child and period; filing the same period again returns the first filing, unchanged. Downloading or printing the PDF files nothing.',
        parameters: [childId],
        requestBody: { required: false, content: { 'application/json': { schema: FilingBody } } },
        responses: {
          '201': { description: 'Filed now', content: { 'application/json': { schema: filed(true) } } },
          '200': { description: 'Filed before: the first filing, unchanged', content: { 'application/json': { schema: filed(false) } } },
          '400': error('REQUEST_INVALID (a period that ends before it starts, or after today)'),
          '401': error('TOKEN_MISSING, TOKEN_INVALID, TOKEN_EXPIRED, TOKEN_REPLAYED or VIEW_CLOSED'),
          '403': error('TOKEN_WRONG_CASE, ROLE_NOT_ALLOWED or CROSS_SITE_REQUEST'),
          '404': error('CHILD_NOT_FOUND'),
        },
      },
    },
    '/api/v1/children/{childId}/follow-up/entries/{kind}': {
      post: {
        operationId: 'recordFollowUpEntry',
        summary: 'Record a CORS/ORS, Trivselslineal rating, SDQ, goals and attainment, or the schedule (caseworkers only); the fields are those of the entry forms (docs/follow-up-report.md)',
        parameters: [childId, { name: 'kind', in: 'path', required: true, schema: { type: 'string', enum: [...ENTRY_KINDS] } }],
        requestBody: { required: true, content: { 'application/json': { schema: EntryBody } } },
        responses: {
          '201': { description: 'Stored', content: { 'application/json': { schema: { type: 'object', properties: { stored: { type: 'boolean' }, childId: { type: 'string' }, kind: { type: 'string' } } } } } },
          '400': error('REQUEST_INVALID'),
          '401': error('TOKEN_MISSING, TOKEN_INVALID, TOKEN_EXPIRED or TOKEN_REPLAYED'),
          '403': error('TOKEN_WRONG_CASE, ROLE_NOT_ALLOWED or CROSS_SITE_REQUEST'),
          '413': error('REQUEST_TOO_LARGE'),
          '422': {
            description: 'MEASUREMENT_INVALID: nothing was stored; each field with its problem',
            content: { 'application/json': { schema: { type: 'object', required: ['code', 'fields'], properties: { code: { const: 'MEASUREMENT_INVALID' }, message: { type: 'string' }, fields: { type: 'array', items: { type: 'object', required: ['field', 'problem'], properties: { field: { type: 'string' }, problem: { type: 'string', enum: ['required', 'range', 'format', 'future', 'too-early', 'too-long', 'none-given'] }, allowed: { type: 'string' } } } } } } } },
          },
        },
      },
    },
  };
}
