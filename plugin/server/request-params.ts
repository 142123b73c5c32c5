// The schemas of the routes' parameters, queries and bodies, checked once where a request enters; a failure
// is REQUEST_INVALID naming the part, and the handler never runs on unchecked input.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { BeslutningsstotteError } from '../errors';
import { validateAgainst } from '../schema-validator';

export const ReferralParams = Type.Object({ referralId: Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,100}$' }) });
export const PanelQuery = Type.Object(
  {
    lang: Type.Optional(Type.Union([Type.Literal('da'), Type.Literal('en')])),
    token: Type.Optional(Type.String({ maxLength: 4096 })),
    flagged: Type.Optional(Type.Literal('1')),
    comments: Type.Optional(Type.Literal('1')),
  },
  { additionalProperties: false },
);
export const FlagBody = Type.Object(
  {
    input: Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$', description: 'The data line (input key) flagged as wrong.' }),
    comment: Type.String({ minLength: 1, maxLength: 1000, description: 'What is wrong, in the user’s words (shown, never logged).' }),
    token: Type.Optional(Type.String({ maxLength: 4096 })),
  },
  { additionalProperties: false },
);
export const FlagApiBody = Type.Object({ input: FlagBody.properties.input, comment: FlagBody.properties.comment }, { additionalProperties: false });

export function checked<S extends TSchema>(schema: S, value: unknown, part: string): Static<S> {
  const result = validateAgainst(schema, value ?? {});
  if (!result.ok) throw new BeslutningsstotteError('REQUEST_INVALID', { detail: `${part} ${result.problems.join('; ')}` });
  return result.value;
}
