/** Builds, with webpack's Node API, the production pane (dist/) and the fake office.js bundle. */
import path from 'node:path';
import webpack from 'webpack';

const root = path.resolve(__dirname, '..', '..', '..');

function run(config: webpack.Configuration): Promise<void> {
  return new Promise((resolve, reject) => {
    webpack(config, (err, stats) => {
      if (err) return reject(err);
      if (stats?.hasErrors()) return reject(new Error(stats.toString({ all: false, errors: true })));
      resolve();
    });
  });
}

/** The address the test serves the production build from (page.route answers it offline). */
export const PANE_ORIGIN = 'https://addin.test';

export async function buildPane(): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const factory = require(path.join(root, 'webpack.config.js')) as (env: unknown, argv: { mode: string }) => Promise<webpack.Configuration>;
  const config = await factory({ ADDIN_PUBLIC_URL: `${PANE_ORIGIN}/` }, { mode: 'production' });
  const outDir = path.join(root, 'test-artifacts', 'pane-dist');
  await run({ ...config, output: { ...config.output, path: outDir } });
  return outDir;
}

export async function buildFakeHost(): Promise<string> {
  const outDir = path.join(root, 'test-artifacts');
  await run({
    mode: 'development',
    devtool: false,
    entry: path.join(__dirname, 'host-entry.ts'),
    output: { path: outDir, filename: 'fake-office.js' },
    resolve: { extensions: ['.ts', '.js'] },
    module: {
      rules: [
        { test: /\.ts$/, exclude: /node_modules/, use: { loader: 'swc-loader', options: { jsc: { parser: { syntax: 'typescript' }, target: 'es2019' } } } },
      ],
    },
  });
  return path.join(outDir, 'fake-office.js');
}
