import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import {
  OPEN_RECTIFICATION,
  RATING_ROLES,
  ratingLevel,
  rectificationOverdue,
  type RatingStatus,
} from '../../domain/ratings/index.js';
import { localDate } from '../../domain/shared/calendar.js';
import { notFound, type DomainError } from '../../domain/shared/errors.js';
import type { Clock } from '../ports/clock.js';
import type { DocumentStore, Filter } from '../ports/document-store.js';
import { CLOCK, DOCUMENT_STORE } from '../ports/tokens.js';
import { caseScope, type Viewer } from '../viewer.js';
import type { RatingFacts, RatingView } from './rating-views.js';

/** The `ratings` view: one document per rated case (projections/ratings.ts). */
export interface RatingDoc extends RatingFacts {
  applicantId: string | null;
  /** The end of the rectification's due date as an instant; bad ratings only. */
  dueAt?: string;
  updatedAt: string;
}

export interface RatingListFilter {
  readonly department?: string;
  /** Only 差评 (不满意, 非常不满意). */
  readonly bad?: boolean;
  /** Only bad ratings whose rectification is past its due date and still owed. */
  readonly overdue?: boolean;
  readonly status?: RatingStatus;
  readonly limit?: number;
  readonly after?: string;
}

export class ListRatingsQuery extends Query<{ items: RatingView[]; next?: string; total: number }> {
  constructor(
    readonly viewer: Viewer,
    readonly filter: RatingListFilter,
  ) {
    super();
  }
}

export class GetRatingQuery extends Query<RatingView | DomainError> {
  constructor(
    readonly viewer: Viewer,
    readonly caseId: string,
  ) {
    super();
  }
}

/** Steps the viewer could take now; the command side decides again when they do. */
function allowedActions(doc: RatingDoc, viewer: Viewer): string[] {
  const may = (roles: readonly string[]) => viewer.department === doc.department && viewer.roles.some((r) => roles.includes(r));
  if (doc.status === 'awaiting_verification' && may(RATING_ROLES.verify)) return ['verify'];
  if (doc.status === 'awaiting_rectification' && may(RATING_ROLES.rectify)) return ['rectify'];
  if (doc.status === 'awaiting_callback' && may(RATING_ROLES.callBack)) return ['callback'];
  return [];
}

/** A rating as staff and its applicant see it; the applicant's user id stays inside. */
function view(doc: RatingDoc, viewer: Viewer, today: string): RatingView {
  return {
    caseId: doc.caseId,
    caseNo: doc.caseNo,
    itemCode: doc.itemCode,
    itemName: doc.itemName,
    department: doc.department,
    score: doc.score,
    level: ratingLevel(doc.score),
    bad: doc.bad,
    channel: doc.channel,
    ...(doc.comment ? { comment: doc.comment } : {}),
    ratedAt: doc.ratedAt,
    status: doc.status,
    ...(doc.dueDate ? { dueDate: doc.dueDate, overdue: rectificationOverdue(doc, today) } : {}),
    ...(doc.verification ? { verification: doc.verification } : {}),
    ...(doc.rectified ? { rectified: doc.rectified } : {}),
    ...(doc.callback ? { callback: doc.callback } : {}),
    steps: doc.steps,
    allowedActions: allowedActions(doc, viewer),
  };
}

/** Ratings scoped like cases: department staff their department's, applicants their own, supervisors, auditors, leaders and admins all. */
@QueryHandler(ListRatingsQuery)
export class ListRatingsHandler implements IQueryHandler<ListRatingsQuery> {
  constructor(
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ viewer, filter }: ListRatingsQuery): Promise<{ items: RatingView[]; next?: string; total: number }> {
    const scope = caseScope(viewer);
    if (!scope) return { items: [], total: 0 };
    const today = localDate(this.clock.now());
    const clauses: Filter[] = [scope];
    if (filter.department) clauses.push({ department: filter.department });
    if (filter.bad) clauses.push({ bad: true });
    if (filter.status) clauses.push({ status: filter.status });
    if (filter.overdue) clauses.push({ status: { $in: OPEN_RECTIFICATION }, dueDate: { $lt: today } });
    const where: Filter = { $and: clauses };
    const [page, total] = await Promise.all([
      this.documents.find<RatingDoc>('ratings', where, { sort: { ratedAt: -1 }, limit: filter.limit ?? 20, ...(filter.after ? { after: filter.after } : {}) }),
      this.documents.count('ratings', where),
    ]);
    return { items: page.items.map((doc) => view(doc, viewer, today)), ...(page.next ? { next: page.next } : {}), total };
  }
}

@QueryHandler(GetRatingQuery)
export class GetRatingHandler implements IQueryHandler<GetRatingQuery> {
  constructor(
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ viewer, caseId }: GetRatingQuery): Promise<RatingView | DomainError> {
    const scope = caseScope(viewer);
    const found = scope ? (await this.documents.find<RatingDoc>('ratings', { $and: [scope, { _id: caseId }] }, { limit: 1 })).items[0] : undefined;
    // Another department's rating answers as if it did not exist, like its case.
    if (!found) return notFound('rating.not_found', '该办件尚无评价', 'This case has not been rated');
    return view(found, viewer, localDate(this.clock.now()));
  }
}

export const ratingQueryHandlers = [ListRatingsHandler, GetRatingHandler];
