import 'reflect-metadata';
import fs from 'node:fs';
import cliProgress from 'cli-progress';
import type { Progress, ProjectionStatus } from '../../application/projection-runner.js';
import { ProjectionRunner } from '../../application/projection-runner.js';
import { allProjections } from '../../projections/index.js';
import { loadConfig } from '../config.js';
import { openEngines } from '../engines.js';
import { logger } from '../logging/logger.js';
import { analyticsDir, controlFile } from '../paths.js';

const USAGE = `usage: npm run projections -- status
       npm run projections -- rebuild <name>`;

interface RunningServer {
  readonly port: number;
  readonly token: string;
}

/** The running server of this data directory, if there is one: then we go through it (chDB allows one process per directory). */
function runningServer(dataDir: string): RunningServer | undefined {
  const file = controlFile(dataDir);
  if (!fs.existsSync(file)) return undefined;
  const { pid, port, token } = JSON.parse(fs.readFileSync(file, 'utf8')) as { pid: number; port: number; token: string };
  try {
    process.kill(pid, 0);
    return { port, token };
  } catch {
    return undefined; // a stale file from a server that died
  }
}

function progressBar() {
  const bar = new cliProgress.SingleBar(
    {
      format: '  {bar} {percentage}% | {value}/{total} | {rate} events/s | ETA {eta_formatted}',
      hideCursor: true,
      // Piped into a log or CI, still say how far it got, every few seconds and at the end.
      noTTYOutput: true,
      notTTYSchedule: 3000,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  let begun = false;
  return {
    update({ done, total }: Progress) {
      const rate = Math.round(done / Math.max(0.001, (Date.now() - started) / 1000));
      if (!begun) {
        bar.start(total, done, { rate });
        begun = true;
      } else {
        bar.setTotal(total);
        bar.update(done, { rate });
      }
    },
    stop: () => begun && bar.stop(),
  };
}

function printStatus(rows: readonly ProjectionStatus[]): void {
  const table = rows.map((r) => ({
    projection: r.name,
    version: r.version,
    kind: r.kind,
    state: r.state,
    position: r.position,
    lag: r.lag,
    failure: r.failure ? `${r.failure.streamId}@${r.failure.revision} (position ${r.failure.position}): ${r.failure.message}` : '',
  }));
  console.table(table);
}

async function viaServer(server: RunningServer, command: string, name?: string): Promise<void> {
  const base = `http://127.0.0.1:${server.port}/api/admin/projections`;
  const headers = { 'x-control-token': server.token };
  if (command === 'status') {
    const response = await fetch(base, { headers });
    if (!response.ok) throw new Error(`the server answered ${response.status}`);
    printStatus((await response.json()) as ProjectionStatus[]);
    return;
  }
  const response = await fetch(`${base}/${encodeURIComponent(name!)}/rebuild`, { method: 'POST', headers });
  if (!response.ok || !response.body) {
    const body = (await response.json().catch(() => ({}))) as { message?: { en?: string } };
    throw new Error(body.message?.en ?? `the server answered ${response.status}`);
  }
  const bar = progressBar();
  let buffered = '';
  let final: ProjectionStatus | undefined;
  for await (const chunk of response.body) {
    buffered += Buffer.from(chunk).toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines.filter(Boolean)) {
      const message = JSON.parse(line) as Progress | { status: ProjectionStatus };
      if ('status' in message) final = message.status;
      else bar.update(message);
    }
  }
  bar.stop();
  if (final) printStatus([final]);
}

async function direct(dataDir: string, command: string, name?: string): Promise<void> {
  const config = loadConfig();
  const engines = await openEngines(config).catch((error: Error) => {
    throw new Error(`${error.message}\n  Is a server using ${dataDir}? Start it, then run this command again: it will go through the server.`);
  });
  try {
    await engines.warehouse.migrate(analyticsDir);
    const runner = new ProjectionRunner(engines.events, engines.documents, engines.warehouse, allProjections, logger('projections'), { ...(engines.logCopy ? { logCopy: engines.logCopy } : {}) });
    if (command === 'rebuild') {
      if (!allProjections.some((p) => p.name === name)) throw new Error(`no projection named ${name}; see: npm run projections -- status`);
      const bar = progressBar();
      await runner.rebuild(name!, (progress) => bar.update(progress));
      bar.stop();
      await runner.stop();
    }
    printStatus(await runner.status());
  } finally {
    await engines.close();
  }
}

async function main(): Promise<void> {
  const [command, name] = process.argv.slice(2);
  if (command !== 'status' && !(command === 'rebuild' && name)) {
    console.error(USAGE);
    process.exit(2);
  }
  const { dataDir } = loadConfig();
  const server = runningServer(dataDir);
  if (server) console.log(`  (through the running server on port ${server.port})`);
  await (server ? viaServer(server, command, name) : direct(dataDir, command, name));
}

main().catch((error: unknown) => {
  console.error(`  projections: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
