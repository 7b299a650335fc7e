import type {
  ListModelsCommandInput,
  ListModelsCommandOutput,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { page } from '../../support/paging';

/**
 * moto 5 ignores MaxResults, NextToken, SortBy, SortOrder and CreationTimeAfter on ListModels and answers
 * every model in one page, in the order it stored them. Real SageMaker pages at most 100 per call, in the
 * order asked for, from the time asked for, so this filters and sorts moto's answer (by creation time, or
 * name) and cuts it into the pages AWS would send: otherwise a handler that read only the first page
 * would pass.
 */
export function pageListModelsLikeAws(client: SageMakerClient): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'ListModelsCommand') return next(args);
      const input = args.input as ListModelsCommandInput;
      const result = await next({
        ...args,
        input: { ...input, MaxResults: undefined, NextToken: undefined },
      });
      const output = result.output as ListModelsCommandOutput;
      if (output.NextToken) throw new Error('moto now pages ListModels itself: remove pageListModelsLikeAws');
      const after = input.CreationTimeAfter?.getTime();
      const models = (output.Models ?? []).filter(
        (model) => after === undefined || (model.CreationTime?.getTime() ?? 0) >= after,
      );
      if (input.SortBy !== undefined) {
        const key = (model: (typeof models)[number]): string =>
          input.SortBy === 'Name' ? (model.ModelName ?? '') : (model.CreationTime?.toISOString() ?? '');
        models.sort((a, b) => key(a).localeCompare(key(b)) * (input.SortOrder === 'Descending' ? -1 : 1));
      }
      const { items, next: nextToken } = page(models, input.NextToken, input.MaxResults ?? 10);
      return {
        ...result,
        output: { ...output, Models: items, ...(nextToken !== undefined && { NextToken: nextToken }) },
      };
    },
    { step: 'initialize', name: 'e2eListModelsPages' },
  );
}
