import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { MEASURE_GROUPINGS } from '../../../application/hotline-measures/measures.js';
import { HotlineMeasuresQuery, HotTopicsQuery } from '../../../application/hotline-measures/measures.queries.js';
import type { Role } from '../../../domain/identity/roles.js';
import { Allow } from '../auth/policy.js';
import { CurrentUser, type SessionUser } from '../auth/session-user.js';
import { orRefuse } from '../commands.js';
import { QuerySchema, ValidQuery } from '../validation.js';

/** Chinese calendar dates, both included. */
const Period = {
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  department: z.string().min(1).max(32).optional(),
};
const MeasuresQuery = z.object({ ...Period, by: z.enum(MEASURE_GROUPINGS).default('department') });
const HotTopicsQueryString = z.object({ ...Period, limit: z.coerce.number().int().min(1).max(50).default(10) });

/**
 * Who reads the hotline measures: the city's leaders, supervisors, auditors, admins and the center
 * (every department); a department's head and hotline desk (their department only).
 */
export const HOTLINE_MEASURE_READERS: Role[] = ['leader', 'supervisor', 'auditor', 'hotline_operator', 'admin', 'department_head', 'department_handler'];

const viewer = (user: SessionUser) => ({ userId: user.userId, roles: user.roles, ...(user.department ? { department: user.department } : {}) });

@ApiTags('hotline measures 12345 决策支持')
@Controller('hotline')
export class HotlineMeasuresController {
  constructor(private readonly queries: QueryBus) {}

  @Get('measures')
  @Allow(...HOTLINE_MEASURE_READERS)
  @QuerySchema(MeasuresQuery)
  @ApiOperation({ summary: '三率 Response, resolution (from the callbacks) and satisfaction rates, with on-time finishing (按期办结率), of the tickets registered in a period, by department, category or month' })
  async measures(@ValidQuery() query: z.infer<typeof MeasuresQuery>, @CurrentUser() user: SessionUser) {
    return orRefuse(await this.queries.execute(new HotlineMeasuresQuery(viewer(user), query)));
  }

  @Get('hot-topics')
  @Allow(...HOTLINE_MEASURE_READERS)
  @QuerySchema(HotTopicsQueryString)
  @ApiOperation({ summary: '热点诉求 The categories, districts and categories-in-districts called about most in a period, with the change from the period before' })
  async hotTopics(@ValidQuery() query: z.infer<typeof HotTopicsQueryString>, @CurrentUser() user: SessionUser) {
    return orRefuse(await this.queries.execute(new HotTopicsQuery(viewer(user), query)));
  }
}
