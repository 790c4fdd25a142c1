// Takes the README's screenshots of the page's main states, light and
// dark, from the built page (web/dist) served by `slrplay serve`, in
// headless Chromium: `make screenshots` refreshes web/screenshots/*.png.
//
//   node screenshots.mjs [--out DIR]
//
// The states are reached as a learner would: the first screen with its
// introduction, an example from the Examples menu, a scenario's step, and
// the first screen on a phone.

import fs from 'node:fs';
import path from 'node:path';
import { serve, browser, here } from './test/lib.mjs';

const outIdx = process.argv.indexOf('--out');
const out = outIdx > 0 ? path.resolve(process.argv[outIdx + 1]) : path.join(here, '../screenshots');

const desk = { width: 1366, height: 768 };
const phone = { width: 390, height: 844 };

const quiet = (page) => page.waitForSelector('html[data-ready="true"][data-catalog]:not([data-core-busy])').then(() => page.waitForTimeout(400));

/** shots are the states: name, viewport, and how to get there from a fresh page. */
const shots = [
  {
    name: 'policies',
    viewport: desk,
    go: async (page) => {
      await page.waitForFunction(() => document.documentElement.dataset.decision === 'allowed');
    },
  },
  {
    name: 'boundary',
    viewport: desk,
    go: async (page) => {
      await page.getByRole('button', { name: 'Got it' }).click();
      await page.waitForSelector('html[data-examples="ready"]');
      const value = await page.locator('#examples option', { hasText: 'What the boundary takes away' }).getAttribute('value');
      await page.selectOption('#examples', value);
      await page.waitForFunction(() => document.documentElement.dataset.decision === 'implicitDeny');
      await page.locator('#message button.icon').click();
    },
  },
  {
    name: 'scenario',
    viewport: desk,
    go: async (page) => {
      await page.getByRole('button', { name: 'Got it' }).click();
      await page.getByRole('tab', { name: 'Scenarios' }).click();
      await page.locator('#gallery button', { hasText: 'WorkMail event logging' }).click();
      await page.waitForSelector('#step-detail .answer-box');
      await quiet(page);
      for (let i = 0; i < 7; i++) await page.keyboard.press('j');
      await page.waitForFunction(() => document.documentElement.dataset.scenarioStep === '7');
      await page.locator('.scenario-head').scrollIntoViewIfNeeded();
    },
  },
  {
    name: 'phone',
    viewport: phone,
    go: async (page) => {
      await page.getByRole('button', { name: 'Got it' }).click();
      await page.waitForFunction(() => document.documentElement.dataset.decision === 'allowed');
      await page.locator('#decision').scrollIntoViewIfNeeded();
    },
  },
];

const server = await serve();
const b = await browser();
try {
  fs.mkdirSync(out, { recursive: true });
  for (const colorScheme of ['light', 'dark']) {
    for (const s of shots) {
      const context = await b.newContext({ viewport: s.viewport, colorScheme });
      const page = await context.newPage();
      await page.goto(server.url);
      await page.waitForSelector('html[data-ready="true"]');
      await s.go(page);
      await quiet(page);
      const file = path.join(out, `${s.name}-${colorScheme}.png`);
      await page.screenshot({ path: file });
      console.log(`${path.relative(process.cwd(), file)}: ${Math.round(fs.statSync(file).size / 1024)} KB`);
      await context.close();
    }
  }
} finally {
  await b.close();
  await server.stop();
}
