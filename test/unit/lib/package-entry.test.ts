import * as evaluatorEntry from '../../../evaluator/index';
import * as packageEntry from '../../../lib/index';

describe('the package entries', () => {
  it('export the construct, the stacks, the Aspect and the function construct for CDK apps', () => {
    const exported = packageEntry as Record<string, unknown>;
    for (const name of [
      'SageMakerModelVpcRule',
      'SageMakerModelVpcRuleStack',
      'SageMakerModelVpcRuleOrganizationStack',
      'SageMakerModelVpcChecks',
      'RuleFunction',
    ]) {
      expect({ name, type: typeof exported[name] }).toEqual({ name, type: 'function' });
    }
  });

  it('export the evaluator from the main entry and from its own, the same values', () => {
    expect(Object.keys(evaluatorEntry)).toEqual(
      expect.arrayContaining([
        'evaluateModel',
        'parseRuleParameters',
        'evaluateModelResource',
        'modelFactsFromRecordedItem',
        'modelFactsFromDescribeModel',
      ]),
    );
    for (const [name, value] of Object.entries(evaluatorEntry)) {
      expect({ name, value: (packageEntry as Record<string, unknown>)[name] }).toEqual({ name, value });
    }
  });
});
