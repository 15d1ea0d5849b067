/**
 * Builds the task pane into dist/: taskpane.html + commands.html + help.html, icons, and the
 * manifest with the dev Id and URL (https://localhost:3000/) swapped for the production ones.
 *   npm run build       production: ADDIN_PUBLIC_URL=https://host/path/ is required
 *   npm run build:dev   development build
 *   npm run dev-server  https://localhost:3000 with the Office dev certificates
 * The pane must not pull Node built-ins: exceljs is aliased to its browser build, and
 * `resolve.fallback` is left empty so a stray `fs`/`path` import fails the build.
 *
 * Older Office runs the pane in Internet Explorer 11 or Edge Legacy (docs/addin.md), so every
 * script the pane starts with is ES5: our code and the packages it bundles (zod, @noble/hashes)
 * go through swc for IE 11 with core-js polyfills for what they use, and webpack's own runtime is
 * ES5. Only the exceljs chunk (生成汇总) stays as exceljs ships it (ES2018); the pane checks that
 * the engine can run it before loading it. The browser test parses every script of the build at
 * its level (test/addin/browser/es-levels.ts).
 */
const path = require('node:path');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyWebpackPlugin = require('copy-webpack-plugin');
const TerserPlugin = require('terser-webpack-plugin');

const DEV_URL = 'https://localhost:3000/';
/** manifest.xml carries the development Id; a production build writes this one. */
const DEV_ID = '0c9e4a71-5b3d-4f2a-8e6c-1d7b9a3f5e20';
const PRODUCTION_ID = '6f1b7d3e-2c4a-4e8b-9a51-3d7c0e2f8a64';

function productionUrl(env) {
  const url = (env && env.ADDIN_PUBLIC_URL) || process.env.ADDIN_PUBLIC_URL;
  if (!url) {
    throw new Error(
      [
        '没有设置 ADDIN_PUBLIC_URL：正式构建需要任务窗格所在的 https 地址（以 / 结尾）。',
        'ADDIN_PUBLIC_URL is not set: the production build needs the https address dist/ will be served from, ending with "/".',
        '例 / e.g.  ADDIN_PUBLIC_URL=https://intranet.example.edu.cn/review-forms/ npm run build   (docs/addin.md)',
      ].join('\n'),
    );
  }
  if (!/^https:\/\/[^/]+\/(.*\/)?$/.test(url)) {
    throw new Error(`ADDIN_PUBLIC_URL 必须是以 / 结尾的 https 地址 / must be an https URL ending with "/", got "${url}"`);
  }
  return url;
}

/** The manifest with the production Id and every dev URL replaced: pages and icons by the public URL, AppDomain by its origin. */
function productionManifest(xml, publicUrl) {
  if (!xml.includes(`<Id>${DEV_ID}</Id>`)) throw new Error(`manifest.xml: expected the development <Id>${DEV_ID}</Id>`);
  return xml
    .replace(`<Id>${DEV_ID}</Id>`, `<Id>${PRODUCTION_ID}</Id>`)
    .split(DEV_URL)
    .join(publicUrl)
    .split(DEV_URL.replace(/\/$/, ''))
    .join(new URL(publicUrl).origin);
}

/** swc for Internet Explorer 11: ES5 syntax, and core-js polyfills for the built-ins the code uses. */
function swcForIe11(syntax) {
  return {
    loader: 'swc-loader',
    options: {
      jsc: { parser: { syntax }, externalHelpers: false },
      env: {
        targets: 'ie 11',
        mode: 'usage',
        coreJs: require('core-js/package.json').version,
        // zod mentions URL for z.url(), which the forms never use: no URL polyfill (60 KB).
        exclude: [
          'web.url',
          'web.url.constructor',
          'web.url.to-json',
          'web.url.can-parse',
          'web.url.parse',
          'web.url-search-params',
          'web.url-search-params.constructor',
          'web.url-search-params.delete',
          'web.url-search-params.has',
          'web.url-search-params.size',
        ],
      },
      // core-js's injected imports are CommonJS-safe either way; keep each module's own kind.
      isModule: 'unknown',
    },
  };
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

const webpackConfig = async (env, options) => {
  const dev = options.mode === 'development';
  const publicUrl = dev ? DEV_URL : productionUrl(env);
  const config = {
    devtool: dev ? 'source-map' : false,
    // webpack's runtime and module wrappers in ES5 too.
    target: ['web', 'es5'],
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
        { test: /\.ts$/, exclude: /node_modules/, use: swcForIe11('typescript') },
        // Packages bundled into the pane (zod ships ES2020); core-js is already ES5 and must not polyfill itself.
        { test: /\.[cm]?js$/, include: /node_modules/, exclude: [/node_modules[\\/]core-js[\\/]/, /exceljs\.min\.js$/], use: swcForIe11('ecmascript') },
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

module.exports = Object.assign(webpackConfig, { DEV_ID, PRODUCTION_ID, productionManifest, productionUrl });
