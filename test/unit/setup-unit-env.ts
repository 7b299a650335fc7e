// CDK's own CloudFormation validation of every synthesized template takes most of a CDK test's time and
// checks CDK, not this project; the end-to-end layer synthesizes the real app with it, and CI runs
// cfn-lint on the templates.
process.env.CDK_VALIDATION = 'false';
