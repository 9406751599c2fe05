import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { Role } from '../../domain/identity/roles.js';
import { notFound, type DomainError } from '../../domain/shared/errors.js';
import type { BlobStore, StoredBlob } from '../ports/blob-store.js';
import type { DocumentStore } from '../ports/document-store.js';
import { BLOB_STORE, DOCUMENT_STORE } from '../ports/tokens.js';
import { caseScope, type Viewer } from '../viewer.js';

/** Read-only roles that may open any stored material. */
export const MATERIAL_READ_ALL: readonly Role[] = ['supervisor', 'auditor'];

/** A stored material, if the viewer may open it. */
export class GetMaterialQuery extends Query<{ blob: StoredBlob; bytes: Uint8Array } | DomainError> {
  constructor(
    readonly viewer: Viewer,
    readonly digest: string,
  ) {
    super();
  }
}

const noSuchMaterial = () => notFound('material.not_found', '材料不存在', 'No such material');

/**
 * Supervisors and auditors open any material; everyone else only one that a case in their scope
 * lists (the case's department staff, its applicant). A material outside one's scope answers as if
 * it did not exist: its digest is not to be probed.
 */
@QueryHandler(GetMaterialQuery)
export class GetMaterialHandler implements IQueryHandler<GetMaterialQuery> {
  constructor(
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  async execute({ viewer, digest }: GetMaterialQuery) {
    if (!viewer.roles.some((r) => MATERIAL_READ_ALL.includes(r))) {
      const scope = caseScope(viewer);
      if (!scope) return noSuchMaterial();
      if ((await this.documents.count('cases', { $and: [scope, { materials: { $elemMatch: { digest } } }] })) === 0) return noSuchMaterial();
    }
    return (await this.blobs.get(digest)) ?? noSuchMaterial();
  }
}

export const materialQueryHandlers = [GetMaterialHandler];
