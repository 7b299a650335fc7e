import { Validations, type Acknowledgment } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildApp } from '../../lib/app';

/** Builds the app without synthesizing it (synth would stop at the first finding) and runs the pack. */
const findings = (context: Record<string, unknown>): string[] =>
  new AwsSolutionsChecks()
    .validateScope(buildApp({ context: { ...context, 'aws:cdk:bundling-stacks': [] } }).stack)
    .violations.flatMap((violation) =>
      violation.violatingResources.map((resource) => `${violation.ruleName} at ${resource.constructPath}`),
    );

describe.each([
  ['as a standalone rule', {}],
  ['inside a conformance pack', { deployAs: 'conformancePack' }],
  ['with the function only', { deployAs: 'functionOnly' }],
])('cdk-nag AwsSolutions on the stack %s', (_mode, context) => {
  it('reports no unacknowledged error or warning', () => {
    expect(findings(context)).toEqual([]);
  });

  it('acknowledges only findings that exist, each narrowly and with a reason', () => {
    const acknowledged: Acknowledgment[] = [];
    const acknowledge = jest.spyOn(Validations.prototype, 'acknowledge').mockImplementation((...rules) => {
      acknowledged.push(...rules);
    });
    const unacknowledged = findings(context).map((finding) => finding.split(' at ')[0]);
    acknowledge.mockRestore();

    expect(new Set(unacknowledged)).toEqual(new Set(acknowledged.map((rule) => rule.id)));
    for (const rule of acknowledged) {
      if (rule.id.startsWith('AwsSolutions-IAM5'))
        expect(rule.id).toMatch(/^AwsSolutions-IAM5\[Resource::.+\]$/);
      expect(rule.reason.length).toBeGreaterThan(40);
    }
  });
});

describe('the app', () => {
  it('runs cdk-nag on synth, so a new unacknowledged wildcard stops it', () => {
    const { app, stack } = buildApp({ context: { 'aws:cdk:bundling-stacks': [] } });
    new iam.ManagedPolicy(stack, 'Overreach', {
      statements: [new iam.PolicyStatement({ actions: ['sagemaker:*'], resources: ['*'] })],
    });
    expect(() => app.synth()).toThrow(/AwsSolutions-IAM5\[Action::sagemaker:\*\]/);
  });
});
