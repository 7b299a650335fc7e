import 'aws-sdk-client-mock-jest';

// Unit tests never reach AWS: a region keeps clients constructible, dummy keys keep the chain quiet.
process.env.AWS_REGION ??= 'eu-west-1';
process.env.AWS_ACCESS_KEY_ID ??= 'test';
process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
