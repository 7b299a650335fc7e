import { forEachConcurrently } from '../../aws/concurrency';
import { DEFAULT_SWEEP_CONCURRENCY } from '../../aws/sagemaker-models';
import type { CliIo } from '../process-io';
import { AuditProgress } from '../progress';
import { exitCodeFor, formatReport, reportErrorsOnStderr } from '../report';
import type { Finding } from '../report/finding';
import { sageMakerClientFor } from '../sagemaker';
import { auditRegion, WHOLE_REGION } from './audit-region';
import { AUDIT_HELP, parseAuditOptions } from './options';
import { resolveRegions } from './regions';

/** Regions swept at once; each also describes DEFAULT_SWEEP_CONCURRENCY models at once. */
const REGION_CONCURRENCY = 4;

export async function runAuditCommand(args: readonly string[], io: CliIo): Promise<number> {
  const options = parseAuditOptions(args, io);
  if (options.help) {
    io.stdout(AUDIT_HELP);
    return 0;
  }
  const progress = new AuditProgress(io);
  const findingsByRegion = new Map<string, Finding[]>();
  let regions: readonly string[];
  try {
    if (options.regions.kind === 'all-enabled') progress.listingRegions();
    regions = await resolveRegions(options.regions, options.profile);
    progress.auditing(regions);
    await forEachConcurrently(regions, REGION_CONCURRENCY, async (region) => {
      const client = sageMakerClientFor(region, options.profile);
      progress.regionStarted(region);
      try {
        findingsByRegion.set(
          region,
          await auditRegion(client, region, options.rule.parameters, DEFAULT_SWEEP_CONCURRENCY, () =>
            progress.modelJudged(),
          ),
        );
      } finally {
        progress.regionFinished(region);
        client.destroy();
      }
    });
  } finally {
    progress.finish();
  }

  // Regions in the order asked, models by name: the same account gives the same report.
  const findings = regions.flatMap((region) =>
    (findingsByRegion.get(region) ?? []).sort((a, b) => a.resource.localeCompare(b.resource)),
  );
  reportErrorsOnStderr(findings, io, (finding) =>
    finding.resource === WHOLE_REGION ? finding.location : `${finding.location}/${finding.resource}`,
  );
  io.stdout(
    formatReport(findings, options.format, {
      command: 'audit',
      parameters: options.rule.raw,
      scope: regions,
      generatedAt: new Date(),
      warnings: [],
    }),
  );
  return exitCodeFor(findings);
}
