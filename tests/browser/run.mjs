// Browser tests of a built lumbung site: node run.mjs <site-dir> [<screenshot-dir>]
//
// Serves <site-dir> over a local static server on an ephemeral port, drives the
// distribution's headless Chromium with playwright-core, and checks what a visitor
// does: home → rankings → region → innovation, sorting and filtering a ranking,
// searching, switching language, the no-JavaScript fallbacks, no console errors, no
// horizontal scrolling at 360 px, and axe-core (WCAG 2.1 AA rules) on every main page
// in light and dark mode and on the pages with wide tables at 375 px, failing on
// serious or critical violations. Screenshots of the main pages at 1280 px and 375 px
// go to <screenshot-dir> (default target/screenshots). A missing browser is a failure, never a skip.
import { createServer } from "node:http";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const site = resolve(process.argv[2] || "");
const shots = resolve(process.argv[3] || join(here, "..", "..", "target", "screenshots"));
const chromiumPath = process.env.LUMBUNG_CHROMIUM || "/usr/bin/chromium";
const FLAGS = [
  "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--disable-sync", "--no-first-run", "--disable-quic",
];

if (!process.argv[2] || !existsSync(join(site, "index.html"))) {
  console.error(`usage: node run.mjs <built-site-dir> [<screenshot-dir>] (no index.html in ${site})`);
  process.exit(2);
}
if (!existsSync(chromiumPath)) {
  console.error(`FAIL: Chromium not found at ${chromiumPath}. Install it (Debian: apt-get install chromium) or set LUMBUNG_CHROMIUM.`);
  process.exit(1);
}
const { chromium } = require("playwright-core");
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

// ---- a tiny static server, like any static host: folders serve index.html, unknown
// paths the site's 404.html with status 404.
const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json",
  ".xml": "application/xml", ".txt": "text/plain", ".csv": "text/csv", ".svg": "image/svg+xml", ".pdf": "application/pdf",
  ".png": "image/png", ".jpg": "image/jpeg" };
const server = createServer((req, res) => {
  let path = decodeURIComponent(new URL(req.url, "http://x").pathname);
  let file = normalize(join(site, path));
  if (!file.startsWith(site)) { res.writeHead(403).end(); return; }
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
  if (!existsSync(file)) {
    res.writeHead(404, { "content-type": TYPES[".html"] }).end(readFileSync(join(site, "404.html")));
    return;
  }
  res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream" }).end(readFileSync(file));
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const base = `http://127.0.0.1:${server.address().port}/`;

// ---- test harness
const results = [];
async function test(name, fn) {
  const started = Date.now();
  try {
    await fn();
    results.push([name, true]);
    console.log(`ok - ${name} (${Date.now() - started} ms)`);
  } catch (err) {
    results.push([name, false]);
    console.log(`not ok - ${name}\n  ${String(err && err.stack || err).split("\n").slice(0, 6).join("\n  ")}`);
  }
}
function assert(cond, msg) { if (!cond) throw new Error(msg); }

const profile = mkdtempSync(join(tmpdir(), "lumbung-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: chromiumPath, headless: true, args: FLAGS, viewport: { width: 1280, height: 900 },
});
const problems = []; // console errors, page errors and failed requests, per page
function watch(page) {
  page.on("console", (m) => { if (m.type() === "error" && !page.url().includes("/no-such-page")) problems.push(`${page.url()}: console: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`${page.url()}: page error: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`${r.url()}: request failed: ${r.failure()?.errorText}`));
  page.on("response", (r) => { if (r.status() >= 400 && !r.url().includes("/no-such-page")) problems.push(`${r.url()}: HTTP ${r.status()}`); });
  return page;
}
const page = watch(await context.newPage());
const visited = {}; // name → URL of the main pages, filled by the navigation test

async function go(url) {
  const res = await page.goto(url, { waitUntil: "load" });
  assert(res && res.ok(), `${url}: HTTP ${res && res.status()}`);
}

await test("home page shows the index at a glance and a search box", async () => {
  await go(base);
  visited.home = page.url();
  assert((await page.locator("h1").count()) === 1, "one h1");
  assert(await page.locator("form.search input[type=search]").isVisible(), "search box visible");
  const tiles = await page.locator(".region-tile").count();
  assert(tiles > 0, "region tiles");
  const note = await page.locator(".section-head + p.meta").first().textContent();
  assert(note.startsWith(`${tiles} `), `the glance says it shows the top ${tiles}: ${note}`);
  assert((await page.locator(".bars li").count()) > 0, "predicate distribution");
});

await test("navigate home → rankings → region → innovation", async () => {
  await go(base);
  await page.locator("header nav a[href$='peringkat/']").click();
  await page.waitForURL(/peringkat\/$/);
  visited.rankings = page.url();
  assert((await page.locator("table.ranking").count()) > 0, "a ranking table");
  await page.locator("table.ranking tbody th a").first().click();
  await page.waitForLoadState("load");
  visited.region = page.url();
  assert((await page.locator("svg.bar").count()) > 0, "variable chart");
  assert((await page.locator("table.indicators").count()) > 0, "indicator table");
  await page.locator("#innovation-list .card h3 a").first().click();
  await page.waitForLoadState("load");
  visited.innovation = page.url();
  assert((await page.locator("#profile").count()) === 1, "innovation profile");
  assert((await page.locator("#similar").count()) === 1, "similar innovations");
  const ld = JSON.parse(await page.locator("script[type='application/ld+json']").textContent());
  assert(ld["@type"] === "CreativeWork" && ld.url === (await page.locator("link[rel=canonical]").getAttribute("href")), "JSON-LD with canonical URL");
});

await test("a ranking table sorts by IID best first, then both ways, and filters by name", async () => {
  await go(visited.rankings);
  const table = page.locator("table.ranking").first();
  const values = async (col) => table.locator(`tbody tr:not([hidden]) > :nth-child(${col})`).evaluateAll((cells) => cells.map((c) => parseFloat(c.dataset.value)));
  const iidHeader = table.locator("thead th").nth(2);
  const label = (await iidHeader.textContent()).trim();
  assert((await iidHeader.getByRole("button", { name: label, exact: true }).count()) === 1, `the sort button is named "${label}" alone (the arrow is hidden)`);
  await iidHeader.locator("button").click();
  assert((await iidHeader.getAttribute("aria-sort")) === "descending", "first click: aria-sort descending");
  let v = await values(3);
  assert(v.every((x, i) => i === 0 || v[i - 1] >= x), `descending: ${v}`);
  await iidHeader.locator("button").click();
  assert((await iidHeader.getAttribute("aria-sort")) === "ascending", "aria-sort ascending");
  v = await values(3);
  assert(v.every((x, i) => i === 0 || v[i - 1] <= x), `ascending: ${v}`);
  assert((await table.locator("thead th[aria-sort]").count()) === 1, "only the sorted column has aria-sort");
  const rankHeader = table.locator("thead th").nth(0);
  await rankHeader.locator("button").click();
  assert((await rankHeader.getAttribute("aria-sort")) === "ascending", "a rank sorts from 1 first");
  const tools = page.locator(".table-tools").first();
  assert(await tools.isVisible(), "filter tools shown with JavaScript");
  assert(await page.locator("[data-sort-hint]").isVisible(), "sorting hint shown with JavaScript");
  const name = (await table.locator("tbody th a").first().textContent()).trim();
  await tools.locator("input[data-filter-text]").fill(name);
  const shown = await table.locator("tbody tr:not([hidden])").count();
  assert(shown >= 1 && shown < (await table.locator("tbody tr").count()) || (await table.locator("tbody tr").count()) === 1, `filter kept ${shown} rows`);
});

await test("search finds an innovation as you type in under 100 ms and Enter opens the results page", async () => {
  await go(base);
  const title = (await page.locator(".cards .card h3 a").first().textContent()).trim();
  const word = title.split(/\s+/).find((w) => w.length > 4) || title;
  const box = page.locator("form.search input[type=search]");
  await box.fill(word);
  await page.locator(".search-results a").first().waitFor();
  const ms = parseFloat(await page.locator("form.search").getAttribute("data-search-ms"));
  assert(ms < 100, `search took ${ms} ms`);
  const hrefs = await page.locator(".search-results a").evaluateAll((as) => as.map((a) => a.textContent));
  assert(hrefs.some((t) => t.includes(word)), `a result contains ${word}: ${hrefs}`);
  const status = await page.locator("form.search [role=status]").textContent();
  assert(/\d/.test(status), `status announces the count: ${status}`);
  await box.press("Enter");
  await page.waitForURL(/jelajahi\/\?q=/);
  await page.locator("#search-page-results a").first().waitFor();
  visited.explore = page.url().split("?")[0];
});

await test("search results that are cut off say how many there are and link to all of them; arrows move through them and Esc closes them", async () => {
  await go(base);
  const region = (await page.locator(".region-tile h3 a").first().textContent()).trim();
  const word = region.split(/\s+/)[0]; // "Kabupaten": every regency and its innovations
  const box = page.locator("form.search input[type=search]");
  await box.fill(word);
  await page.locator(".search-results a").first().waitFor();
  const shown = await page.locator(".search-results li").count();
  const status = await page.locator("form.search [role=status]").textContent();
  const more = page.locator(".search-results .search-more a");
  assert(shown === 12 && (await more.count()) === 1, `12 results and a link to all: ${shown}`);
  assert(/^12\D+\d+/.test(status) && !status.startsWith("12 hasil"), `the status says 12 of how many: ${status}`);
  assert((await more.getAttribute("href")).endsWith(`jelajahi/?q=${encodeURIComponent(word)}`), "the link opens the explore page's results");
  await box.press("ArrowDown");
  const first = page.locator(".search-results li a").first();
  assert(await first.evaluate((a) => a === document.activeElement), "Down focuses the first result");
  await page.keyboard.press("ArrowDown");
  assert(await page.locator(".search-results li a").nth(1).evaluate((a) => a === document.activeElement), "Down again the second");
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("ArrowUp");
  assert(await box.evaluate((b) => b === document.activeElement), "Up from the first result goes back to the box");
  await box.press("ArrowDown");
  await page.keyboard.press("Escape");
  assert(await page.locator(".search-results").isHidden(), "Esc on a result closes the results");
  assert(await box.evaluate((b) => b === document.activeElement), "and puts the focus back in the box");
  await go(base + "jelajahi/?q=" + encodeURIComponent(word));
  await page.locator("#search-page-results a").first().waitFor();
  const all = await page.locator("#search-page-results li").count();
  const count = await page.locator("#search-page-results > p").textContent();
  assert(all > shown && count.startsWith(String(all)), `the explore page lists every result: ${all}, "${count}"`);
  const underline = await page.locator("#search-page-results li a .hit").first().evaluate((e) => getComputedStyle(e).textDecorationLine);
  assert(underline.includes("underline"), `results look like links: ${underline}`);
});

await test("a taxonomy term in the search results is named with its taxonomy and its count of innovations, after matching titles", async () => {
  await go(base);
  const affair = (await page.locator("section[aria-labelledby=top-affairs] .chips a").first().evaluate((a) => a.firstChild.textContent)).trim();
  await page.locator("form.search input[type=search]").fill(affair);
  await page.locator(".search-results a").first().waitFor();
  const texts = await page.locator(".search-results li a").evaluateAll((as) => as.map((a) => ({ href: a.getAttribute("href"), text: a.innerText })));
  const term = texts.findIndex((r) => r.href.startsWith("urusan/"));
  if (term < 0) return; // cut off after 12 titles
  assert(texts[term].text.includes(`: ${affair}`) && /\d/.test(texts[term].text) && !texts[term].text.includes("#"), `taxonomy, name and count: ${texts[term].text}`);
  const terms = /^(urusan|tahapan|bentuk|jenis|inisiator|label)\//;
  const late = texts.slice(term).filter((r) => !terms.test(r.href) && r.text.split("\n")[0].toLowerCase().includes(affair.toLowerCase()));
  assert(!late.length, `innovations whose title matches come first: ${late.map((r) => r.text).join(" | ")}`);
});

await test("English search results mark innovation titles with the portfolio's language", async () => {
  await go(base + "en/");
  const title = (await page.locator(".cards .card h3 a").first().textContent()).trim();
  const word = title.split(/\s+/).find((w) => w.length > 4) || title;
  await page.locator("form.search input[type=search]").fill(word);
  await page.locator(".search-results a").first().waitFor();
  assert((await page.locator(".search-results a span[lang=id]").count()) > 0, "a title marked lang=id");
});

await test("the language switch opens the English copy of the same page", async () => {
  await go(visited.region);
  await page.locator(".langs a[hreflang=en]").click();
  await page.waitForLoadState("load");
  assert(page.url().includes("/en/"), `URL ${page.url()}`);
  assert((await page.getAttribute("html", "lang")) === "en", "html lang=en");
  assert(new URL(page.url()).pathname.endsWith(new URL(visited.region).pathname), "same region");
  assert((await page.locator("header nav").textContent()).includes("Rankings"), "English navigation");
  visited.english = page.url();
  await page.locator(".langs a[hreflang=id]").click();
  await page.waitForLoadState("load");
  assert(page.url() === visited.region, `back to Indonesian: ${page.url()}`);
});

await test("region innovation list filters by stage", async () => {
  await go(visited.region);
  const form = page.locator(".list-filter");
  assert(await form.isVisible(), "filter shown");
  const options = await form.locator("select[data-filter-stage] option").evaluateAll((o) => o.map((x) => x.value).filter(Boolean));
  await form.locator("select[data-filter-stage]").selectOption(options[0]);
  const stages = await page.locator("#innovation-list .card:not([hidden])").evaluateAll((c) => c.map((x) => x.dataset.stage));
  assert(stages.length > 0 && stages.every((s) => s === options[0]), `stages ${stages}`);
});

await test("the 404 page is served for unknown addresses with working links", async () => {
  const res = await page.goto(base + "no-such-page/deep/");
  assert(res.status() === 404, "status 404");
  assert((await page.locator("h1").count()) === 1, "a heading");
  const css = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
  assert(css.includes("system-ui"), "stylesheet loaded at depth");
  visited.notFound = base + "no-such-page/deep/";
});

// The remaining main pages, found from the explore and quality pages.
await go(visited.explore || base + "jelajahi/");
visited.term = new URL(await page.locator("main .chips a").first().getAttribute("href"), page.url()).href;
await go(base + "kualitas-data/");
visited.quality = page.url();
const fix = page.locator("main table a[href*='kualitas-data/']");
visited.regionQuality = (await fix.count()) ? new URL(await fix.first().getAttribute("href"), page.url()).href : null;
visited.openData = base + "data/";

await test("the region page's predicate links to the methodology page, whose indicators open without JavaScript's help", async () => {
  await go(visited.region);
  await page.locator(".headline a[href$='metodologi/#bands']").click();
  await page.waitForURL(/metodologi\/#bands$/);
  visited.methodology = page.url().split("#")[0];
  assert((await page.locator("#bands + .table-wrap tbody tr").count()) >= 2, "predicate bands");
  const first = page.locator("#aspects ~ details").first();
  await first.locator("summary").click();
  assert(await first.locator("table").isVisible(), "a variable's indicators show when opened");
});

const mainPages = Object.entries(visited).filter(([, url]) => url);

await test("no main page scrolls sideways at 360 px", async () => {
  const narrow = watch(await context.newPage());
  await narrow.setViewportSize({ width: 360, height: 740 });
  const wide = [];
  for (const [name, url] of mainPages) {
    await narrow.goto(url);
    const overflow = await narrow.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (overflow > 0) wide.push(`${name} (+${overflow}px)`);
  }
  await narrow.close();
  assert(!wide.length, `horizontal overflow: ${wide.join(", ")}`);
});

// Moderate rules that fail the tests too: content outside landmarks, landmarks with the
// same name, skipped heading levels. The site had each of them once.
const STRICT = ["region", "landmark-unique", "heading-order"];

// axe-core's serious and critical violations on page `p` (already loaded), and those of
// the STRICT rules, as lines.
async function axeFindings(p, name) {
  await p.evaluate(axeSource);
  const res = await p.evaluate(() => window.axe.run(document, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
    resultTypes: ["violations"],
  }));
  return res.violations.filter((v) => v.impact === "serious" || v.impact === "critical" || STRICT.includes(v.id))
    .map((v) => `${name}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
}

for (const scheme of ["light", "dark"]) {
  await test(`axe-core finds no serious or critical violation, nor a landmark or heading-order one, on the main pages (${scheme})`, async () => {
    await page.emulateMedia({ colorScheme: scheme });
    const found = [];
    for (const [name, url] of mainPages) {
      await page.goto(url);
      found.push(...await axeFindings(page, name));
    }
    await page.emulateMedia({ colorScheme: "light" });
    assert(!found.length, found.join("\n  "));
  });
}

// On a phone the wide tables scroll inside their frames: axe checks what only shows up
// there (a scrolling region must be reachable by keyboard, scrollable-region-focusable).
await test("axe-core finds no serious or critical violation at 375 px on the region, rankings and innovation pages", async () => {
  const narrow = watch(await context.newPage());
  await narrow.setViewportSize({ width: 375, height: 812 });
  const found = [];
  for (const name of ["region", "rankings", "innovation"]) {
    assert(visited[name], `${name} page visited`);
    await narrow.goto(visited[name]);
    found.push(...await axeFindings(narrow, `${name} at 375 px`));
  }
  await narrow.close();
  assert(!found.length, found.join("\n  "));
});

await test("without JavaScript, tables are complete, filters and the sorting hint hidden, and the search box submits to the explore page, which says search needs JavaScript", async () => {
  const noJs = await chromium.launch({ executablePath: chromiumPath, headless: true, args: FLAGS });
  const ctx = await noJs.newContext({ javaScriptEnabled: false });
  const p = await ctx.newPage();
  await p.goto(visited.rankings);
  assert(!(await p.locator(".table-tools").first().isVisible()), "filters hidden");
  const rows = await p.locator("table.ranking tbody tr").count();
  assert(rows > 0 && (await p.locator("table.ranking tbody tr:visible").count()) === rows, "every row visible");
  assert(!(await p.locator("[data-sort-hint]").isVisible()), "no sorting hint where sorting cannot work");
  await p.locator("form.search input[type=search]").fill("kesehatan");
  await p.locator("form.search button").click();
  await p.waitForURL(/jelajahi\/\?q=kesehatan/);
  assert((await p.locator("main .chips a").count()) > 0, "taxonomy links");
  const note = p.locator("main noscript p");
  assert(await note.isVisible(), "a note that search needs JavaScript");
  const browse = await note.locator("a").getAttribute("href");
  assert(browse.startsWith("#tax-") && (await p.locator(browse).count()) === 1, `the note points to the categories: ${browse}`);
  await noJs.close();
});

await test("screenshots of the main pages at 1280 px and 375 px", async () => {
  mkdirSync(shots, { recursive: true });
  const shotPage = await context.newPage();
  for (const width of [1280, 375]) {
    await shotPage.setViewportSize({ width, height: width > 400 ? 900 : 812 });
    for (const [name, url] of mainPages) {
      await shotPage.goto(url);
      await shotPage.screenshot({ path: join(shots, `${name}-${width}.png`), fullPage: true });
    }
  }
  await shotPage.emulateMedia({ colorScheme: "dark" });
  for (const name of ["home", "region"]) {
    await shotPage.goto(visited[name]);
    await shotPage.screenshot({ path: join(shots, `${name}-dark-1280.png`), fullPage: true });
  }
  await shotPage.close();
});

await test("no console errors, page errors or failed requests on any page visited", async () => {
  assert(!problems.length, problems.slice(0, 20).join("\n  "));
});

await context.close();
server.close();
rmSync(profile, { recursive: true, force: true });
const failed = results.filter(([, ok]) => !ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
