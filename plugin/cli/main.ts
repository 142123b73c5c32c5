// The `beslutningsstotte` command line: parses arguments and hands each command its options.
import { Command, CommanderError, Option } from 'commander';
import { isBeslutningsstotteError } from '../errors';
import { processIo, type CliIo } from './cli-io';
import { runDemoCommand } from './demo-command';
import { DEFAULT_APPROVALS_FILE, DEMO_MODEL_DIR } from '../product-paths';
import { REFERENCE_MAPPING_FILE } from '../product-paths';
import { runMappingCheckCommand } from './mapping-check-command';
import { runFeaturesExportCommand } from './features-export-command';
import { assertReferralId, runReferralScoreCommand } from './referral-score-command';
import { runScoreCommand } from './score-command';
import { runAuditCommand } from './audit-command';
import { RUN_EXTENSION_POINTS } from '../storage/audit-repository';
import { VALIDATION_LOCALES } from '../validation/validation-locale';
import { runServeCommand } from './serve-command';
import { runTokenCommand } from './token-command';
import { runReportCommand } from './report-command';
import { runBatchCommand } from './batch-command';
import { runValidateCommand } from './validate-command';
import { assertPeriod } from '../batch/batch-scoring';
import { runDemoHost } from '../demo-host/start-demo-host';
import { runDeliveriesCancelCommand, runDeliveriesListCommand, runDeliveriesRetryCommand, runDeliveriesSyncRemindersCommand, runDeliveriesWorkCommand } from './deliveries-command';
import { runDoctorGraphCommand } from './doctor-command';

export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let exitCode = 0;
  const program = new Command()
    .name('beslutningsstotte')
    .description('Decision support for referrals about children (underretninger): risk score with explanation.')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  program
    .command('score')
    .description(
      'Score referrals from a JSON array or CSV file (one JSON object per line), or one referral from the host database (--referral).',
    )
    .option('--model <dir>', 'model package folder (model.json + model.onnx); with --referral the demo model by default')
    .option('--input <file>', 'referrals as a JSON array or CSV ("-" reads standard input)')
    .option('--approved <file>', 'list of approved models', DEFAULT_APPROVALS_FILE)
    .addOption(new Option('--format <format>', 'input format (default: from the file name)').choices(['json', 'csv']))
    .option('--no-explain', 'skip the explanation (faster)')
    .option('--referral <id>', 'score this referral from the host database, with provenance')
    .option('--mapping <file>', 'field mapping for --referral', REFERENCE_MAPPING_FILE)
    .option('--db-config <file>', 'database configuration for --referral (default: the embedded SQLite file)')
    .option('--config <file>', 'server configuration whose plugin database gets the audit record of a --referral score (default: BESLUTNINGSSTOTTE_CONFIG or the embedded one)')
    .action(async (opts) => {
      if (opts.referral !== undefined) {
        exitCode = await runReferralScoreCommand(
          { referral: assertReferralId(opts.referral), mapping: opts.mapping, dbConfig: opts.dbConfig, model: opts.model ?? DEMO_MODEL_DIR, approved: opts.approved, ...(opts.config ? { config: opts.config } : {}) },
          io,
        );
        return;
      }
      const absent = opts.model === undefined ? '--model <dir>' : opts.input === undefined ? '--input <file>' : null;
      if (absent !== null) {
        io.err(`error: required option '${absent}' not specified (or give --referral <id>)`);
        exitCode = 2;
        return;
      }
      exitCode = await runScoreCommand(opts, io);
    });

  program
    .command('demo')
    .description('Score the synthetic demo cases with the demo model and print them in Danish.')
    .action(async () => {
      exitCode = await runDemoCommand(io);
    });

  program
    .command('mapping')
    .description('Field mappings from the host database to model features.')
    .command('check')
    .description('Validate a field mapping against the model and the live database, then dry-run it on recent referrals.')
    .requiredOption('--config <file>', 'the field mapping (JSON)')
    .option('--db-config <file>', 'database configuration (default: the embedded SQLite file)')
    .option('--model <dir>', 'model package whose features the mapping must cover', DEMO_MODEL_DIR)
    .option('--recent <n>', 'how many of the most recent referrals to dry-run', (v) => Number.parseInt(v, 10), 1000)
    .option('--json', 'print the report as JSON', false)
    .action(async (opts) => {
      exitCode = await runMappingCheckCommand(opts, io);
    });

  program
    .command('features')
    .description('The features the plugin computes from the host database.')
    .command('export')
    .description(
      'Export every referral received in a period with each feature\'s value and provenance (CSV: one line per referral and feature; JSONL: one line per referral), to compare a mapping with the old system before go-live.',
    )
    .requiredOption('--from <date>', 'first day of the period (YYYY-MM-DD)')
    .requiredOption('--to <date>', 'last day of the period (YYYY-MM-DD), included')
    .addOption(new Option('--format <format>', 'output format').choices(['csv', 'jsonl']).default('csv'))
    .option('--out <file>', 'write to this file (default: standard output)')
    .option('--mapping <file>', 'field mapping', REFERENCE_MAPPING_FILE)
    .option('--db-config <file>', 'database configuration (default: the embedded SQLite file)')
    .option('--model <dir>', 'model package whose features are exported', DEMO_MODEL_DIR)
    .action(async (opts) => {
      exitCode = await runFeaturesExportCommand(opts, io);
    });

  program
    .command('serve')
    .description('Start the plugin server (risk panel, JSON API, manifest) as configured.')
    .option('--config <file>', 'server configuration (JSON; default: BESLUTNINGSSTOTTE_CONFIG or the embedded demo setup)')
    .action(async (opts) => {
      exitCode = await runServeCommand(opts, io);
    });

  program
    .command('demo-host')
    .description('What `npm start` runs: seed the embedded database if missing, then serve the plugin and a simulated case system.')
    .option('--port <port>', 'port to listen on', process.env.PORT ?? '8080')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action(async (opts) => {
      exitCode = await runDemoHost({ port: Number(opts.port), host: opts.host }, io);
    });

  program
    .command('token')
    .description('Mint a short-lived development launch token (HS256, with the development key; refused without one).')
    .requiredOption('--user <id>', "the user's id")
    .requiredOption('--role <role>', 'caseworker, supervisor or administrator')
    .option('--referral <id>', 'the referral the token opens')
    .option('--child <id>', 'the child the token opens (follow-up report)')
    .option('--lifetime <seconds>', 'lifetime in seconds', '300')
    .option('--config <file>', 'server configuration (audience, issuer, development key variable)')
    .action(async (opts) => {
      exitCode = await runTokenCommand(opts, io);
    });

  program
    .command('audit')
    .description('List or export the audit trail of a referral or a child (who saw or stored what, or was refused, when), the runs of batch and validate, or delete records past their retention.')
    .option('--referral <id>', 'the referral (its panel, and its score in later referrals\' timelines)')
    .option('--child <id>', 'the child (the follow-up report)')
    .option('--runs', 'the runs of `batch` and `validate`: who ran which model over which period, when, and how it ended')
    .addOption(new Option('--kind <kind>', 'with --runs: only this kind of run').choices([...RUN_EXTENSION_POINTS]))
    .option('--prune', 'delete the records older than audit.retentionDays in the configuration')
    .addOption(new Option('--format <format>', 'output format').choices(['csv', 'json']).default('csv'))
    .option('--config <file>', 'server configuration (the plugin database)')
    .action(async (opts) => {
      exitCode = await runAuditCommand(opts, io);
    });

  program
    .command('report')
    .description('The follow-up report for children in care: list due and overdue follow-ups, or render one child\'s report as HTML or PDF.')
    .option('--list-due', 'list the follow-ups due within the horizon or overdue (child id, due date)')
    .option('--child <id>', 'render the report for this child')
    .addOption(new Option('--format <format>', 'json or text for --list-due; html or pdf for --child').choices(['json', 'text', 'html', 'pdf']))
    .option('--out <file>', 'where to write the report (with --child)')
    .addOption(new Option('--lang <lang>', 'language of the report').choices(['da', 'en']).default('da'))
    .option('--from <date>', 'start of the period (default: the schedule start, at most two years back)')
    .option('--to <date>', 'end of the period (default: today)')
    .option('--today <date>', 'the date to count due dates and the period from (default: today)')
    .option('--horizon <days>', 'with --list-due: also list follow-ups due within this many days', '30')
    .option('--mark-filed', 'with --child: file the report for the period in the journal, once (as "Journalisér" does; the schedule counts from today); --out is then optional')
    .option('--seed-demo', 'seed synthetic follow-up data for the demo database\'s children in care')
    .option('--import <file>', 'import SDQ or ORS/CORS results (CSV or JSON rows: child_id, instrument, measured_on, respondent, items); all or nothing')
    .option('--entered-by <user>', 'with --import: who entered the results; with --child: the caseworker named on the report and recorded as filing it')
    .option('--config <file>', 'server configuration (the host and plugin databases)')
    .action(async (opts) => {
      exitCode = await runReportCommand(opts, io);
    });

  program
    .command('batch')
    .description('Score every referral received in a period into the plugin\'s own tables, for the validation report (scores are never shown). Resumable; a referral already scored by the same model version is skipped.')
    .requiredOption('--from <date>', 'first day of the period (YYYY-MM-DD)')
    .requiredOption('--to <date>', 'last day of the period (YYYY-MM-DD), included')
    .option('--config <file>', 'server configuration (host and plugin databases, mapping, model)')
    .option('--chunk-size <n>', 'referrals per chunk (memory stays bounded by it)', '1000')
    .option('--claim-lease <seconds>', 'how long a claim lasts before another run may take over an unfinished one', '30')
    .option('--workers <n>', 'threads that read the host and extract features while the main thread scores and stores (0: all in the main thread; default: the cores but one, at least 1)')
    .option('--no-progress', 'no progress bar, even on a terminal')
    .action(async (opts) => {
      assertPeriod({ from: opts.from, to: opts.to });
      exitCode = await runBatchCommand({ ...opts, progress: opts.progress === false ? false : undefined }, io);
    });

  program
    .command('validate')
    .description('The municipality\'s own validation, fairness and drift report: batch scores of a period against what later happened (placement within 12 months), as one self-contained HTML file (and JSON). Run `batch` over the period first.')
    .requiredOption('--from <date>', 'first day of the period (YYYY-MM-DD)')
    .requiredOption('--to <date>', 'last day of the period (YYYY-MM-DD), included')
    .requiredOption('--out <file>', 'where to write the HTML report')
    .option('--json <file>', 'also write the figures as JSON')
    .option('--as-of <date>', 'the day the host\'s data runs to (default: the day of its latest referral); referrals less than 12 months before it have no outcome yet')
    .option('--seed <n>', 'seed of the bootstrap intervals (the same seed and data give the same report)')
    .option('--resamples <n>', 'bootstrap resamples for the AUC intervals', '1000')
    .addOption(new Option('--lang <lang>', 'language of the report (the JSON is the same in both)').choices([...VALIDATION_LOCALES]).default('da'))
    .option('--config <file>', 'server configuration (host and plugin databases, mapping, model)')
    .action(async (opts) => {
      exitCode = await runValidateCommand({ ...opts, locale: opts.lang }, io);
    });
  const deliveries = program
    .command('deliveries')
    .description('The delivery outbox of filed follow-up reports (mail, SharePoint, calendar through Microsoft Graph): list, retry, cancel, or run the worker.')
    .option('--status <status>', 'only deliveries in this state: pending, in-progress, delivered, failed or cancelled')
    .addOption(new Option('--format <format>', 'output format').choices(['csv', 'json']).default('csv'))
    .option('--config <file>', 'server configuration (the plugin database; also for retry, cancel and work)')
    .action(async (opts) => {
      exitCode = await runDeliveriesListCommand(opts, io);
    });
  deliveries
    .command('retry <id>')
    .description('Send a failed or cancelled delivery again.')
    .action(async (id: string, _opts, cmd: Command) => {
      exitCode = await runDeliveriesRetryCommand(id, cmd.optsWithGlobals(), io);
    });
  deliveries
    .command('cancel <id>')
    .description('Stop a delivery that is pending or failed; it is not sent.')
    .action(async (id: string, _opts, cmd: Command) => {
      exitCode = await runDeliveriesCancelCommand(id, cmd.optsWithGlobals(), io);
    });
  deliveries
    .command('work')
    .description('Run the delivery worker: claims due deliveries through the database and sends them through Graph (several may run at once).')
    .option('--delivery-config <file>', 'delivery configuration (default: BESLUTNINGSSTOTTE_DELIVERY_CONFIG)')
    .option('--once', 'deliver what is due now, then stop')
    .option('--interval <seconds>', 'seconds between rounds', '10')
    .action(async (_opts, cmd: Command) => {
      exitCode = await runDeliveriesWorkCommand(cmd.optsWithGlobals(), io);
    });

  deliveries
    .command('sync-reminders')
    .description('Move the caseworkers\' calendar reminders whose follow-up date changed, and remove those of children no longer in care (run daily).')
    .action(async (_opts, cmd: Command) => {
      exitCode = await runDeliveriesSyncRemindersCommand(cmd.optsWithGlobals(), io);
    });

  program
    .command('doctor')
    .description('Check an integration after configuring it.')
    .command('graph')
    .description('Check Microsoft Graph delivery: a token is acquired, the permissions suffice, the mailbox and library are reachable.')
    .option('--delivery-config <file>', 'delivery configuration (default: BESLUTNINGSSTOTTE_DELIVERY_CONFIG)')
    .action(async (opts) => {
      exitCode = await runDoctorGraphCommand(opts, io);
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
