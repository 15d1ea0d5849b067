/**
 * Headless Chromium for the browser tests (the Debian package; CHROMIUM_PATH to use another),
 * and the folder their screenshots go to (test-artifacts/, outside git).
 */
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';

export const ARTIFACTS = path.resolve(__dirname, '..', '..', 'test-artifacts');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
