import 'reflect-metadata';
import fs from 'node:fs';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { bundleProcessDependencies } from '../application/bundles/bundle-process.js';
import { CommandPipeline } from '../application/command-pipeline.js';
import type { Clock } from '../application/ports/clock.js';
import { ProcessManagerRunner } from '../application/process-manager.js';
import { allProcessManagers } from '../application/process-managers.js';
import { ProjectionRunner } from '../application/projection-runner.js';
import { WorkingCalendar } from '../domain/shared/calendar.js';
import { allProjections } from '../projections/index.js';
import { loadCalendarData, availableCalendarYears } from './calendar/chinese-days-calendar.js';
import { systemClock } from './clock.js';
import type { Config } from './config.js';
import { openEngines, type Engines } from './engines.js';
import { AppModule } from './http/app.module.js';
import { RatingLinks } from './http/auth/rating-links.js';
import { ControlToken, Sessions } from './http/auth/sessions.js';
import { open311Cors } from './http/open311/cors.js';
import { logger } from './logging/logger.js';
import { analyticsDir } from './paths.js';

const log = logger('server');

export interface Server {
  readonly app: NestExpressApplication;
  readonly engines: Engines;
  readonly runner: ProjectionRunner;
  /** Process managers (license registration, …): events in, commands out, each with a checkpoint. */
  readonly processes: ProcessManagerRunner;
  readonly pipeline: CommandPipeline;
  readonly control: ControlToken;
  readonly clock: Clock;
  readonly calendar: WorkingCalendar;
  close(): Promise<void>;
}

/**
 * Opens the engines, applies warehouse migrations, catches the projections up and builds the
 * HTTP application (not yet listening). Tests call this with their own clock and data directory.
 */
export async function createServer(config: Config, clock: Clock = systemClock): Promise<Server> {
  fs.mkdirSync(config.dataDir, { recursive: true });
  const engines = await openEngines(config);
  try {
    const applied = await engines.warehouse.migrate(analyticsDir);
    if (applied.length) log.info({ applied }, 'warehouse migrations applied');
    const runner = new ProjectionRunner(engines.events, engines.documents, engines.warehouse, allProjections, logger('projections'), { ...(engines.logCopy ? { logCopy: engines.logCopy } : {}) });
    await runner.start();
    const pipeline = new CommandPipeline(engines.events, clock);
    const calendar = new WorkingCalendar(loadCalendarData(availableCalendarYears()));
    // ---- process managers: started once the projections have caught up, stopped before them ----
    // ---- bundles (并联审批): its process acts through the case and bundle handlers ----
    const bundles = bundleProcessDependencies(pipeline, engines.events, calendar, clock, engines.blobs, { warningWorkingDays: config.caseWarningWorkingDays });
    const processes = new ProcessManagerRunner(engines.events, engines.documents, allProcessManagers({ pipeline, bundles, events: engines.events }), logger('processes'));
    await processes.start();
    // ---- end of process managers ----
    const control = new ControlToken();
    const sessions = Sessions.open(config.dataDir, engines.documents, clock);
    const ratingLinks = RatingLinks.open(config.dataDir, clock);
    const app = await NestFactory.create<NestExpressApplication>(
      AppModule.register({ config, engines, runner, pipeline, clock, calendar, sessions, control, ratingLinks }),
      { logger: ['error', 'warn'], bodyParser: false },
    );
    // Open311 GeoReport v2 lives at its own well-known path, outside the API's prefix.
    app.setGlobalPrefix('api', { exclude: ['open311/v2/{*path}'] });
    app.use(
      helmet({
        contentSecurityPolicy: {
          directives: { 'script-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:', 'blob:'] },
        },
      }),
    );
    // After helmet, whose resource policy it lifts there; before the body parser, so that its errors carry CORS too.
    app.use('/open311/v2', open311Cors);
    app.useBodyParser('json', { limit: '2mb' });
    app.use(cookieParser());
    app.set('trust proxy', 'loopback');
    const openapi = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('政务服务中心 API')
        .setDescription('Government service center: catalog, cases, hotline, trading, hall, supervision')
        .setVersion('1')
        .addCookieAuth('gh_session')
        .addBearerAuth()
        .build(),
    );
    SwaggerModule.setup('api/docs', app, openapi, { jsonDocumentUrl: 'api/openapi.json' });
    await app.init();
    return {
      app,
      engines,
      runner,
      processes,
      pipeline,
      control,
      clock,
      calendar,
      async close() {
        await app.close();
        await processes.stop();
        await runner.stop();
        await engines.close();
      },
    };
  } catch (error) {
    await engines.close();
    throw error;
  }
}
