// Who ran a command, as the operating system names them, for the audit trail of work done outside the case
// system (the command line and batch runs have no signed-in user and no role). Null when it cannot be told.
import os from 'node:os';

export function operatingSystemUser(): string | null {
  try {
    return `os:${os.userInfo().username}`.slice(0, 200);
  } catch {
    return null;
  }
}
