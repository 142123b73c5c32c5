// The SDQ's item wording is licensed (youthinmind): the plugin ships none. A municipality that holds a licence
// for an electronic SDQ may supply its own file, which the entry form then shows beside the item numbers:
//   { "licence": "who holds the licence, and its reference", "language": "da",
//     "items": { "1": "…", …, "25": "…" } }
// The file is checked where it enters: all 25 items, plain text, a stated licence.
import { Type, type Static } from '@sinclair/typebox';
import { BeslutningsstotteError } from '../errors';
import { validateAgainst } from '../schema-validator';
import { readJsonFile } from '../json-file';

const ItemText = Type.String({ minLength: 1, maxLength: 300 });

export const SdqWordingFileSchema = Type.Object(
  {
    licence: Type.String({ minLength: 3, maxLength: 500, description: 'Who holds the licence for the electronic SDQ, and its reference.' }),
    language: Type.Union([Type.Literal('da'), Type.Literal('en')]),
    items: Type.Object(Object.fromEntries(Array.from({ length: 25 }, (_, i) => [String(i + 1), ItemText])), { additionalProperties: false }),
  },
  { additionalProperties: false },
);
export type SdqWordingFile = Static<typeof SdqWordingFileSchema>;

export const SDQ_WORDING_FILE_ENV = 'BESLUTNINGSSTOTTE_SDQ_WORDING_FILE';

/** The licensed wording by item number, or null when no file is configured. */
export function loadSdqWording(file: string | undefined = process.env[SDQ_WORDING_FILE_ENV]): Readonly<Record<string, string>> | null {
  if (file === undefined || file === '') return null;
  const parsed = readJsonFile(file, (detail, cause) => new BeslutningsstotteError('SERVER_CONFIG_INVALID', { source: file, detail: `SDQ wording: ${detail}` }, { cause }));
  const checked = validateAgainst(SdqWordingFileSchema, parsed);
  if (!checked.ok) throw new BeslutningsstotteError('SERVER_CONFIG_INVALID', { source: file, detail: `SDQ wording file: ${checked.problems.join('; ')}` });
  return checked.value.items as Record<string, string>;
}
