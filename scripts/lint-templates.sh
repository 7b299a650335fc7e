#!/usr/bin/env bash
# Lints what users deploy: the CDK app's CloudFormation templates (both deployment modes), the
# organisation stack with the member template its StackSet deploys, and the conformance pack template,
# with cfn-lint; the rule stack and the organisation stack carry the preventive controls (the hook, the
# SCP). Offline, no AWS credentials. Fails on cfn-lint errors; warnings and informational findings are
# printed but do not fail the run.
set -euo pipefail
cd "$(dirname "$0")/.."

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# A synth with every rule parameter set, so the InputParameters path is linted too.
parameters=(-c subnetIds=subnet-0123456789abcdef0 -c securityGroupIds=sg-0123456789abcdef0
  -c requireNetworkIsolation=true -c exemptionTag=vpc-exempt=approved)
# With an alarm topic, so the alarm actions (a region-relative ARN in the member template) are linted too.
alarm_topic=(-c alarmTopicArn=arn:aws:sns:us-east-1:123456789012:rule-alarms)

# The preventive controls: the CloudFormation hook (with its inline code in the member template) and the SCP.
prevention=(-c preventionHook=true -c hookFailureMode=FAIL)
scp=(-c serviceControlPolicy=true -c scpExemptPrincipals=arn:aws:iam::*:role/break-glass)
# With a customer-managed key and readers, so the failed-invocations queue's KMS path is linted too.
queue_protection=(-c failedInvocationsKey=create -c failedInvocationsReaders=arn:aws:iam::123456789012:role/Admin)

npx cdk synth --quiet --no-notices -o "$out/rule" "${parameters[@]}" "${alarm_topic[@]}" "${prevention[@]}" \
  "${queue_protection[@]}"
npx cdk synth --quiet --no-notices -o "$out/pack" "${parameters[@]}" -c deployAs=conformancePack
# The organisation stack (with its aggregator) and the self-contained member template of its StackSet.
npx cdk synth --quiet --no-notices -o "$out/org" "${parameters[@]}" "${alarm_topic[@]}" "${prevention[@]}" \
  "${scp[@]}" -c organizationalUnitIds=ou-abcd-11111111,r-abcd -c regions=eu-west-1,us-east-1
npx tsx scripts/conformance-pack.ts --function-arn arn:aws:lambda:us-east-1:123456789012:function:rule \
  --subnet-ids subnet-0123456789abcdef0 --security-group-ids sg-0123456789abcdef0 \
  --require-network-isolation --exemption-tag vpc-exempt=approved >"$out/conformance-pack.yaml"

# W3005 (DependsOn already implied by a GetAtt): CDK's Lambda construct adds an explicit DependsOn
# on its role on purpose, and it does no harm.
status=0
organization="$out/org/SageMakerModelVpcRuleOrganization"
cfn-lint --ignore-checks W3005 -- "$out"/rule/*.template.json "$out"/pack/*.template.json \
  "$organization.template.json" "$organization".member/*.template.json "$out/conformance-pack.yaml" || status=$?
# cfn-lint's exit code is a bit mask: 2 = error, 4 = warning, 8 = informational; 1 = it could not run.
if (( status & 3 )); then
  echo "cfn-lint found errors in the templates" >&2
  exit 1
fi
echo "cfn-lint: no errors in the synthesized stack (rule mode with the hook, conformance pack mode)," \
  "the organisation stack with its SCP, its StackSet's member template or the conformance pack template"
