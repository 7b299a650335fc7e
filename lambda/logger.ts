import { Logger } from '@aws-lambda-powertools/logger';

/** Structured JSON logs. Log counts, names and error messages only: API responses can hold secrets. */
export const logger = new Logger({ serviceName: 'sagemaker-model-vpc-rule' });
