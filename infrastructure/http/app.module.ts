import fs from 'node:fs';
import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ServeStaticModule } from '@nestjs/serve-static';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { CASE_SETTINGS, type CaseSettings } from '../../application/cases/settings.js';
import type { CommandPipeline } from '../../application/command-pipeline.js';
import { RATING_SETTINGS, type RatingSettings } from '../../application/ratings/settings.js';
import type { Clock } from '../../application/ports/clock.js';
import {
  BLOB_STORE,
  CALENDAR,
  CLOCK,
  COMMAND_PIPELINE,
  DOCUMENT_STORE,
  EVENT_STORE,
  PASSWORD_HASHER,
  PROJECTION_RUNNER,
  WAREHOUSE,
} from '../../application/ports/tokens.js';
import type { ProjectionRunner } from '../../application/projection-runner.js';
import type { WorkingCalendar } from '../../domain/shared/calendar.js';
import type { Config } from '../config.js';
import type { Engines } from '../engines.js';
import { argon2Hasher } from '../password-hasher.js';
import { uiBuildDir } from '../paths.js';
import { AccessGuard } from './auth/access.guard.js';
import { RatingLinks } from './auth/rating-links.js';
import { ControlToken, Sessions } from './auth/sessions.js';
import { contexts } from './contexts/index.js';
import { ErrorFilter } from './errors.js';
import { CONFIG, ENGINES } from './tokens.js';
import { LoginThrottlerGuard } from './throttle.js';
import { ValidationInterceptor } from './validation.js';

export interface AppDependencies {
  readonly config: Config;
  readonly engines: Engines;
  readonly runner: ProjectionRunner;
  readonly pipeline: CommandPipeline;
  readonly clock: Clock;
  readonly calendar: WorkingCalendar;
  readonly sessions: Sessions;
  readonly control: ControlToken;
  readonly ratingLinks: RatingLinks;
}

@Module({})
export class AppModule {
  static register(deps: AppDependencies): DynamicModule {
    const values: Provider[] = [
      { provide: CONFIG, useValue: deps.config },
      { provide: CASE_SETTINGS, useValue: { warningWorkingDays: deps.config.caseWarningWorkingDays } satisfies CaseSettings },
      { provide: RATING_SETTINGS, useValue: { rectificationWorkingDays: deps.config.ratingRectificationWorkingDays } satisfies RatingSettings },
      { provide: ENGINES, useValue: deps.engines },
      { provide: EVENT_STORE, useValue: deps.engines.events },
      { provide: DOCUMENT_STORE, useValue: deps.engines.documents },
      { provide: WAREHOUSE, useValue: deps.engines.warehouse },
      { provide: BLOB_STORE, useValue: deps.engines.blobs },
      { provide: PROJECTION_RUNNER, useValue: deps.runner },
      { provide: COMMAND_PIPELINE, useValue: deps.pipeline },
      { provide: CLOCK, useValue: deps.clock },
      { provide: CALENDAR, useValue: deps.calendar },
      { provide: PASSWORD_HASHER, useValue: argon2Hasher },
      { provide: Sessions, useValue: deps.sessions },
      { provide: ControlToken, useValue: deps.control },
      { provide: RatingLinks, useValue: deps.ratingLinks },
    ];
    const ui = fs.existsSync(uiBuildDir)
      ? [ServeStaticModule.forRoot({ rootPath: uiBuildDir, exclude: ['/api/{*path}', '/open311/{*path}'] })]
      : [];
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        // A generous ceiling for everyone; the login route sets its own, much lower one.
        ThrottlerModule.forRoot([{ name: 'default', ttl: 60_000, limit: 6000 }]),
        ...ui,
      ],
      controllers: contexts.flatMap((c) => c.controllers),
      providers: [
        ...values,
        ...contexts.flatMap((c) => c.providers),
        { provide: APP_GUARD, useClass: LoginThrottlerGuard },
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_INTERCEPTOR, useClass: ValidationInterceptor },
        { provide: APP_FILTER, useClass: ErrorFilter },
      ],
    };
  }
}
