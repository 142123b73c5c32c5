// The schemas of the panel's and the API's parameters, queries and bodies, declared once and used by the routes
// (through route-schema.ts) and the OpenAPI document; a failure is REQUEST_INVALID naming the field.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { checkPart } from './route-schema';

export const ReferralParams = Type.Object({ referralId: Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,100}$' }) }, { additionalProperties: false });
const Lang = Type.Union([Type.Literal('da'), Type.Literal('en')]);
const LaunchToken = Type.String({ minLength: 1, maxLength: 4096, description: 'The launch token (JWT), in the first request only.' });
const ViewCredential = Type.String({ pattern: '^[A-Za-z0-9_-]{43}$', description: "The view's credential (the page's hidden field); never a launch token." });

export const PanelQuery = Type.Object(
  {
    lang: Type.Optional(Lang),
    token: Type.Optional(LaunchToken),
    flagged: Type.Optional(Type.Literal('1')),
    comments: Type.Optional(Type.Literal('1')),
  },
  { additionalProperties: false },
);
export const LangQuery = Type.Object({ lang: Type.Optional(Lang) }, { additionalProperties: false });
/** The print button's query: the language, and whether the caseworker chose to include the flag comments. */
export const PrintQuery = Type.Object({ lang: Type.Optional(Lang), comments: Type.Optional(Type.Literal('1')) }, { additionalProperties: false });
/** A launch by form: the host posts its token into the iframe, so it never appears in a URL. */
export const LaunchBody = Type.Object({ token: LaunchToken, lang: Type.Optional(Lang) }, { additionalProperties: false });
/** The print button: opens the print view in a new tab with the view's credential, not a URL token. */
export const PrintBody = Type.Object({ view: Type.Optional(ViewCredential) }, { additionalProperties: false });
export const FlagBody = Type.Object(
  {
    input: Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$', description: 'The data line (input key) flagged as wrong.' }),
    comment: Type.String({ minLength: 1, maxLength: 1000, description: 'What is wrong, in the user’s words (shown, never logged).' }),
    view: Type.Optional(ViewCredential),
  },
  { additionalProperties: false },
);
export const FlagApiBody = Type.Object({ input: FlagBody.properties.input, comment: FlagBody.properties.comment }, { additionalProperties: false });

/** The checked value of one part of a request (for routes not yet declared with route()). */
export function checked<S extends TSchema>(schema: S, value: unknown, part: string): Static<S> {
  return checkPart(schema, value, part);
}
