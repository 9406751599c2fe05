import fs from 'node:fs';
import path from 'node:path';
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { Clock } from '../../../application/ports/clock.js';
import type { DocumentStore } from '../../../application/ports/document-store.js';
import { CLOCK, DOCUMENT_STORE, WAREHOUSE } from '../../../application/ports/tokens.js';
import type { Warehouse } from '../../../application/ports/warehouse.js';
import { localDate } from '../../../domain/shared/calendar.js';
import { toClickHouseTime } from '../../../projections/clickhouse-format.js';
import { analyticsDir } from '../../paths.js';
import { Allow } from '../auth/policy.js';
import { QuerySchema, ValidQuery } from '../validation.js';

const Period = z.object({ days: z.coerce.number().int().min(1).max(3660).default(90) });

/** Dashboard SQL lives in analytics/dashboards/*.sql, read once. */
const dashboard = (name: string) => fs.readFileSync(path.join(analyticsDir, 'dashboards', `${name}.sql`), 'utf8');

@ApiTags('analytics 决策支持')
@Controller('analytics')
export class AnalyticsController {
  private readonly casesByDepartmentSql = dashboard('cases_by_department');

  constructor(
    @Inject(WAREHOUSE) private readonly warehouse: Warehouse,
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('cases-by-department')
  @Allow('leader', 'supervisor', 'admin')
  @QuerySchema(Period)
  @ApiOperation({ summary: '各部门办件情况 Cases per department over a period: total, completed, on time, overdue' })
  async casesByDepartment(@ValidQuery() { days }: z.infer<typeof Period>) {
    const now = this.clock.now();
    const since = new Date(now.getTime() - days * 86_400_000);
    const [rows, departments] = await Promise.all([
      this.warehouse.query<{ department: string; total: string | number; completed: string | number; on_time: string | number; overdue: string | number }>(
        this.casesByDepartmentSql,
        { since: toClickHouseTime(since), today: localDate(now) },
      ),
      this.documents.find<{ code: string; name: string }>('departments', {}, { limit: 1000 }),
    ]);
    const names = new Map(departments.items.map((d) => [d.code, d.name]));
    return {
      rows: rows.map((r) => ({
        department: r.department,
        departmentName: names.get(r.department) ?? r.department,
        total: Number(r.total),
        completed: Number(r.completed),
        onTime: Number(r.on_time),
        overdue: Number(r.overdue),
      })),
    };
  }
}
