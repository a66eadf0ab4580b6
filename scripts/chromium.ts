// Debian's chromium, driven by playwright-core: the one way the browser tests,
// the page benchmark and the screenshots start it (never a downloaded browser).

import { chromium, type BrowserContext } from 'playwright-core';

/** The chromium binary: Debian's (apt-get install chromium), or VAD_CHROMIUM. */
export const CHROMIUM = process.env.VAD_CHROMIUM ?? '/usr/bin/chromium';

/** A headless chromium with its own profile folder and nothing running in the background. */
export function launchChromium(
  profileDir: string,
  options: { readonly viewport?: { width: number; height: number } } = {},
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    ...(options.viewport !== undefined && { viewport: options.viewport }),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
