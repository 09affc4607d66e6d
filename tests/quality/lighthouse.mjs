// Lighthouse on several pages in one Chromium, for tests/quality/checks.py.
//
//   node tests/quality/lighthouse.mjs OUTPUT_DIR URL...
//
// Writes OUTPUT_DIR/<n>.json (Lighthouse's full JSON report) for the n-th URL, counting from 0.
// Each run is Lighthouse's default: mobile emulation with simulated throttling. One browser for
// all runs saves a Chromium start per page; Lighthouse resets the storage before each run.
// CHROME_PATH names the browser (Debian's Chromium).
import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';

import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

const [outputDir, ...urls] = process.argv.slice(2);
if (!outputDir || urls.length === 0) {
  console.error('usage: node lighthouse.mjs OUTPUT_DIR URL...');
  process.exit(2);
}
mkdirSync(outputDir, {recursive: true});

const chrome = await chromeLauncher.launch({
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
let failed = false;
try {
  for (const [index, url] of urls.entries()) {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
      // Pictures of the page for people reading the HTML report; no score depends on them.
      disableFullPageScreenshot: true,
    });
    if (!result) {
      console.error(`Lighthouse returned nothing for ${url}`);
      failed = true;
      continue;
    }
    writeFileSync(join(outputDir, `${index}.json`), result.report);
  }
} finally {
  await chrome.kill();
}
process.exit(failed ? 1 : 0);
