// Open a page in headless Debian Chromium, run axe-core at the WCAG 2.2 AA tags, and take
// screenshots. Usage: node check.mjs PAGE.html OUT_FOLDER. Prints one JSON object:
// {violations: [...], screenshot: "first-screen.png", fullPage: "page.png", printPages: n}
// Used by tests/writers/test_html_browser.py; playwright-core drives the system's Chromium
// (CHROMIUM, default /usr/bin/chromium): no browser is downloaded.
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [page_, out] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const profile = mkdtempSync(join(tmpdir(), "narrator-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1280, height: 900 },
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
});
try {
  const page = context.pages()[0] || await context.newPage();
  await page.goto(pathToFileURL(resolve(page_)).href, { waitUntil: "load" });
  await page.addScriptTag({ content: axeSource });
  const results = await page.evaluate(async () => await window.axe.run(document, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
    resultTypes: ["violations"],
  }));
  const violations = results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => ({ target: n.target, summary: n.failureSummary })),
  }));
  await page.screenshot({ path: join(out, "first-screen.png") });
  await page.screenshot({ path: join(out, "page.png"), fullPage: true });
  // the page as printed: Chromium's own print layout, A4
  await page.emulateMedia({ media: "print" });
  const pdf = await page.pdf({ format: "A4", printBackground: true });
  const printPages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) || []).length;
  const checked = results.passes === undefined ? null : results.passes.length;
  console.log(JSON.stringify({ violations, printPages, rules: results.testEngine.version, checked, url: results.url }));
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
