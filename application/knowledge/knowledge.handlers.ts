import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { articleDecider, articleStreamId, type ArticleCommand } from '../../domain/knowledge/index.js';
import { CommandPipeline, derivedId, type CommandOutcome } from '../command-pipeline.js';
import type { Issued } from '../identity/identity.handlers.js';
import { COMMAND_PIPELINE } from '../ports/tokens.js';

/** Any step of an article's life: write, revise, publish, retire. */
export class ArticleCommandCommand extends Command<CommandOutcome> {
  constructor(
    readonly issued: Issued,
    readonly command: ArticleCommand,
  ) {
    super();
  }
}

/** The id of an article a command writes: derived from the command id, so a retried request writes the same article. */
export const newArticleId = (commandId: string) => derivedId(commandId, 'article');

@CommandHandler(ArticleCommandCommand)
export class ArticleCommandHandler implements ICommandHandler<ArticleCommandCommand> {
  constructor(@Inject(COMMAND_PIPELINE) private readonly pipeline: CommandPipeline) {}

  execute({ issued, command }: ArticleCommandCommand): Promise<CommandOutcome> {
    return this.pipeline.handle({ decider: articleDecider }, articleStreamId(command.data.articleId), { ...issued, command });
  }
}

export const knowledgeHandlers = [ArticleCommandHandler];
