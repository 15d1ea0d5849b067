/**
 * jest globalSetup: builds what `npm run prepare` builds — scripts/ compiled into build/ (a few
 * seconds) and the office's page bundled into build/page (page/build.js) — before any test, so the
 * tests that run built code — the load pool's worker threads, the CLI in a child process, the
 * served page, the packed package — never run a stale build, and no test rebuilds it under another.
 */
const { execFileSync } = require('node:child_process');
const path = require('node:path');

module.exports = async function buildOnce() {
  const root = path.resolve(__dirname, '..', '..');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, [path.join(root, 'page', 'build.js')], { cwd: root, stdio: 'inherit' });
};
