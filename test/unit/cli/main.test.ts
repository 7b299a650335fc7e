import { main, MAIN_HELP } from '../../../cli/main';
import { AUDIT_HELP } from '../../../cli/audit/options';
import { PLAN_FIX_HELP } from '../../../cli/plan-fix/options';
import { captureIo } from './capture-io';

async function run(...argv: string[]) {
  const captured = captureIo();
  const code = await main(argv, captured.io);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

describe('command dispatch', () => {
  it('prints help on stdout and exits 0 when asked', async () => {
    expect(await run('--help')).toEqual({ code: 0, stdout: MAIN_HELP, stderr: '' });
    expect(await run('audit', '--help')).toEqual({ code: 0, stdout: AUDIT_HELP, stderr: '' });
    expect(await run('plan-fix', '-h')).toEqual({ code: 0, stdout: PLAN_FIX_HELP, stderr: '' });
  });

  it('exits 2 with the usage on stderr for a missing or unknown command', async () => {
    expect(await run()).toEqual({ code: 2, stdout: '', stderr: `error: no command given\n\n${MAIN_HELP}` });
    expect(await run('audits')).toEqual({
      code: 2,
      stdout: '',
      stderr: `error: unknown command 'audits'\n\n${MAIN_HELP}`,
    });
  });

  it('turns a usage error into one line on stderr and exit code 2, before any AWS call', async () => {
    expect(await run('audit', '--require-network-isolation=yes')).toEqual({
      code: 2,
      stdout: '',
      stderr:
        "error: Option '--require-network-isolation' does not take an argument. Run 'sagemaker-model-vpc audit --help' for usage.\n",
    });
  });

  it('routes scan to its own command', async () => {
    expect((await run('scan', '--help')).code).toBe(0);
  });
});
