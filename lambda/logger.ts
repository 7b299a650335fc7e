import { Logger } from '@aws-lambda-powertools/logger';

/** Structured JSON logs. Log counts, names and error messages only: API responses can hold secrets. */
export const logger = new Logger({ serviceName: 'sagemaker-model-vpc-rule' });

/** A resource an error or a log line names, and why. */
export interface NamedItem {
  readonly resource: string;
  readonly reason: string;
}

/** Resources per log line when every one is named: each line stays well under CloudWatch's 256 KB. */
export const ITEMS_PER_LOG_LINE = 100;

/**
 * Names every item, in structured lines of ITEMS_PER_LOG_LINE, numbered `part` of `parts`: an error
 * names only the first few, and an operator must be able to find each of the rest.
 */
export function logEveryItem(message: string, items: readonly NamedItem[]): void {
  const parts = Math.ceil(items.length / ITEMS_PER_LOG_LINE);
  for (let part = 0; part < parts; part += 1) {
    logger.error(message, {
      part: part + 1,
      parts,
      items: items.slice(part * ITEMS_PER_LOG_LINE, (part + 1) * ITEMS_PER_LOG_LINE),
    });
  }
}

/** Items an error names; the log names every one. */
const NAMED_IN_ERROR = 10;

/** The first items, each with its reason, and where the rest are named. */
export function firstNamed(items: readonly NamedItem[], logMessage: string): string {
  const shown = items.slice(0, NAMED_IN_ERROR).map((item) => `${item.resource} (${item.reason})`);
  const more =
    items.length > shown.length
      ? `; and ${items.length - shown.length} more, each in the log lines '${logMessage}'`
      : '';
  return `${shown.join('; ')}${more}`;
}
