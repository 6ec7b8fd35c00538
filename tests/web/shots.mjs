// shots.mjs — screenshots of the main screens at 1366×768 in kk, ru and en,
// for a person to look at (issue 13: "look at the screenshots"). Not a test:
// it drives a running demo server (`make run`) with its demo logins.
//
//   node tests/web/shots.mjs http://127.0.0.1:8080 OUTDIR
//
// Uses playwright-core with Debian's chromium, as run.mjs does.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const BASE = process.argv[2] || 'http://127.0.0.1:8080';
const OUT = process.argv[3] || path.join(os.tmpdir(), 'qupiya-shots');
const PASSWORD = process.env.QUPIYA_DEMO_PASSWORD || 'qupiya-demo-2026';
const { chromium } = await import('playwright-core');
fs.mkdirSync(OUT, { recursive: true });
const ctx = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(os.tmpdir(), 'shots-')), {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  viewport: { width: 1366, height: 768 },
});
const page = await ctx.newPage();
page.on('dialog', d => d.dismiss());

async function login(who) {
  await page.goto(BASE + '/#/');
  if (await page.locator('#logout').isVisible()) await page.click('#logout');
  await page.waitForSelector('[data-testid="login-form"]');
  await page.fill('#login-name', who);
  await page.fill('#login-password', PASSWORD);
  await page.click('[data-testid="login-form"] button[type="submit"]');
  await page.waitForSelector('#logout:visible');
}
async function lang(l) {
  await page.selectOption('#lang', l);
  await page.waitForFunction(x => document.documentElement.lang === x, l);
}
async function go(hash, sel) {
  await page.goto(BASE + '/' + hash);
  await page.waitForSelector(sel);
  await page.waitForFunction(() => !document.querySelector('main .loading'));
  await page.waitForTimeout(400);
}
async function shot(name) {
  await page.screenshot({ path: path.join(OUT, name + '.png') });
  // The rest of the page, too, when it is longer than the screen.
  await page.screenshot({ path: path.join(OUT, name + '-full.png'), fullPage: true });
  // Columns cut off at this width show as a table wider than its box.
  const clipped = await page.evaluate(() => Array.from(document.querySelectorAll('table')).filter(t => t.scrollWidth > t.parentElement.clientWidth + 1).length);
  if (clipped) console.log(name + ': ' + clipped + ' table(s) wider than their box');
}

for (const l of ['kk', 'ru', 'en']) {
  await login('officer');
  await lang(l);
  await go('#/dashboard', 'svg[data-testid="chart-expiry"]');
  await shot('dashboard-' + l);
  // A refusal: a carrier registered with a label below its information.
  await go('#/carriers', '[data-testid="carrier-register"]');
  const form = '[data-testid="carrier-register"]';
  await page.fill(form + ' [name="account_number"]', 'SHOT-' + l.toUpperCase() + '-1');
  await page.fill(form + ' [name="title"]', 'Test');
  await page.selectOption(form + ' [name="label"]', 'confidential');
  const opts = await page.$$eval(form + ' [name="information_ids"] option', os => os.map(o => o.value).filter(Boolean));
  if (opts.length) await page.selectOption(form + ' [name="information_ids"]', opts.slice(0, 1));
  await page.selectOption(form + ' [name="label"]', 'top_secret');
  await page.fill(form + ' [name="declassify_on"]', '01.01.2099');
  await page.click(form + ' button[type="submit"]');
  await page.waitForSelector(form + ' .refusal');
  await page.locator(form + ' .refusal').scrollIntoViewIfNeeded();
  await shot('refusal-' + l);
  await login('auditor');
  await lang(l);
  await go('#/audit', '[data-testid="audit-table"]');
  await shot('audit-' + l);
  await login('employee');
  await lang(l);
  await go('#/mine', '[data-testid="mine-table"]');
  await shot('mine-' + l);
}
await ctx.close();
console.log('screenshots in ' + OUT);
