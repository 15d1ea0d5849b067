/**
 * Builds the task pane into dist/: taskpane.html + commands.html + help.html, icons, and the
 * manifest with the dev URL (https://localhost:3000/) swapped for the production address.
 *   npm run build       production (ADDIN_PUBLIC_URL=https://host/path/ sets the address)
 *   npm run build:dev   development build
 *   npm run dev-server  https://localhost:3000 with the Office dev certificates
 * The pane must not pull Node built-ins: exceljs is aliased to its browser build, and
 * `resolve.fallback` is left empty so a stray `fs`/`path` import fails the build.
 */
const path = require('node:path');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyWebpackPlugin = require('copy-webpack-plugin');
const TerserPlugin = require('terser-webpack-plugin');

const DEV_URL = 'https://localhost:3000/';
const DEFAULT_PROD_URL = 'https://addin.example.org/review-forms/';

function productionUrl() {
  const url = process.env.ADDIN_PUBLIC_URL || DEFAULT_PROD_URL;
  if (!/^https:\/\/[^/]+\/(.*\/)?$/.test(url)) {
    throw new Error(`ADDIN_PUBLIC_URL must be an https URL ending with "/", got "${url}"`);
  }
  return url;
}

/** The manifest with every dev URL replaced: pages and icons by the public URL, AppDomain by its origin. */
function productionManifest(xml, publicUrl) {
  return xml.split(DEV_URL).join(publicUrl).split(DEV_URL.replace(/\/$/, '')).join(new URL(publicUrl).origin);
}

/** Writes dist/build-info.json, so `npm run validate` knows whether dist/ is a production build. */
class BuildInfoPlugin {
  constructor(info) {
    this.info = info;
  }
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('BuildInfoPlugin', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'BuildInfoPlugin', stage: compiler.webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
        compilation.emitAsset('build-info.json', new compiler.webpack.sources.RawSource(`${JSON.stringify(this.info, null, 2)}\n`));
      });
    });
  }
}

async function httpsOptions() {
  // Loaded only for the dev server, so a production build needs no certificates.
  const devCerts = require('office-addin-dev-certs');
  return devCerts.getHttpsServerOptions();
}

module.exports = async (env, options) => {
  const dev = options.mode === 'development';
  const publicUrl = dev ? DEV_URL : productionUrl();
  const config = {
    devtool: dev ? 'source-map' : false,
    entry: {
      taskpane: './addin/taskpane/index.ts',
      commands: './addin/taskpane/commands.ts',
    },
    output: {
      path: path.resolve(__dirname, 'dist'),
      filename: '[name].[contenthash:8].js',
      chunkFilename: '[name].[contenthash:8].js',
      clean: true,
    },
    resolve: {
      extensions: ['.ts', '.js'],
      alias: { exceljs$: path.resolve(__dirname, 'node_modules/exceljs/dist/exceljs.min.js') },
    },
    module: {
      rules: [
        {
          test: /\.ts$/,
          exclude: /node_modules/,
          use: { loader: 'swc-loader', options: { jsc: { parser: { syntax: 'typescript' }, target: 'es2019' } } },
        },
        { test: /\.css$/, type: 'asset/source' },
      ],
      // exceljs's browser bundle is prebuilt; parsing it again only costs time.
      noParse: /exceljs\.min\.js$/,
    },
    performance: { hints: false },
    optimization: {
      // exceljs ships minified; minifying its chunk again only costs build time.
      minimizer: [new TerserPlugin({ exclude: /^exceljs\./ })],
      splitChunks: { cacheGroups: { exceljs: { test: /exceljs\.min\.js$/, name: 'exceljs', chunks: 'async', enforce: true } } },
    },
    plugins: [
      new BuildInfoPlugin({ mode: dev ? 'development' : 'production', publicUrl }),
      new HtmlWebpackPlugin({ filename: 'taskpane.html', template: './addin/taskpane/taskpane.html', chunks: ['taskpane'] }),
      new HtmlWebpackPlugin({ filename: 'commands.html', template: './addin/taskpane/commands.html', chunks: ['commands'] }),
      new CopyWebpackPlugin({
        patterns: [
          { from: 'addin/assets/*.png', to: 'assets/[name][ext]' },
          { from: 'addin/taskpane/help.html', to: 'help.html' },
          {
            from: 'manifest.xml',
            to: 'manifest.xml',
            transform: (content) => (dev ? content : productionManifest(content.toString(), publicUrl)),
          },
        ],
      }),
    ],
    devServer: {
      port: 3000,
      headers: { 'Access-Control-Allow-Origin': '*' },
      static: { directory: path.resolve(__dirname, 'dist') },
    },
  };
  // webpack-cli passes WEBPACK_SERVE in `env` for `webpack serve`.
  if (dev && (env?.WEBPACK_SERVE || process.env.WEBPACK_SERVE)) {
    config.devServer.server = { type: 'https', options: await httpsOptions() };
  }
  return config;
};
