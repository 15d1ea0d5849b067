/**
 * jest globalSetup: compiles scripts/ into build/ (`npm run prepare`, a few seconds) before any
 * test, so the tests that run compiled code — the load pool's worker threads, the CLI in a child
 * process — never run a stale build.
 */
const { execFileSync } = require('node:child_process');
const path = require('node:path');

module.exports = async function buildOnce() {
  const root = path.resolve(__dirname, '..', '..');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
};
