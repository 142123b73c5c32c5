// The one registry of error codes. Tests, logs and the API assert on `code`; `message` is for people.
// Each code is declared once here with its HTTP status and a message template; docs/errors.md lists
// the same table and a test keeps the two in step.

export const ERROR_CODES = {
  MODEL_PACKAGE_INVALID: {
    status: 500,
    template: 'The model package at {dir} is not valid: {detail}. Ask the model supplier for a corrected package.',
  },
  MODEL_PACKAGE_MISSING: {
    status: 500,
    template: 'No model package was found at {dir} ({detail}). Check the model path in the configuration.',
  },
  MODEL_INTEGRITY: {
    status: 500,
    template:
      'The model file {file} does not match its recorded sha256 (expected {expected}, found {actual}). It may have been altered; it is refused. Reinstall the package from the supplier.',
  },
  MODEL_UNKNOWN: {
    status: 500,
    template:
      'The model {modelId} {version} (sha256 {sha256}) is not on the list of approved models ({trustFile}). An administrator must approve it before it can be used.',
  },
  MODEL_CONTRACT: {
    status: 500,
    template: 'The ONNX file does not match what model.json promises: {detail}. The package is refused.',
  },
  MODEL_PROTECTED_ATTRIBUTE: {
    status: 500,
    template:
      'The model package declares the feature "{feature}", which looks like {attribute}. Ethnicity, gender, nationality and socio-economic status may never be inputs; the package is refused.',
  },
  FEATURE_MISSING: {
    status: 422,
    template: 'The input "{feature}" is missing. A score is never computed from a guess; supply the value.',
  },
  FEATURE_UNKNOWN: {
    status: 422,
    template: 'The input "{feature}" is not used by model {modelId}. Remove it or check the field mapping.',
  },
  FEATURE_NOT_NUMERIC: {
    status: 422,
    template: 'The input "{feature}" must be a number, but was {value}.',
  },
  FEATURE_OUT_OF_RANGE: {
    status: 422,
    template: 'The input "{feature}" is {value}, outside the plausible range {min} to {max}. Check the source data.',
  },
  FEATURE_NOT_ALLOWED_VALUE: {
    status: 422,
    template: 'The input "{feature}" is {value}; a {kind} input must be {allowed}.',
  },
  AGE_OUTSIDE_MODEL: {
    status: 422,
    template: 'The child\'s age ({age}) is outside the age range that model {modelId} covers. No score can be given.',
  },
  INPUT_INVALID: {
    status: 400,
    template: 'The input could not be read: {detail}.',
  },
  DATABASE_CONFIG_INVALID: {
    status: 500,
    template: 'The database configuration ({source}) is not valid: {detail}. See adapters/README.md.',
  },
  MAPPING_INVALID: {
    status: 500,
    template: 'The field mapping {file} has {count} problem(s): {detail}',
  },
  MAPPING_PROTECTED_ATTRIBUTE: {
    status: 500,
    template:
      'The field mapping {file} is refused: {detail}. Sex, ethnicity and origin, nationality, language, religion, income, public benefits, employment, education and social class may never feed a feature, and the CPR number may be read only for age.',
  },
  MAPPING_UNSAFE_IDENTIFIER: {
    status: 500,
    template:
      'The field mapping {file} is refused: {path} is "{value}", which is not a plain table or column name. Names may hold only letters, digits and _ (no SQL).',
  },
  REFERRAL_NOT_FOUND: {
    status: 404,
    template: 'No referral with id {id} was found in the host database.',
  },
  CHILD_NOT_FOUND: {
    status: 404,
    template: 'No child with id {id} was found in the host database.',
  },
  ROLE_NOT_ALLOWED: {
    status: 403,
    template: 'The role {role} may not {action} here. Open it from the case system with a role that may.',
  },
  MEASUREMENT_INVALID: {
    status: 422,
    template: 'The {instrument} entry was not stored: {detail}. Correct the fields named; nothing already stored was changed.',
  },
  PDF_UNAVAILABLE: {
    status: 503,
    template: 'The PDF could not be made ({reason}). The report is still available as HTML; tell IT if it persists.',
  },
  SERVER_CONFIG_INVALID: {
    status: 500,
    template: 'The server configuration ({source}) is not valid: {detail}. See docs/host-contract.md.',
  },
  TOKEN_MISSING: {
    status: 401,
    template: 'No launch token was given. Open the panel from the case system.',
  },
  TOKEN_INVALID: {
    status: 401,
    template: 'The launch token is not valid ({reason}). Open the panel again from the case system.',
  },
  TOKEN_EXPIRED: {
    status: 401,
    template: 'The launch token has expired. Open the panel again from the case system.',
  },
  TOKEN_WRONG_CASE: {
    status: 403,
    template: 'The launch token was issued for another case. Open the panel again from the case system.',
  },
  DEVELOPMENT_KEY_MISSING: {
    status: 500,
    template:
      'No development signing key is configured (set the environment variable {env} to at least 32 random characters). Development tokens are refused without one.',
  },
  REQUEST_INVALID: {
    status: 400,
    template: 'The request is not valid: {detail}.',
  },
  ROUTE_NOT_FOUND: {
    status: 404,
    template: 'There is nothing at this address.',
  },
  DATABASE_UNAVAILABLE: {
    status: 503,
    template: 'The {database} database cannot be reached just now. Try again in a moment; tell IT if it persists.',
  },
  MODEL_UNAVAILABLE: {
    status: 503,
    template: 'The model could not be loaded when the server started ({code}). No score can be given until an administrator fixes it.',
  },
  INTERNAL_ERROR: {
    status: 500,
    template: 'Something went wrong inside the plugin (request {requestId}). The details are in the server log under that id.',
  },
  AUDIT_UNAVAILABLE: {
    status: 503,
    template: 'The audit record could not be written, so the panel is not shown. Try again in a moment; tell IT if it persists.',
  },
  FOLLOW_UP_NOT_MAPPED: {
    status: 503,
    template: 'The field mapping {file} has no "followUp" part, so the follow-up report cannot read the host. IT adds it (adapters/README.md, "The follow-up report\'s part").',
  },
  MAPPING_PROXY_ATTRIBUTE: {
    status: 500,
    template:
      'The field mapping {file} is refused: {detail}. A feature that alone separates children this well by a protected attribute is a copy of it under another name, and no justification admits it (adapters/README.md, "Proxies: measured, not guessed").',
  },
  FEATURE_UNKNOWN_CODE: {
    status: 422,
    template:
      'The input "{feature}" cannot be computed: {table}.{column} holds the code "{code}", which none of the field mapping\'s code lists names. It is never counted as "none of these"; IT adds the code to the right list (mapping check lists every such code).',
  },
  AGE_ADULT_AT_REFERRAL: {
    status: 422,
    template: 'The person was 18 or older ({age}) when the referral was received. Only children are scored; no score is given.',
  },
  AGE_UNKNOWN: {
    status: 422,
    template:
      'The child\'s age on the referral date is unknown ({reason}): there is no readable birth date, and nothing the case system records says the child was unborn. No score is given; correct the CPR number or date of birth.',
  },
  MODEL_PACKAGE_PATH: {
    status: 500,
    template:
      'The model package at {dir} names the file "{file}", which lies outside the package folder ({detail}). A package is one sealed folder; it is refused.',
  },
  MODEL_FILE_NOT_APPROVED: {
    status: 500,
    template:
      'The file {file} of model {modelId} {version} is not covered by the approval ({detail}; {trustFile}). It may have been changed after approval; the package is refused until an administrator approves it again.',
  },
  MODEL_COVERS_INCONSISTENT: {
    status: 500,
    template:
      'The node covers of model {modelId} do not fit together: tree {tree}, node {node}: {detail}. Explanations would be wrong, so the package is refused. Ask the model supplier for correct covers.',
  },
  METHOD_NOT_ALLOWED: {
    status: 405,
    template: 'This address does not answer {method} requests. Open it from the case system.',
  },
  DEVELOPMENT_ONLY: {
    status: 403,
    template: '{what} works in development only, and the configuration ({source}) is production (the default). Set "environment": "development" in a development configuration; production hosts sign their own launch tokens.',
  },
  TOKEN_REPLAYED: {
    status: 401,
    template: 'This launch token has already opened a view and cannot open another. Open the panel again from the case system.',
  },
  VIEW_CLOSED: {
    status: 401,
    template: 'This view has ended ({reason}). Open it again from the case system.',
  },
  CROSS_SITE_REQUEST: {
    status: 403,
    template: 'The request came from a page the plugin does not trust; nothing was changed. Use the form in the case system.',
  },
  REQUEST_TOO_LARGE: {
    status: 413,
    template: 'The request is too large: {detail}. Nothing was stored.',
  },
  VALIDATION_NO_SCORES: {
    status: 404,
    template:
      'No referral received from {from} to {to} has a batch score by model {modelId} {version}, so there is nothing to validate. Run `beslutningsstotte batch --from {from} --to {to}` first (with the same configuration).',
  },
  VALIDATION_AS_OF_UNKNOWN: {
    status: 400,
    template: 'The day the host\'s data runs to cannot be found ({detail}). Give it with --as-of YYYY-MM-DD.',
  },
  DELIVERY_CONFIG_INVALID: {
    status: 500,
    template: 'The delivery configuration ({source}) is not valid: {detail}. See docs/delivery.md.',
  },
  DELIVERY_CREDENTIAL_UNAVAILABLE: {
    status: 500,
    template: 'The Entra ID credential for {municipality} cannot be read: {detail}. See docs/delivery.md, "Credential".',
  },
  DELIVERY_NOT_FOUND: {
    status: 404,
    template: 'There is no delivery {id} in the outbox.',
  },
  DELIVERY_STATE_CONFLICT: {
    status: 409,
    template: 'Delivery {id} is {status}: {detail}.',
  },
  BATCH_WORKER_FAILED: {
    status: 500,
    template: 'An extraction worker of the batch run stopped ({detail}). Nothing of the chunks in flight was stored; start the batch again and it goes on where it stopped.',
  },
  VALIDATION_AUDIT_UNAVAILABLE: {
    status: 503,
    template: 'The audit record of this validation run could not be written to the plugin database, so no report is written. Check that the plugin database in the configuration can be written, then run `validate` again.',
  },
} as const satisfies Record<string, { status: number; template: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export type ErrorDetails = Record<string, string | number | boolean | null | undefined>;

function fillTemplate(template: string, details: ErrorDetails): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = details[key];
    return value === undefined ? `{${key}}` : String(value);
  });
}

/** Every error this product raises on purpose. `details` are safe to log: no personal data goes in them. */
export class BeslutningsstotteError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, details: ErrorDetails = {}, options?: { cause?: unknown }) {
    super(fillTemplate(ERROR_CODES[code].template, details), options);
    this.name = 'BeslutningsstotteError';
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.details = details;
  }
}

/** Errors that make a model package unusable. */
export class ModelPackageError extends BeslutningsstotteError {
  override readonly name = 'ModelPackageError';
}

/** Errors in one referral's inputs: the referral gets no score, the others in a batch do. */
export class FeatureInputError extends BeslutningsstotteError {
  override readonly name = 'FeatureInputError';
  get feature(): string | undefined {
    const f = this.details.feature;
    return typeof f === 'string' ? f : undefined;
  }
}

export function isBeslutningsstotteError(value: unknown): value is BeslutningsstotteError {
  return value instanceof BeslutningsstotteError;
}
