#!/usr/bin/env node
// Entry point of the `beslutningsstotte` command: registers tsx so the TypeScript sources run directly.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../plugin/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
