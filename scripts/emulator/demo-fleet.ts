import type { ModelSpec } from './model-fleet';
import type { RuleParameterStrings } from './config-events';

export const ALLOWED_SUBNETS = ['subnet-0a1b2c3d4e5f60718', 'subnet-1a2b3c4d'] as const;
export const SECURITY_GROUP = 'sg-0123456789abcdef0';
export const EXEMPTION_TAG = { key: 'vpc-exempt', value: 'approved' } as const;
/** Stored in a container environment to show that the rule never repeats it. */
export const DEMO_SECRET = 'demo-db-password-never-printed';

export const DEMO_RULE_PARAMETERS: RuleParameterStrings = {
  subnetIds: ALLOWED_SUBNETS.join(','),
  exemptionTag: `${EXEMPTION_TAG.key}=${EXEMPTION_TAG.value}`,
};

/** One model per verdict a reader should recognise. */
export const DEMO_FLEET: readonly ModelSpec[] = [
  {
    name: 'fraud-scoring-v3',
    vpcConfig: { Subnets: [...ALLOWED_SUBNETS], SecurityGroupIds: [SECURITY_GROUP] },
    environment: { DB_PASSWORD: DEMO_SECRET },
  },
  { name: 'churn-model-public' },
  { name: 'forecast-empty-subnets', vpcConfig: { Subnets: [], SecurityGroupIds: [SECURITY_GROUP] } },
  { name: 'recsys-default-sg', vpcConfig: { Subnets: [ALLOWED_SUBNETS[1]], SecurityGroupIds: ['default'] } },
  {
    name: 'pricing-other-subnet',
    vpcConfig: { Subnets: ['subnet-99999999'], SecurityGroupIds: [SECURITY_GROUP] },
  },
  { name: 'legacy-batch-exempt', tags: { [EXEMPTION_TAG.key]: EXEMPTION_TAG.value } },
];

/** A model Config still holds a verdict for, though it was deleted before the demo starts. */
export const RETIRED_MODEL = 'retired-model-v1';
