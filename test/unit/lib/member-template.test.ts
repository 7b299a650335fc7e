import { readFileSync, statSync } from 'node:fs';
import { Script } from 'node:vm';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../../app/app';
import { TEMPLATE_URL_MAX_BYTES } from '../../../lib/member-template';
import { onlyLogicalId } from './synth';

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown>; Metadata?: unknown }>;
interface CfnTemplate {
  Parameters?: unknown;
  Rules?: unknown;
  Resources: Resources;
  Outputs?: unknown;
}

/** The most CloudFormation unzips from an inline ZipFile: the zip "cannot exceed 4MB", and code only shrinks in it. */
const ZIP_FILE_MAX_BYTES = 4 * 1024 * 1024;
const RULE_CONTEXT = {
  subnetIds: 'subnet-0123456789abcdef0',
  requireNetworkIsolation: 'true',
  ruleName: 'models-in-vpc',
  timeoutMinutes: '12',
  refreshDays: '14',
};

/** Resources without the function's code and CDK's path metadata: what must be the same in both templates. */
function withoutCode(resources: Resources): Resources {
  const copy = structuredClone(resources);
  for (const resource of Object.values(copy)) {
    delete resource.Metadata;
    if (resource.Type === 'AWS::Lambda::Function') delete resource.Properties?.Code;
  }
  return copy;
}

describe('the member template the StackSet deploys', () => {
  let file: string;
  let text: string;
  let member: CfnTemplate;
  let handDeployed: CfnTemplate;
  let functionId: string;

  beforeAll(() => {
    const { stack, organizationStack } = buildApp({
      context: {
        ...RULE_CONTEXT,
        organizationalUnitIds: 'ou-ab12-11111111',
        regions: 'eu-west-1',
        'aws:cdk:bundling-stacks': [],
      },
    });
    file = organizationStack!.memberTemplate.file;
    text = readFileSync(file, 'utf8');
    member = JSON.parse(text) as CfnTemplate;
    handDeployed = Template.fromStack(stack).toJSON() as CfnTemplate;
    functionId = onlyLogicalId(Template.fromJSON(member), 'AWS::Lambda::Function');
  });

  describe('is self-contained: it deploys in an account and region CDK never bootstrapped', () => {
    it('has no parameters (asset or otherwise) and no bootstrap version rule', () => {
      expect(member.Parameters).toBeUndefined();
      expect(member.Rules).toBeUndefined();
      expect(handDeployed.Parameters).toHaveProperty('BootstrapVersion');
    });

    it('names no CDK bootstrap bucket, role or asset', () => {
      expect(text).not.toMatch(/cdk-hnb659fds|AssetParameters|aws:asset:|BootstrapVersion/);
    });

    it('carries the handler inline, loaded as index.handler', () => {
      const code = member.Resources[functionId]!.Properties!.Code as Record<string, unknown>;
      expect(Object.keys(code)).toEqual(['ZipFile']);
      expect(member.Resources[functionId]!.Properties!.Handler).toBe('index.handler');
    });
  });

  it('is the stack deployed by hand, with the same settings, but for where its code comes from', () => {
    expect(withoutCode(member.Resources)).toEqual(withoutCode(handDeployed.Resources));
    expect(member.Outputs).toEqual(handDeployed.Outputs);
    Template.fromJSON(member).hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ SWEEP_REPORTING: 'delta', SWEEP_REFRESH_DAYS: '14' }) },
    });
    Template.fromJSON(member).hasResourceProperties('AWS::Config::ConfigRule', {
      ConfigRuleName: 'models-in-vpc',
      InputParameters: { subnetIds: 'subnet-0123456789abcdef0', requireNetworkIsolation: 'true' },
    });
  });

  it('names none of its IAM resources, so CAPABILITY_IAM (not NAMED_IAM) is what the StackSet needs', () => {
    const iam = Object.values(member.Resources).filter((resource) => resource.Type.startsWith('AWS::IAM::'));
    expect(iam.length).toBeGreaterThan(0);
    for (const resource of iam) {
      expect(Object.keys(resource.Properties ?? {})).not.toEqual(
        expect.arrayContaining([expect.stringMatching(/^(RoleName|ManagedPolicyName|GroupName|UserName)$/)]),
      );
    }
  });

  it('fits what CloudFormation reads from S3 (1 MB), and its code what an inline ZipFile holds (4 MB)', () => {
    expect(statSync(file).size).toBeLessThanOrEqual(TEMPLATE_URL_MAX_BYTES);
    const code = (member.Resources[functionId]!.Properties!.Code as { ZipFile: string }).ZipFile;
    expect(Buffer.byteLength(code)).toBeLessThanOrEqual(ZIP_FILE_MAX_BYTES);
  });

  it('carries inline code that is a script, not an ES module: CloudFormation loads index.js as CommonJS', () => {
    const code = (member.Resources[functionId]!.Properties!.Code as { ZipFile: string }).ZipFile;
    expect(() => new Script(code, { filename: 'index.js' })).not.toThrow();
    expect(code).not.toContain('Dynamic require of');
  });
});
