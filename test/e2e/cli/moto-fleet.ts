import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { useEmulator } from '../../../scripts/emulator/emulated-aws';
import { createModels, type ModelSpec } from '../../../scripts/emulator/model-fleet';
import { startMotoServer, type MotoServer } from '../../../scripts/emulator/moto-server';

export const SUBNET_A = 'subnet-0a1b2c3d4e5f60718';
export const SUBNET_B = 'subnet-1a2b3c4d';
export const SECURITY_GROUP = 'sg-0123456789abcdef0';
/** A container Environment value that must never appear in any output. */
export const SECRET = 'db-password-4f9c2e71';
export const EXEMPTION_TAG = 'vpc-exempt=approved';

/** The rule parameters of the audit runs: an allow-list, plus an exemption tag. */
export const AUDIT_RULE_FLAGS = ['--subnet-ids', `${SUBNET_A},${SUBNET_B}`, '--exemption-tag', EXEMPTION_TAG];

export interface ExpectedModel extends ModelSpec {
  readonly region: 'eu-west-1' | 'us-east-1';
  /** The verdict under AUDIT_RULE_FLAGS. */
  readonly expected: 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE';
}

const inVpc = (...subnets: string[]) => ({ Subnets: subnets, SecurityGroupIds: [SECURITY_GROUP] });

export const FLEET: readonly ExpectedModel[] = [
  { region: 'eu-west-1', name: 'fraud-scorer', vpcConfig: inVpc(SUBNET_A, SUBNET_B), expected: 'COMPLIANT' },
  {
    region: 'eu-west-1',
    name: 'legacy-public',
    environment: { DB_PASSWORD: SECRET },
    tags: { team: 'risk' },
    expected: 'NON_COMPLIANT',
  },
  {
    region: 'eu-west-1',
    name: 'empty-subnets',
    vpcConfig: { Subnets: [], SecurityGroupIds: [SECURITY_GROUP] },
    expected: 'NON_COMPLIANT',
  },
  {
    region: 'eu-west-1',
    name: 'default-sg',
    vpcConfig: { Subnets: [SUBNET_A], SecurityGroupIds: ['default'] },
    expected: 'NON_COMPLIANT',
  },
  {
    region: 'eu-west-1',
    name: 'other-subnet',
    vpcConfig: inVpc('subnet-99999999'),
    expected: 'NON_COMPLIANT',
  },
  { region: 'us-east-1', name: 'sandbox', tags: { 'vpc-exempt': 'approved' }, expected: 'NOT_APPLICABLE' },
  {
    region: 'us-east-1',
    name: 'wrong-exemption',
    tags: { 'vpc-exempt': 'pending' },
    expected: 'NON_COMPLIANT',
  },
  {
    region: 'us-east-1',
    name: 'recommender',
    vpcConfig: inVpc(SUBNET_B),
    environment: { API_KEY: SECRET },
    expected: 'COMPLIANT',
  },
];

/** moto on a free port, with the fleet created in both regions; the SDK points at it until stop. */
export async function startFleet(): Promise<MotoServer> {
  const moto = await startMotoServer();
  useEmulator(moto.endpoint);
  for (const region of ['eu-west-1', 'us-east-1'] as const) {
    const client = new SageMakerClient({ region });
    await createModels(
      client,
      FLEET.filter((model) => model.region === region),
    );
    client.destroy();
  }
  return moto;
}
