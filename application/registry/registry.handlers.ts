import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { licenseDecider, licenseStreamId } from '../../domain/licenses/index.js';
import type { CommandOutcome, CommandPipeline } from '../command-pipeline.js';
import type { Issued } from '../identity/identity.handlers.js';
import { COMMAND_PIPELINE } from '../ports/tokens.js';

/** 撤销: the issuing department's head revokes a license, with the reason. */
export class RevokeLicenseCommand extends Command<CommandOutcome> {
  constructor(
    readonly issued: Issued,
    readonly data: { readonly number: string; readonly reason: string },
  ) {
    super();
  }
}

@CommandHandler(RevokeLicenseCommand)
export class RevokeLicenseHandler implements ICommandHandler<RevokeLicenseCommand> {
  constructor(@Inject(COMMAND_PIPELINE) private readonly pipeline: CommandPipeline) {}

  execute({ issued, data }: RevokeLicenseCommand) {
    return this.pipeline.handle({ decider: licenseDecider }, licenseStreamId(data.number), { ...issued, command: { type: 'RevokeLicense', data } });
  }
}

export const registryHandlers = [RevokeLicenseHandler];
