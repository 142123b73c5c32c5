// One CSV cell as the command line writes it (the audit export and the feature export).

/** A CSV cell: quoted when needed, and never starting with a formula character (spreadsheet injection). */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
