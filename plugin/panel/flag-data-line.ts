// Flagging a line of the data overview as wrong: the line must be one the panel shows (an input key of the
// loaded model), the comment is kept as written (shown escaped, never logged).
import { BeslutningsstotteError } from '../errors';
import type { LoadedModelPackage } from '../scoring/model-package-loader';
import type { FlagRepository } from '../storage/flag-repository';
import { displayInputs } from './panel-view-model';
import type { Messages } from './panel-locale';

export interface FlagRequest {
  readonly referralId: string;
  readonly input: string;
  readonly comment: string;
}

/** Who flags the line: the person the host launched the panel for. */
export interface FlaggingUser {
  readonly userId: string;
  readonly role: string;
}

export async function flagDataLine(
  deps: { model: LoadedModelPackage | null; flags: FlagRepository; messages: Messages; now?: () => Date },
  launch: FlaggingUser,
  request: FlagRequest,
): Promise<void> {
  if (!deps.model) throw new BeslutningsstotteError('MODEL_UNAVAILABLE', { code: 'MODEL_PACKAGE_INVALID' });
  const keys = new Set(displayInputs(deps.model, 'da', deps.messages).map((i) => i.key));
  if (!keys.has(request.input)) throw new BeslutningsstotteError('REQUEST_INVALID', { detail: `"input" must be one of the panel's data lines` });
  const comment = request.comment.trim();
  if (comment === '') throw new BeslutningsstotteError('REQUEST_INVALID', { detail: '"comment" must not be empty' });
  try {
    await deps.flags.add({
      referralId: request.referralId,
      feature: request.input,
      flaggedBy: launch.userId,
      flaggedByRole: launch.role,
      createdAt: (deps.now?.() ?? new Date()).toISOString(),
      comment,
    });
  } catch (cause) {
    throw new BeslutningsstotteError('DATABASE_UNAVAILABLE', { database: 'plugin' }, { cause });
  }
}
