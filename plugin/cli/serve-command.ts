// `beslutningsstotte serve [--config FILE]`: the plugin server for a host, as configured. Stops cleanly on
// SIGINT/SIGTERM (in-flight requests finish, connections close).
import type { Server } from 'node:http';
import { assemblePlugin } from '../server/plugin-assembly';
import { createPluginApp } from '../server/plugin-app';
import { createLogger } from '../server/request-logger';
import { readServerConfig } from '../server/server-config';
import type { CliIo } from './cli-io';
import { DeliveryWorker } from '../graph/delivery-worker';
import { graphConnections } from '../graph/graph-connections';
import { filedReportDocuments } from '../graph/report-document-source';
import { DeliveryOutboxRepository } from '../storage/delivery-outbox-repository';

export function listen(app: import('express').Express, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(server)));
    server.keepAliveTimeout = 65_000;
  });
}

export function stopOnSignal(server: Server, close: () => Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      server.close(() => void close().then(resolve));
      server.closeIdleConnections();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

export async function runServeCommand(options: { config?: string }, io: CliIo): Promise<number> {
  const config = readServerConfig(options.config);
  const logger = createLogger();
  const plugin = await assemblePlugin(config, { logger });
  const server = await listen(createPluginApp(plugin.ctx), config.listen.host, config.listen.port);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.listen.port;
  io.out(`Beslutningsstøtte plugin server on http://${config.listen.host}:${port} (manifest: /manifest.json, API: /openapi.json)`);
  // With a delivery configuration (BESLUTNINGSSTOTTE_DELIVERY_CONFIG), the server also runs a delivery worker;
  // workers claim rows through the database, so every instance may run one.
  const delivery = plugin.delivery;
  const followUp = plugin.ctx.followUp;
  const worker =
    delivery && followUp
      ? new DeliveryWorker({ repo: new DeliveryOutboxRepository(plugin.pluginDb), config: delivery, connectionFor: graphConnections(delivery), documents: filedReportDocuments(followUp), logger }).start(10_000)
      : null;
  if (worker) io.out('Delivery worker started (docs/delivery.md).');
  await stopOnSignal(server, async () => {
    await worker?.stop();
    await plugin.close();
  });
  return 0;
}
