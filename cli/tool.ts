import packageJson from '../package.json';

/** How reports name the tool that produced them. */
export const TOOL_NAME = 'sagemaker-model-vpc';
export const TOOL_VERSION: string = packageJson.version;
