// The Handlebars templates of the panel, compiled once at start-up in a private Handlebars environment (no
// helpers beyond the built-ins, so templates cannot compute). Everything goes through {{ }}, which escapes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { PRODUCT_ROOT } from '../product-paths';

export const TEMPLATES_DIR = path.join(PRODUCT_ROOT, 'templates');

export interface PanelTemplates {
  readonly fragment: HandlebarsTemplateDelegate;
  readonly page: HandlebarsTemplateDelegate;
  readonly print: HandlebarsTemplateDelegate;
  readonly refused: HandlebarsTemplateDelegate;
  readonly modelCard: HandlebarsTemplateDelegate;
  readonly css: string;
}

export function compilePanelTemplates(dir = TEMPLATES_DIR): PanelTemplates {
  const hbs = Handlebars.create();
  const read = (name: string) => readFileSync(path.join(dir, 'panel', name), 'utf8');
  hbs.registerPartial('panel-body', read('panel-body.hbs'));
  const compile = (name: string) => hbs.compile(read(name), { strict: false, noEscape: false, preventIndent: true });
  return {
    fragment: compile('fragment.hbs'),
    page: compile('page.hbs'),
    print: compile('print.hbs'),
    refused: compile('refused.hbs'),
    modelCard: compile('model-card.hbs'),
    css: read('panel.css'),
  };
}
