import {
  Controller,
  Get,
  Inject,
  Injectable,
  Param,
  PayloadTooLargeException,
  Post,
  Res,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { GetMaterialQuery } from '../../../application/materials/materials.queries.js';
import { BlobRefusedError, type BlobStore, type MaterialType, type StoredBlob } from '../../../application/ports/blob-store.js';
import { BLOB_STORE } from '../../../application/ports/tokens.js';
import type { Role } from '../../../domain/identity/roles.js';
import { invalid } from '../../../domain/shared/errors.js';
import { MAX_MATERIAL_BYTES, tooLarge } from '../../blob-store/content-type.js';
import { Allow } from '../auth/policy.js';
import { CurrentUser, type SessionUser } from '../auth/session-user.js';
import { orRefuse } from '../commands.js';
import { DomainRefusal } from '../errors.js';
import { validationError } from '../validation.js';

/** The part multer hands over; with neither `dest` nor `storage` set it keeps the file in memory. */
interface UploadedPart {
  readonly buffer: Buffer;
  readonly mimetype: string;
  readonly size: number;
}

/** A refused file answers 422 with the store's code and message. */
const refusal = (error: BlobRefusedError) => new DomainRefusal(invalid(error.code, error.zh, error.en));

const Upload = FileInterceptor('file', { limits: { fileSize: MAX_MATERIAL_BYTES, files: 1, fields: 5, parts: 6 } });

/** Reads the `file` part into memory, cut off at the limit; a file cut off is refused like one the store refuses. */
@Injectable()
class MaterialUploadInterceptor implements NestInterceptor {
  private readonly upload = new Upload();

  async intercept(context: ExecutionContext, next: CallHandler) {
    try {
      return await this.upload.intercept(context, next);
    } catch (error) {
      throw error instanceof PayloadTooLargeException ? refusal(tooLarge()) : error;
    }
  }
}

const EXTENSION: Record<MaterialType, string> = { 'application/pdf': 'pdf', 'application/ofd': 'ofd', 'image/jpeg': 'jpg', 'image/png': 'png' };

/** Staff of a case's department and its applicant open the materials it lists; supervisors and auditors any. */
const MATERIAL_READERS: Role[] = ['applicant', 'window_staff', 'reviewer', 'department_head', 'supervisor', 'auditor'];

const viewer = (user: SessionUser) => ({ userId: user.userId, roles: user.roles, ...(user.department ? { department: user.department } : {}) });

@ApiTags('materials 申请材料')
@Controller('materials')
export class MaterialsController {
  constructor(
    private readonly queries: QueryBus,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  @Post()
  @Allow('applicant', 'window_staff')
  @UseInterceptors(MaterialUploadInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } })
  @ApiOperation({ summary: '上传材料 Upload a material (PDF, OFD, JPEG, PNG; at most 20 MB), stored once by its SHA-256 digest' })
  async upload(@UploadedFile() file: UploadedPart | undefined): Promise<StoredBlob> {
    if (!file) throw validationError([{ field: 'file', reason: 'a file is required (multipart/form-data, field "file")' }]);
    try {
      return await this.blobs.put(file.buffer, file.mimetype);
    } catch (error) {
      throw error instanceof BlobRefusedError ? refusal(error) : error;
    }
  }

  @Get(':digest')
  @Allow(...MATERIAL_READERS)
  @ApiOperation({ summary: '查看材料 Open a material a case in the caller’s scope lists (supervisors and auditors: any)' })
  async open(@Param('digest') digest: string, @CurrentUser() user: SessionUser, @Res({ passthrough: true }) response: Response) {
    const { blob, bytes } = orRefuse(await this.queries.execute(new GetMaterialQuery(viewer(user), digest)));
    // Personal documents on shared counter computers: never kept in a browser cache.
    response.setHeader('Cache-Control', 'private, no-store');
    response.setHeader('ETag', `"${blob.digest}"`);
    return new StreamableFile(bytes, { type: blob.type, length: blob.size, disposition: `inline; filename="${blob.digest}.${EXTENSION[blob.type]}"` });
  }
}
