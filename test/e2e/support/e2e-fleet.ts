import {
  ALLOWED_SUBNETS,
  DEMO_FLEET,
  EXEMPTION_TAG,
  SECURITY_GROUP,
} from '../../../scripts/emulator/demo-fleet';
import type { ModelSpec } from '../../../scripts/emulator/model-fleet';

export interface ExpectedVerdict {
  readonly compliance: 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE';
  readonly annotation: string;
  /** moto describes a model created without VpcConfig as `VpcConfig: {}`, so the sweep sees that shape. */
  readonly sweepAnnotation?: string;
}

export interface FleetModel extends ModelSpec {
  readonly expected: ExpectedVerdict;
}

/** Container environment values that must never appear in a log or an evaluation. */
export const E2E_SECRET = 'e2e-api-token-7f3a9c-must-not-leak';

const NO_VPC: ExpectedVerdict = {
  compliance: 'NON_COMPLIANT',
  annotation: 'VpcConfig is absent: the model is not in a VPC',
  sweepAnnotation: 'VpcConfig is empty: the model is not in a VPC',
};
const NOT_ALLOWED: ExpectedVerdict = {
  compliance: 'NON_COMPLIANT',
  annotation: 'subnets not in the allow-list: subnet-99999999',
};

const demoModel = (name: string): ModelSpec => {
  const spec = DEMO_FLEET.find((model) => model.name === name);
  if (!spec) throw new Error(`DEMO_FLEET has no model ${name}`);
  return spec;
};

/** One model per case the rule must tell apart, the demo's fleet included so its output is tested too. */
export const NAMED_FLEET: readonly FleetModel[] = [
  {
    ...demoModel('fraud-scoring-v3'),
    expected: { compliance: 'COMPLIANT', annotation: 'VpcConfig has 2 subnets and 1 security group' },
  },
  { ...demoModel('churn-model-public'), expected: NO_VPC },
  {
    ...demoModel('forecast-empty-subnets'),
    expected: { compliance: 'NON_COMPLIANT', annotation: 'VpcConfig.Subnets is empty' },
  },
  {
    ...demoModel('recsys-default-sg'),
    expected: {
      compliance: 'NON_COMPLIANT',
      annotation: "VpcConfig.SecurityGroupIds has invalid security group IDs: 'default'",
    },
  },
  { ...demoModel('pricing-other-subnet'), expected: NOT_ALLOWED },
  {
    ...demoModel('legacy-batch-exempt'),
    expected: { compliance: 'NOT_APPLICABLE', annotation: 'Exempted by tag vpc-exempt=approved' },
  },
  {
    name: 'secret-env-no-vpc',
    environment: { API_TOKEN: E2E_SECRET, LOG_LEVEL: 'info' },
    expected: NO_VPC,
  },
  {
    name: 'default-subnet',
    vpcConfig: { Subnets: ['default'], SecurityGroupIds: [SECURITY_GROUP] },
    environment: { API_TOKEN: E2E_SECRET },
    expected: {
      compliance: 'NON_COMPLIANT',
      annotation: "VpcConfig.Subnets has invalid subnet IDs: 'default'",
    },
  },
  {
    name: 'both-lists-empty',
    vpcConfig: { Subnets: [], SecurityGroupIds: [] },
    expected: {
      compliance: 'NON_COMPLIANT',
      annotation: 'VpcConfig.Subnets is empty; VpcConfig.SecurityGroupIds is empty',
    },
  },
  {
    name: 'exemption-tag-other-value',
    tags: { [EXEMPTION_TAG.key]: 'pending' },
    expected: NO_VPC,
  },
  {
    name: 'one-subnet-two-groups',
    vpcConfig: { Subnets: [ALLOWED_SUBNETS[0]], SecurityGroupIds: [SECURITY_GROUP, 'sg-89abcdef'] },
    environment: { API_TOKEN: E2E_SECRET },
    expected: { compliance: 'COMPLIANT', annotation: 'VpcConfig has 1 subnet and 2 security groups' },
  },
];

/** Enough models to need three ListModels pages of 100; each repeats a named case. */
export function bulkFleet(count: number): FleetModel[] {
  return Array.from({ length: count }, (_, index) => {
    const template = NAMED_FLEET[index % NAMED_FLEET.length] as FleetModel;
    return { ...template, name: `bulk-${String(index).padStart(3, '0')}-${template.name}` };
  });
}
