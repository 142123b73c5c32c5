// `beslutningsstotte serve [--config FILE]`: the plugin server for a host, as configured. Stops cleanly on
// SIGINT/SIGTERM (in-flight requests finish, connections close).
import type { Server } from 'node:http';
import { assemblePlugin } from '../server/plugin-assembly';
import { createPluginApp } from '../server/plugin-app';
import { createLogger } from '../server/request-logger';
import { readServerConfig } from '../server/server-config';
import type { CliIo } from './cli-io';

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
  await stopOnSignal(server, plugin.close);
  return 0;
}
