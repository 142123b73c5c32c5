// The `beslutningsstotte` command line: parses arguments and hands each command its options.
import { Command, CommanderError, Option } from 'commander';
import { isBeslutningsstotteError } from '../errors';
import { processIo, type CliIo } from './cli-io';
import { runDemoCommand } from './demo-command';
import { DEFAULT_APPROVALS_FILE } from './paths';
import { runScoreCommand } from './score-command';

export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let exitCode = 0;
  const program = new Command()
    .name('beslutningsstotte')
    .description('Decision support for referrals about children (underretninger): risk score with explanation.')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  program
    .command('score')
    .description('Score referrals from a JSON array or CSV file; prints one JSON object per line.')
    .requiredOption('--model <dir>', 'model package folder (model.json + model.onnx)')
    .requiredOption('--input <file>', 'referrals as a JSON array or CSV ("-" reads standard input)')
    .option('--approved <file>', 'list of approved models', DEFAULT_APPROVALS_FILE)
    .addOption(new Option('--format <format>', 'input format (default: from the file name)').choices(['json', 'csv']))
    .option('--no-explain', 'skip the explanation (faster)')
    .action(async (opts) => {
      exitCode = await runScoreCommand(opts, io);
    });

  program
    .command('demo')
    .description('Score the synthetic demo cases with the demo model and print them in Danish.')
    .action(async () => {
      exitCode = await runDemoCommand(io);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (isBeslutningsstotteError(error)) {
      io.err(`${error.code}: ${error.message}`);
      return 2;
    }
    throw error;
  }
}
