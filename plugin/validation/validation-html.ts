// Writes the validation report as one self-contained HTML page: inline style, inline SVG charts, the figures as
// an embedded JSON data block (the same object as the JSON twin), and a few lines of inline script that switch
// the error-rate tables to the threshold the reader picks. The page declares its own Content-Security-Policy:
// nothing may be fetched, and only this style and this script (by their SHA-256) may run, so it opens safely
// from a file share or an intranet. Templates are Handlebars in a private environment without helpers.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { VALIDATION_TEMPLATES_DIR } from '../product-paths';
import type { ValidationFigures } from './validation-figures';
import type { ValidationView } from './validation-view-model';

export interface ValidationTemplates {
  readonly page: HandlebarsTemplateDelegate;
  readonly css: string;
  readonly script: string;
}

export function loadValidationTemplates(dir = VALIDATION_TEMPLATES_DIR): ValidationTemplates {
  const read = (name: string) => readFileSync(path.join(dir, name), 'utf8');
  const hbs = Handlebars.create();
  hbs.registerPartial('table', read('table.hbs'));
  return { page: hbs.compile(read('report.hbs'), { strict: false, preventIndent: true }), css: read('report.css'), script: read('threshold-switch.js') };
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** JSON that is safe inside a <script> element (no "</script>", no HTML comment, no line separators). */
export function jsonForScriptElement(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export function renderValidationHtml(view: ValidationView, figures: ValidationFigures, templates: ValidationTemplates): string {
  const csp = [`default-src 'none'`, `style-src ${sha256(templates.css)}`, `script-src ${sha256(templates.script)}`, `img-src data:`, `base-uri 'none'`, `form-action 'none'`].join('; ');
  return templates.page({ ...view, css: templates.css, script: templates.script, csp, figuresJson: jsonForScriptElement(figures) });
}
