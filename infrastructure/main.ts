import 'reflect-metadata';
import fs from 'node:fs';
import { loadConfig } from './config.js';
import { bootstrapAdmin } from './seed/admin.js';
import { seedDemo } from './seed/demo.js';
import { createServer } from './server.js';
import { controlFile } from './paths.js';
import { logger } from './logging/logger.js';

const log = logger('main');

async function main(): Promise<void> {
  const config = loadConfig();
  const server = await createServer(config);
  const admin = await bootstrapAdmin(server, config);
  if (config.seedDemo) await seedDemo(server);
  await server.app.listen(config.port, config.host);
  const address = server.app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  fs.writeFileSync(controlFile(config.dataDir), JSON.stringify({ pid: process.pid, port, token: server.control.value }), { mode: 0o600 });

  const url = `http://localhost:${port}`;
  const lines = [
    '',
    `  政务服务中心 is running at ${url}`,
    `  API docs: ${url}/api/docs   health: ${url}/api/health`,
    `  engines: events=${server.engines.kinds.events} views=${server.engines.kinds.documents} warehouse=${server.engines.kinds.warehouse}; data in ${config.dataDir}`,
    admin.generatedPassword
      ? `  admin password (shown once, change it): ${admin.generatedPassword}`
      : '  admin account: user "admin" with the password in ADMIN_PASSWORD',
    config.seedDemo ? '  demo logins: see README.md, "Demo logins" (every role, password demo1234)' : '',
    '',
  ];
  process.stdout.write(lines.filter((l, i) => l || i === 0 || i === lines.length - 1).join('\n') + '\n');

  const shutdown = async (signal: string) => {
    log.info({ signal }, 'shutting down');
    fs.rmSync(controlFile(config.dataDir), { force: true });
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  log.fatal({ err: error }, 'could not start');
  process.stderr.write(`\n  could not start: ${error instanceof Error ? error.message : String(error)}\n\n`);
  process.exit(1);
});
