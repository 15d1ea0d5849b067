/**
 * Builds the office's page into build/page/ (index.html, style.css, app.js) for `review-forms
 * serve`: page/main.ts bundled by webpack with swc, no source maps, nothing fetched at run time.
 * Run by `npm run prepare` (so by `npm ci`, `npm pack`, the demo and the tests that serve it).
 */
const { promises: fs } = require('node:fs');
const path = require('node:path');
const webpack = require('webpack');

const root = path.resolve(__dirname, '..');
const out = path.join(root, 'build', 'page');

function bundle() {
  const config = {
    mode: 'production',
    devtool: false,
    context: root,
    entry: path.join(__dirname, 'main.ts'),
    output: { path: out, filename: 'app.js' },
    resolve: { extensions: ['.ts', '.js'] },
    module: {
      rules: [
        { test: /\.ts$/, exclude: /node_modules/, use: { loader: 'swc-loader', options: { jsc: { parser: { syntax: 'typescript' }, target: 'es2019' } } } },
      ],
    },
    performance: { hints: false },
  };
  return new Promise((resolve, reject) => {
    webpack(config, (err, stats) => {
      if (err) return reject(err);
      if (stats.hasErrors()) return reject(new Error(stats.toString({ all: false, errors: true })));
      resolve();
    });
  });
}

async function main() {
  await fs.mkdir(out, { recursive: true });
  await Promise.all(['index.html', 'style.css'].map((f) => fs.copyFile(path.join(__dirname, f), path.join(out, f))));
  await bundle();
}

main().catch((err) => {
  process.stderr.write(`页面构建失败：${err.stack ?? err}\n`);
  process.exitCode = 1;
});
