// Runs before any module of a test file loads, so that the SDK and the logger read these as they start.

// Unit tests never reach AWS: a region keeps clients constructible, dummy keys keep the chain quiet.
process.env.AWS_REGION ??= 'eu-west-1';
process.env.AWS_ACCESS_KEY_ID ??= 'test';
process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
// The SDK's notice that its 2027 releases need Node.js 22 is not a test result (README: Node.js 22 is recommended).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
// The handler's log lines are not test output; tests that check logs turn them on (captureOutput).
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
