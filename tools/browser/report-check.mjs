// Opens flopcost's HTML report in headless Chromium (Debian's chromium, driven by
// puppeteer-core) with the network cut off, and reports what a reader would see:
//   node tools/browser/report-check.mjs REPORT.html SCREENSHOT.png
// Prints one JSON object: {requests, console_errors, page_errors, state, charts:
// [{id, marks, texts}], tooltip: {target, text}, screenshot}. Exits 2 when the
// browser cannot be started or the page never finishes (the spec asserts the rest).
// CHROMIUM names the browser binary (default /usr/bin/chromium).
import puppeteer from 'puppeteer-core';
import fs from 'fs';
import path from 'path';

const [file, shot] = process.argv.slice(2);
if (!file || !shot) { console.error('usage: report-check.mjs REPORT.html SCREENSHOT.png'); process.exit(2); }
const url = 'file://' + path.resolve(file);
const exe = process.env.CHROMIUM || '/usr/bin/chromium';
if (!fs.existsSync(exe)) { console.error(`report-check: no browser at ${exe} (Debian: chromium)`); process.exit(2); }

const out = { requests: [], console_errors: [], page_errors: [], charts: [], tooltip: null };
const browser = await puppeteer.launch({ executablePath: exe, headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 1000 });
  // offline: the report's own file only; anything else is recorded and refused
  await page.setRequestInterception(true);
  page.on('request', (req) => {
    if (req.url() === url || req.url().startsWith('data:')) return req.continue();
    out.requests.push(req.url());
    return req.abort();
  });
  page.on('console', (m) => { if (m.type() === 'error') out.console_errors.push(m.text()); });
  page.on('pageerror', (e) => out.page_errors.push(String(e)));
  await page.goto(url, { waitUntil: 'load', timeout: 60000 });
  await page.waitForFunction(() => document.body.dataset.charts !== undefined, { timeout: 60000 });
  out.state = await page.evaluate(() => document.body.dataset.charts);
  // each chart: the marks vega drew (children of its mark groups) and its texts
  out.charts = await page.evaluate(() => [...document.querySelectorAll('div.chart')].map((d) => ({
    id: d.id,
    marks: d.querySelectorAll('svg g.role-mark > *').length,
    texts: [...d.querySelectorAll('svg text')].map((t) => t.textContent),
  })));
  // hover the first bar segment of the compare chart: the tooltip names its row's figures
  const bar = await page.$('#chart-compare svg g.mark-rect.role-mark path');
  if (bar) {
    await bar.scrollIntoView();
    const box = await bar.boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    try {
      await page.waitForSelector('#vg-tooltip-element.visible', { timeout: 5000 });
      out.tooltip = await page.evaluate(() => {
        const el = document.querySelector('#vg-tooltip-element');
        return { text: el.innerText };
      });
    } catch (e) { out.tooltip = { error: String(e) }; }
  }
  // the viewport with the tooltip showing, then the whole page
  out.screenshot_top = shot.replace(/\.png$/, '') + '-top.png';
  await page.screenshot({ path: out.screenshot_top });
  await page.screenshot({ path: shot, fullPage: true });
  out.screenshot = shot;
  const table = await page.$('#results');
  if (table) {
    out.screenshot_table = shot.replace(/\.png$/, '') + '-table.png';
    await page.evaluate(() => document.querySelector('#results').scrollIntoView());
    await table.screenshot({ path: out.screenshot_table });
  }
} catch (e) {
  out.error = String(e);
  console.log(JSON.stringify(out));
  await browser.close();
  process.exit(2);
}
await browser.close();
console.log(JSON.stringify(out));
