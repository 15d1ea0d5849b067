#!/usr/bin/env node
/**
 * `npm run validate`: checks manifest.xml (and dist/manifest.xml when a build made one) offline,
 * against the Office add-in manifest XSDs in addin/manifest-schemas with libxml2 (xmllint-wasm,
 * so no system package is needed), then checks what the XSDs cannot: every `resid` is defined,
 * every icon file exists, and the production manifest has no localhost URL left.
 * `office-addin-manifest validate` asks an online service, so it cannot be the only check.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { validateXML } = require('xmllint-wasm');

const root = path.join(__dirname, '..', '..');
const schemaDir = path.join(root, 'addin', 'manifest-schemas');
const ENTRY = 'OfficeAppManifestV1_1.xsd';

function schemaFiles() {
  return fs
    .readdirSync(schemaDir)
    .filter((f) => f.endsWith('.xsd'))
    .map((fileName) => ({ fileName, contents: fs.readFileSync(path.join(schemaDir, fileName), 'utf8') }));
}

function semanticProblems(xml, { production }) {
  const problems = [];
  const defined = new Set([...xml.matchAll(/<bt:(?:Image|Url|String)\s+id="([^"]+)"/g)].map((m) => m[1]));
  for (const m of xml.matchAll(/resid="([^"]+)"/g)) {
    if (!defined.has(m[1])) problems.push(`resid "${m[1]}" is not defined under <Resources>`);
  }
  const urls = [...xml.matchAll(/(?:DefaultValue|Value)="(https?:[^"]+)"|<AppDomain>([^<]+)</g)].map((m) => m[1] ?? m[2]);
  for (const url of urls) {
    if (!url.startsWith('https://')) problems.push(`URL is not https: ${url}`);
    if (production && /localhost|127\.0\.0\.1/.test(url)) problems.push(`production manifest still points at ${url}`);
    const asset = /\/(assets\/icon-\d+\.png)$/.exec(url);
    if (asset && !fs.existsSync(path.join(root, 'addin', asset[1]))) problems.push(`icon file missing: addin/${asset[1]}`);
  }
  if (!/<Set Name="ExcelApi" MinVersion="1\.\d+"\/>/.test(xml)) problems.push('no <Requirements> set for ExcelApi');
  if (!/<Override Locale="zh-CN"/.test(xml)) problems.push('no zh-CN display name / description override');
  return problems;
}

async function validateFile(file, production) {
  const xml = fs.readFileSync(file, 'utf8');
  const schemas = schemaFiles();
  const entry = schemas.find((s) => s.fileName === ENTRY);
  const result = await validateXML({
    xml: [{ fileName: path.basename(file), contents: xml }],
    schema: [entry],
    preload: schemas.filter((s) => s !== entry),
  });
  const problems = result.errors.map((e) => `${e.loc ? `line ${e.loc.lineNumber}: ` : ''}${e.message}`);
  problems.push(...semanticProblems(xml, { production }));
  return problems;
}

/** Built pages and scripts must not point at the dev server either. */
function localhostInBuild(distDir) {
  return fs
    .readdirSync(distDir)
    .filter((f) => /\.(html|js)$/.test(f))
    .filter((f) => /https?:\/\/localhost|127\.0\.0\.1/.test(fs.readFileSync(path.join(distDir, f), 'utf8')))
    .map((f) => `dist/${f} still refers to localhost`);
}

async function main() {
  const targets = [{ file: path.join(root, 'manifest.xml'), production: false }];
  const dist = path.join(root, 'dist', 'manifest.xml');
  const infoFile = path.join(root, 'dist', 'build-info.json');
  const info = fs.existsSync(infoFile) ? JSON.parse(fs.readFileSync(infoFile, 'utf8')) : { mode: 'production' };
  // A development build keeps the dev URLs on purpose; only a production build must have none.
  if (fs.existsSync(dist)) targets.push({ file: dist, production: info.mode !== 'development' });
  let failed = false;
  for (const { file, production } of targets) {
    const problems = await validateFile(file, production);
    if (production) problems.push(...localhostInBuild(path.dirname(file)));
    const name = path.relative(root, file);
    if (problems.length === 0) {
      console.log(`${name}: valid (Office add-in manifest XSD v1.1${production ? ', production URLs' : ''})`);
    } else {
      failed = true;
      console.error(`${name}: ${problems.length} problem(s)`);
      for (const p of problems) console.error(`  - ${p}`);
    }
  }
  process.exitCode = failed ? 1 : 0;
}

module.exports = { validateFile, semanticProblems };

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
