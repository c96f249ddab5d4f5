import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/**
 * Real headless Chromium for the console's end-to-end tests: Debian's `chromium` (installed by
 * `.ci/run`), driven by playwright-core, a fresh profile per run. Screenshots go to
 * test-artifacts/e2e/ (gitignored) for people to look at.
 */
export const CHROMIUM = process.env.AICC_CHROMIUM ?? '/usr/bin/chromium';
export const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts', 'e2e');

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  readonly context: BrowserContext;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export const launchBrowser = async (): Promise<Browser> => {
  const profile = mkdtempSync(join(tmpdir(), 'aicc-e2e-chromium-'));
  // launchPersistentContext passes the fresh profile as --user-data-dir.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    locale: 'ko-KR',
    timezoneId: 'Asia/Seoul',
    viewport: { width: 1440, height: 960 },
  });
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    context,
    newPage: async () => {
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      return page;
    },
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
};

export const screenshot = async (page: Page, name: string): Promise<string> => {
  const file = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
};
