#!/usr/bin/env node
/** `npm run demo`: runs the demo into ./demo-output and prints what a user would see. */
import path from 'node:path';
import { runDemo } from '../lib/demo/demo';
import { installNodeSha256 } from '../lib/node-sha256';

installNodeSha256();

runDemo(path.resolve('demo-output'))
  .then((result) => {
    process.stdout.write(`${result.text}\n`);
  })
  .catch((err: unknown) => {
    process.stderr.write(`演示失败：${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  });
