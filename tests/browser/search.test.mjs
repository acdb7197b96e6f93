// Site search in a real browser: the kashiwara example served under /kikaku/hyoka/.
// - 避難所 lists 重点目標 6 (指定避難所の機能強化) first, linking to its #goal-… anchor;
// - keyboard only: Tab to the header search box, type, Enter, Tab to the first result, Enter;
// - the index is loaded only when searching, and also works opened from disk (file://);
// - without JavaScript the search page says so and links to the lists;
// - the browser's segmentation equals the index's (shared vectors with tests/it/publish.rs).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import vm from "node:vm";
import { buildSite, serve, launch, REPO } from "./lib.mjs";

let browser, site, srv;
before(async () => {
  browser = await launch();
  site = buildSite(join(REPO, "examples", "kashiwara"));
  srv = await serve(site.out);
});
after(async () => {
  await browser?.close();
  await srv?.close();
  site?.cleanup();
});

const GOAL6 = "departments/seisaku-suishin/2021/index.html#goal-hinanjo";

async function results(page) {
  await page.waitForSelector("[data-search-results] li");
  return page.$$eval("[data-search-results] li a", (as) => as.map((a) => ({ text: a.textContent, href: a.href })));
}

test("避難所 で 重点目標 6 が最初に出る（検索ページ、サブフォルダー配信）", async () => {
  const page = await browser.newPage();
  const loaded = [];
  page.on("request", (r) => loaded.push(r.url()));
  await page.goto(srv.base + "search/index.html");
  assert.ok(!loaded.some((u) => u.endsWith("search/index.js")), "索引は検索を始めるまで読み込まない");
  await page.fill("#search-q", "避難所");
  const r = await results(page);
  assert.ok(loaded.some((u) => u.endsWith("search/index.js")), "入力で索引を読み込む");
  assert.match(r[0].text, /重点目標 6 指定避難所の機能強化/);
  assert.equal(r[0].href, srv.base + GOAL6);
  const status = await page.textContent("[data-search-status]");
  assert.match(status, /「避難所」の検索結果: \d+件/);
  // Full-width and case are folded on the query side too.
  const searchFor = async (q) => {
    await page.fill("#search-q", q);
    await page.waitForFunction((q) => document.querySelector("[data-search-status]").textContent.includes("「" + q + "」"), q);
    return results(page);
  };
  const sns = await searchFor("ＳＮＳ");
  assert.ok(sns.length > 0, "ＳＮＳ が見つからない");
  assert.deepEqual(await searchFor("sns"), sns);
  await page.close();
});

test("キーボードだけで検索して結果へ移動できる", async () => {
  const page = await browser.newPage();
  await page.goto(srv.base + "index.html");
  // Tab from the top of the page until the header search box has focus.
  let id = "";
  for (let i = 0; i < 10 && id !== "site-search-q"; i++) {
    await page.keyboard.press("Tab");
    id = await page.evaluate(() => document.activeElement.id);
  }
  assert.equal(id, "site-search-q", "ヘッダーの検索欄に Tab で届かない");
  // Focus is visible (an outline is drawn).
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, "none");
  await page.keyboard.type("避難所");
  await Promise.all([page.waitForURL(/search\/index\.html\?q=/), page.keyboard.press("Enter")]);
  await results(page);
  assert.equal(await page.inputValue("#search-q"), "避難所");
  // From the search box: Tab (the 検索 button), Tab (the first result), Enter.
  await page.focus("#search-q");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  const focused = await page.evaluate(() => document.activeElement.textContent);
  assert.match(focused, /指定避難所の機能強化/);
  await Promise.all([page.waitForURL("**/seisaku-suishin/2021/index.html#goal-hinanjo"), page.keyboard.press("Enter")]);
  assert.ok(await page.$("#goal-hinanjo"), "移動先に目標がある");
  await page.close();
});

test("ファイルとして開いても（file://）検索できる", async () => {
  const page = await browser.newPage();
  const url = pathToFileURL(join(site.out, "search", "index.html")).href + "?q=" + encodeURIComponent("消防団");
  await page.goto(url);
  const r = await results(page);
  assert.match(r[0].text, /消防団を中核とした地域防災力の充実強化/);
  assert.ok(r[0].href.startsWith("file://"));
  await page.close();
});

test("JavaScript がないときは、検索ページがそのことを伝えて一覧へ案内する", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(srv.base + "search/index.html?q=" + encodeURIComponent("避難所"));
  const text = await page.textContent("main");
  assert.match(text, /検索には JavaScript が必要です/);
  const links = await page.$$eval("main a", (as) => as.map((a) => a.getAttribute("href")));
  assert.ok(links.includes("../departments/index.html"), String(links));
  assert.ok(links.includes("../plans/index.html"), String(links));
  // The report page still shows how to print, and no dead button.
  await page.goto(srv.base + "departments/seisaku-suishin/2021/index.html");
  assert.equal(await page.isVisible("[data-print]"), false);
  assert.equal(await page.isVisible("[data-print-hint]"), true);
  await context.close();
});

test("印刷ボタンは JavaScript があるときだけ出て、印刷用の表示ではナビゲーションが消える", async () => {
  const page = await browser.newPage();
  await page.goto(srv.base + "departments/seisaku-suishin/2021/index.html");
  assert.equal(await page.isVisible("[data-print]"), true);
  await page.emulateMedia({ media: "print" });
  for (const sel of [".site-header", ".breadcrumbs", "[data-print]", ".pager"]) {
    const el = await page.$(sel);
    if (el) assert.equal(await el.isVisible(), false, `${sel} が印刷される`);
  }
  await page.close();
});

test("ブラウザーの分割は索引の分割と同じ（共通の例）", () => {
  const ctx = { module: { exports: {} } };
  vm.runInNewContext(readFileSync(join(REPO, "src", "templates", "search.js"), "utf8"), ctx);
  const { tokens } = ctx.module.exports;
  const vectors = JSON.parse(readFileSync(join(REPO, "tests", "search_vectors.json"), "utf8"));
  for (const [input, want] of vectors.tokens) {
    assert.deepEqual(Array.from(tokens(input)), want, `tokens(${JSON.stringify(input)})`);
  }
});

test("索引の出現先は 1 本の文字列で、ブラウザーの読み方は src/publish/search/ と同じ（形式 2）", () => {
  const ctx = { module: { exports: {} } };
  vm.runInNewContext(readFileSync(join(REPO, "src", "templates", "search.js"), "utf8"), ctx);
  const { decodePostings, search } = ctx.module.exports;
  // The example of the format documentation (src/publish/search/ tests the same string).
  assert.deepEqual(Array.from(decodePostings("Q2R,")), [0, 16, 1, 10]);
  // Gaps of several digits (base 45, the lowest first, the last one from the upper half):
  // 45 = 0 + 1 × 45, and u32::MAX (as in postings_round_trip_and_need_no_escaping).
  assert.deepEqual(Array.from(decodePostings(" R!")), [45, 1]);
  assert.deepEqual(Array.from(decodePostings("B8C3.it")), [4294967295, 79]);
  const ictx = { window: {} };
  vm.runInNewContext(readFileSync(join(site.out, "search", "index.js"), "utf8"), ictx);
  const index = ictx.window.hyokaSearchIndex;
  assert.equal(index.v, 2);
  const terms = Object.entries(index.terms);
  assert.ok(terms.length > 100);
  for (const [t, s] of terms) {
    assert.equal(typeof s, "string", t);
    assert.match(s, /^[ !#-%'-;=?-\[\]-~]*$/, t);
    const l = decodePostings(s);
    assert.equal(l.length % 2, 0, t);
    let doc = 0;
    for (let i = 0; i < l.length; i += 2) {
      if (i > 0) assert.ok(l[i] > 0, t);
      doc += l[i];
      assert.ok(doc < index.docs.length && l[i + 1] >= 0 && l[i + 1] < 80, t);
    }
  }
  assert.equal(index.docs[search(index, "避難所")[0].doc][0], GOAL6);
});
