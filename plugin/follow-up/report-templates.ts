// The follow-up report's Handlebars templates, compiled once in a private Handlebars environment (no helpers:
// the templates cannot compute). Charts arrive as SVG markup the chart module has escaped.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { REPORT_TEMPLATES_DIR } from './report-locale';

export interface ReportTemplates {
  readonly page: HandlebarsTemplateDelegate;
  readonly print: HandlebarsTemplateDelegate;
  readonly form: HandlebarsTemplateDelegate;
  /** The neutral thank-you after the child's form: nothing about the child, no link. */
  readonly thanks: HandlebarsTemplateDelegate;
  readonly css: string;
}

export function compileReportTemplates(dir = REPORT_TEMPLATES_DIR): ReportTemplates {
  const hbs = Handlebars.create();
  const read = (name: string) => readFileSync(path.join(dir, name), 'utf8');
  for (const partial of ['report-body', 'stats', 'table', 'sdq-block', 'radio-group']) hbs.registerPartial(partial, read(`${partial}.hbs`));
  const compile = (name: string) => hbs.compile(read(name), { strict: false, noEscape: false, preventIndent: true });
  return { page: compile('report.hbs'), print: compile('report-print.hbs'), form: compile('entry-form.hbs'), thanks: compile('child-thanks.hbs'), css: read('report.css') };
}
