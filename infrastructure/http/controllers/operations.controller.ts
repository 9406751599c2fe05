import { Controller, Get, Inject, Param, Post, Req, Res, Sse, type MessageEvent } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Observable } from 'rxjs';
import { ticketScope } from '../../../application/hotline/hotline.queries.js';
import { TICKETS } from '../../../application/hotline/ticket-doc.js';
import type { DocumentStore } from '../../../application/ports/document-store.js';
import type { ProjectionRunner, ViewChange } from '../../../application/projection-runner.js';
import { DOCUMENT_STORE, PROJECTION_RUNNER } from '../../../application/ports/tokens.js';
import { DEPARTMENT_ROLES } from '../../../domain/identity/roles.js';
import { ENGINES } from '../tokens.js';
import type { Engines } from '../../engines.js';
import { Authenticated, ControlOrAdmin, Public } from '../auth/policy.js';
import { CurrentUser, type SessionUser } from '../auth/session-user.js';

/** Collections whose changes are pushed to browsers, and who may hear of each document. */
const LIVE_COLLECTIONS = new Set(['cases', 'catalog_items', TICKETS]);

@ApiTags('operations 运行')
@Controller()
export class OperationsController {
  constructor(
    @Inject(ENGINES) private readonly engines: Engines,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
  ) {}

  @Get('health')
  @Public()
  @ApiOperation({ summary: '健康检查 Each engine and projection' })
  async health(@Res({ passthrough: true }) response: Response) {
    const check = async (probe: () => Promise<unknown>) => {
      try {
        await probe();
        return 'up' as const;
      } catch {
        return 'down' as const;
      }
    };
    const [events, documents, warehouse] = await Promise.all([
      check(() => this.engines.events.headPosition()),
      check(() => this.engines.documents.count('departments')),
      check(() => this.engines.warehouse.query('SELECT 1 AS one')),
    ]);
    const projections = await this.runner.status().catch(() => []);
    const failed = projections.filter((p) => p.state === 'failed').map((p) => p.name);
    const healthy = events === 'up' && documents === 'up' && warehouse === 'up';
    if (!healthy) response.status(503);
    return {
      status: healthy ? (failed.length ? 'degraded' : 'ok') : 'down',
      engines: {
        eventStore: { engine: this.engines.kinds.events, state: events },
        documents: { engine: this.engines.kinds.documents, state: documents },
        warehouse: { engine: this.engines.kinds.warehouse, state: warehouse },
      },
      projections: projections.map(({ name, state, position, lag }) => ({ name, state, position, lag })),
    };
  }

  @Sse('events/stream')
  @Authenticated()
  @ApiOperation({ summary: '实时更新 Server-sent events: `view` {collection, id} when a view the user may see changes' })
  stream(@CurrentUser() user: SessionUser, @Req() request: Request): Observable<MessageEvent> {
    return new Observable<MessageEvent>((subscriber) => {
      subscriber.next({ type: 'ready', data: { at: new Date().toISOString() } });
      const unsubscribe = this.runner.onViewChange((change) => {
        if (!LIVE_COLLECTIONS.has(change.collection)) return;
        void this.mayHear(user, change).then((ok) => ok && subscriber.next({ type: 'view', data: { collection: change.collection, id: change.id } }));
      });
      // Proxies drop idle connections; a comment line every 25 s keeps this one open.
      const keepAlive = setInterval(() => subscriber.next({ type: 'ping', data: '' }), 25_000);
      request.on('close', () => subscriber.complete());
      return () => {
        clearInterval(keepAlive);
        unsubscribe();
      };
    });
  }

  /**
   * Scoped users hear only of their department's cases; applicants only of their own. Tickets as
   * the ticket list scopes them: the center, supervisors and leaders all; a department those it
   * leads or helps with; applicants none.
   */
  private async mayHear(user: SessionUser, change: ViewChange): Promise<boolean> {
    if (change.collection === TICKETS) {
      const scope = ticketScope({ userId: user.userId, roles: user.roles, ...(user.department ? { department: user.department } : {}) });
      if (!scope) return false;
      if (Object.keys(scope).length === 0) return true;
      return (await this.documents.count(TICKETS, { $and: [scope, { _id: change.id }] })) > 0;
    }
    if (change.collection !== 'cases') return true;
    const scoped = user.roles.every((r) => DEPARTMENT_ROLES.includes(r) || r === 'applicant');
    if (!scoped) return true;
    const doc = await this.documents.get<{ department: string; applicantId: string }>('cases', change.id);
    if (!doc) return false;
    if (user.roles.includes('applicant') && doc.applicantId === user.userId) return true;
    return user.department !== undefined && doc.department === user.department && user.roles.some((r) => DEPARTMENT_ROLES.includes(r));
  }

  @Get('admin/projections')
  @ControlOrAdmin()
  @ApiOperation({ summary: '投影状态 Projection status: position, head, state, failure' })
  projections() {
    return this.runner.status();
  }

  @Post('admin/projections/:name/rebuild')
  @ControlOrAdmin()
  @ApiOperation({ summary: '重建投影 Rebuild a projection; streams progress as NDJSON lines {done,total} then {status}' })
  async rebuild(@Param('name') name: string, @Res() response: Response) {
    const status = await this.runner.status();
    if (!status.some((s) => s.name === name)) {
      response.status(404).json({ statusCode: 404, code: 'projection.not_found', message: { zh: `没有名为 ${name} 的投影`, en: `No projection named ${name}` } });
      return;
    }
    response.status(200).setHeader('content-type', 'application/x-ndjson');
    let last = 0;
    const result = await this.runner.rebuild(name, (progress) => {
      const now = Date.now();
      if (now - last < 200 && progress.done < progress.total) return;
      last = now;
      response.write(`${JSON.stringify(progress)}\n`);
    });
    response.end(`${JSON.stringify({ status: result })}\n`);
  }
}
