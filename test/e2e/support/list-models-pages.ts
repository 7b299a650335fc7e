import type {
  ListModelsCommandInput,
  ListModelsCommandOutput,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { page } from '../../support/paging';

/**
 * moto 5 ignores MaxResults and NextToken on ListModels and answers every model in one page. Real
 * SageMaker pages at most 100 per call, so this cuts moto's answer into the pages AWS would send:
 * otherwise a handler that read only the first page would pass.
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
      const { items, next: nextToken } = page(output.Models ?? [], input.NextToken, input.MaxResults ?? 10);
      return {
        ...result,
        output: { ...output, Models: items, ...(nextToken !== undefined && { NextToken: nextToken }) },
      };
    },
    { step: 'initialize', name: 'e2eListModelsPages' },
  );
}
