import type {
  ConfigServiceClient,
  ConfigurationItem,
  Evaluation,
  EvaluationResult,
  GetComplianceDetailsByConfigRuleCommandInput,
  PutEvaluationsCommandInput,
  PutEvaluationsCommandOutput,
  ServiceInputTypes,
  ServiceOutputTypes,
} from '@aws-sdk/client-config-service';
import type {
  InitializeHandlerArguments,
  InitializeHandlerOutput,
  InitializeMiddleware,
} from '@smithy/types';

interface HeldResult {
  readonly evaluation: Evaluation;
  readonly recordedAt: Date;
}

const MAX_COMPLIANCE_DETAILS_PAGE = 100;

/**
 * Stands in for the parts of AWS Config that moto lacks, in front of a real Config client:
 * - records every PutEvaluations request and passes it on to moto (which accepts only TestMode);
 * - keeps the latest result per resource, as Config would hold it (compliance type, annotation, the time
 *   it was recorded), and answers GetComplianceDetailsByConfigRule from those results, filtered by the
 *   compliance types asked for and paged like the real API;
 * - answers GetResourceConfigHistory for items registered with `addHistoryItem` (moto does not
 *   record SageMaker models); for any other resource the request reaches moto;
 * - once models are registered with `recordModel`, answers for them as Config's inventory would
 *   (ListDiscoveredResources, BatchGetResourceConfig, the advanced query of their tags), with the
 *   faults a test asks for: keys left unprocessed, an answer about another resource.
 * Test and demo code only: the product never sees this layer.
 */
export class ConfigRecorder {
  /** Every PutEvaluations request, in the order sent. */
  readonly putEvaluationsRequests: PutEvaluationsCommandInput[] = [];
  private readonly held = new Map<string, HeldResult>();
  private readonly history = new Map<string, ConfigurationItem>();
  private readonly recorded = new Map<string, ConfigurationItem>();
  /** resourceIds BatchGetResourceConfig leaves unprocessed on every call. */
  readonly unprocessedKeys = new Set<string>();
  /** BatchGetResourceConfig answers a key (the map's key) with this other resource's item. */
  readonly foreignAnswers = new Map<string, ConfigurationItem>();
  /** When Config records a result it accepts: now, unless a test sets the time. */
  clock: () => Date = () => new Date();

  constructor(private readonly configRuleName: string) {}

  attachTo(client: ConfigServiceClient): void {
    client.middlewareStack.add(this.middleware, { step: 'initialize', name: 'e2eConfigRecorder' });
  }

  /** Every evaluation sent since the last `forgetRequests`, flattened across batches. */
  evaluations(): Evaluation[] {
    return this.putEvaluationsRequests.flatMap((request) => request.Evaluations ?? []);
  }

  forgetRequests(): void {
    this.putEvaluationsRequests.length = 0;
  }

  /** A result Config holds from an earlier run, e.g. for a model deleted since, recorded at `recordedAt`. */
  holdResult(evaluation: Evaluation, recordedAt: Date = this.clock()): void {
    this.held.set(heldKey(evaluation), { evaluation, recordedAt });
  }

  /** Makes every held result look recorded `milliseconds` earlier, as if that much time had passed. */
  ageHeldResults(milliseconds: number): void {
    for (const [key, result] of this.held) {
      this.held.set(key, { ...result, recordedAt: new Date(result.recordedAt.getTime() - milliseconds) });
    }
  }

  /** The ComplianceType Config holds for a resource, if any. */
  heldComplianceOf(resourceType: string, resourceId: string): string | undefined {
    return this.held.get(`${resourceType}/${resourceId}`)?.evaluation.ComplianceType;
  }

  addHistoryItem(item: ConfigurationItem): void {
    this.history.set(`${item.resourceType}/${item.resourceId}`, item);
  }

  /** A SageMaker model Config records, as its item (with tags as a map, as Config keeps them). */
  recordModel(item: ConfigurationItem): void {
    this.recorded.set(item.resourceId ?? '', item);
  }

  forgetRecordedModels(): void {
    this.recorded.clear();
    this.unprocessedKeys.clear();
    this.foreignAnswers.clear();
  }

  private readonly middleware: InitializeMiddleware<ServiceInputTypes, ServiceOutputTypes> =
    (next, context) => async (args) => {
      switch (context.commandName) {
        case 'PutEvaluationsCommand':
          return this.putEvaluations(next, args);
        case 'GetComplianceDetailsByConfigRuleCommand':
          return answer(this.complianceDetails(args.input as GetComplianceDetailsByConfigRuleCommandInput));
        case 'ListDiscoveredResourcesCommand':
          return this.recorded.size > 0 ? answer(this.discovered(args.input as DiscoveredInput)) : next(args);
        case 'BatchGetResourceConfigCommand':
          return answer(this.batchGet(args.input as { resourceKeys: Array<{ resourceId: string }> }));
        case 'SelectResourceConfigCommand':
          return answer(this.selectTags(args.input as { NextToken?: string }));
        case 'GetResourceConfigHistoryCommand': {
          const input = args.input as { resourceType?: string; resourceId?: string };
          const item = this.history.get(`${input.resourceType}/${input.resourceId}`);
          return item ? answer({ configurationItems: [item] }) : next(args);
        }
        default:
          return next(args);
      }
    };

  private async putEvaluations(
    next: (
      args: InitializeHandlerArguments<ServiceInputTypes>,
    ) => Promise<InitializeHandlerOutput<ServiceOutputTypes>>,
    args: InitializeHandlerArguments<ServiceInputTypes>,
  ): Promise<InitializeHandlerOutput<ServiceOutputTypes>> {
    const input = structuredClone(args.input as PutEvaluationsCommandInput);
    this.putEvaluationsRequests.push(input);
    const result = await next(args);
    const failed = new Set(
      ((result.output as PutEvaluationsCommandOutput).FailedEvaluations ?? []).map(heldKey),
    );
    for (const evaluation of input.Evaluations ?? []) {
      if (!failed.has(heldKey(evaluation))) this.holdResult(evaluation);
    }
    return result;
  }

  private discovered(input: DiscoveredInput) {
    const items = [...this.recorded.values()].filter(
      (item) => !input.resourceIds || input.resourceIds.includes(item.resourceId ?? ''),
    );
    const start = input.nextToken ? Number(input.nextToken) : 0;
    const end = start + MAX_COMPLIANCE_DETAILS_PAGE;
    return {
      resourceIdentifiers: items.slice(start, end).map((item) => ({
        resourceType: item.resourceType,
        resourceId: item.resourceId,
        resourceName: item.resourceName,
      })),
      ...(end < items.length && { nextToken: String(end) }),
    };
  }

  private batchGet(input: { resourceKeys: Array<{ resourceId: string }> }) {
    const keys = input.resourceKeys;
    return {
      baseConfigurationItems: keys.flatMap((key) => {
        if (this.unprocessedKeys.has(key.resourceId)) return [];
        const item = this.foreignAnswers.get(key.resourceId) ?? this.recorded.get(key.resourceId);
        return item ? [{ ...item, tags: undefined }] : [];
      }),
      unprocessedResourceKeys: keys.filter((key) => this.unprocessedKeys.has(key.resourceId)),
    };
  }

  private selectTags(input: { NextToken?: string }) {
    const rows = [...this.recorded.values()].map((item) =>
      JSON.stringify({
        resourceId: item.resourceId,
        tags: Object.entries(item.tags ?? {}).map(([key, value]) => ({ key, value })),
      }),
    );
    const start = input.NextToken ? Number(input.NextToken) : 0;
    const end = start + MAX_COMPLIANCE_DETAILS_PAGE;
    return { Results: rows.slice(start, end), ...(end < rows.length && { NextToken: String(end) }) };
  }

  private complianceDetails(input: GetComplianceDetailsByConfigRuleCommandInput) {
    if (input.ConfigRuleName !== this.configRuleName) {
      throw Object.assign(
        new Error(`The ConfigRule '${input.ConfigRuleName}' provided in the request is invalid.`),
        {
          name: 'NoSuchConfigRuleException',
        },
      );
    }
    const wanted = new Set<string>(input.ComplianceTypes ?? ['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE']);
    const results: EvaluationResult[] = [...this.held.values()]
      .filter(({ evaluation }) => wanted.has(evaluation.ComplianceType ?? ''))
      .map(({ evaluation, recordedAt }) => ({
        EvaluationResultIdentifier: {
          EvaluationResultQualifier: {
            ConfigRuleName: this.configRuleName,
            ResourceType: evaluation.ComplianceResourceType,
            ResourceId: evaluation.ComplianceResourceId,
          },
          OrderingTimestamp: evaluation.OrderingTimestamp,
        },
        ComplianceType: evaluation.ComplianceType,
        ResultRecordedTime: recordedAt,
        ConfigRuleInvokedTime: recordedAt,
        Annotation: evaluation.Annotation,
      }));
    const start = input.NextToken ? Number(input.NextToken) : 0;
    const end = start + Math.min(input.Limit || MAX_COMPLIANCE_DETAILS_PAGE, MAX_COMPLIANCE_DETAILS_PAGE);
    return {
      EvaluationResults: results.slice(start, end),
      ...(end < results.length && { NextToken: String(end) }),
    };
  }
}

interface DiscoveredInput {
  readonly resourceIds?: string[];
  readonly nextToken?: string;
}

function heldKey(evaluation: Pick<Evaluation, 'ComplianceResourceType' | 'ComplianceResourceId'>): string {
  return `${evaluation.ComplianceResourceType}/${evaluation.ComplianceResourceId}`;
}

/** Short-circuits the middleware stack: the request never leaves the process. */
function answer(output: object): InitializeHandlerOutput<ServiceOutputTypes> {
  return { output: { ...output, $metadata: {} }, response: {} };
}
