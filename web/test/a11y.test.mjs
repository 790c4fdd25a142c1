// axe-core (a devDependency: never in the page) over the page's main
// states, light and dark: no serious or critical violation in any of them.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { serve, browser, open } from './lib.mjs';

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let server;
let b;

before(async () => {
  server = await serve();
  b = await browser();
});

after(async () => {
  if (b) await b.close();
  if (server) await server.stop();
});

/** axe runs axe-core on the page and returns its serious and critical violations, one line each. */
async function axe(page) {
  if (!(await page.evaluate(() => !!window.axe))) await page.evaluate(axeSource);
  const res = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return res.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} ${n.failureSummary.split('\n').slice(1, 2).join('')}`).join(' | ')}`);
}

const settle = (page) => page.waitForFunction(() => !document.documentElement.hasAttribute('data-core-busy')).then(() => page.waitForTimeout(200));

/** states puts the page in each main state in turn and calls check(name) in each. */
async function states(page, check) {
  await page.waitForFunction(() => document.documentElement.dataset.decision === 'allowed');
  await settle(page);
  await check('first screen, allowed, with the introduction');
  await page.locator('#decision details.trace summary').click();
  await page.locator('#summary-toggle').click();
  await page.waitForSelector('#summary[data-state]');
  await check('trace and summary open');
  await page.waitForSelector('html[data-examples="ready"]');
  await page.locator('#intro-examples button', { hasText: 'What the boundary takes away' }).click();
  await page.waitForFunction(() => document.documentElement.dataset.decision === 'implicitDeny');
  await settle(page);
  await check('a boundary refuses; a message over the page');
  await page.locator('#intro-examples button', { hasText: 'broken policy' }).click();
  await page.waitForSelector('#findings .finding[data-code="JSON_SYNTAX_ERROR"]');
  await settle(page);
  await check('a broken policy: findings and no decision');
  await page.getByRole('button', { name: 'Got it' }).click();
  await page.getByRole('tab', { name: 'Scenarios' }).click();
  await check('scenarios, none open');
  await page.locator('#gallery button', { hasText: 'WorkMail event logging' }).click();
  await page.waitForSelector('#step-detail .answer-box');
  await page.locator('#timeline').focus();
  for (let i = 0; i < 7; i++) await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.documentElement.dataset.scenarioStep === '7');
  await check('a scenario step: request resolved, deletion status');
  await page.getByRole('button', { name: 'Edit the document' }).click();
  await page.getByRole('button', { name: 'Edit step' }).click();
  await check('the step form and the document editor');
}

for (const colorScheme of ['light', 'dark']) {
  test(`axe-core finds no serious or critical violation in the main states (${colorScheme})`, async () => {
    const page = await open(b, server.url, { colorScheme, bypassCSP: true, viewport: { width: 1366, height: 768 } });
    const found = [];
    await states(page, async (name) => {
      for (const v of await axe(page)) found.push(`${name}: ${v}`);
    });
    assert.deepEqual(found, []);
    await page.context().close();
  });
}
