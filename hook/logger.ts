import { Logger } from '@aws-lambda-powertools/logger';

/**
 * Structured JSON logs. Log the target's type and logical ID, verdicts and error messages only: the
 * resource properties hold the containers' `Environment`, which can hold secrets.
 */
export const logger = new Logger({ serviceName: 'sagemaker-model-vpc-hook' });
