// Site search in a real browser: the kashiwara example served under /kikaku/hyoka/.
// - 避難所 lists 重点目標 6 (指定避難所の機能強化) first, linking to its #goal-… anchor;
// - keyboard only: Tab to the header search box, type, Enter, Tab to the first result, Enter;
// - the index is loaded only when searching, and also works opened from disk (file://);
// - without JavaScript the search page says so and links to the lists;
// - the browser's segmentation equals the index's (shared vectors with tests/it/publish.rs);
// - a result shows a snippet around the match with the match in <mark>, everything else as
//   text; a goal of several years (the sample site) is one result linking to its other years;
// - the filters (year, department, kind) are labelled selects, kept in the URL.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import vm from "node:vm";
import { buildSite, serve, launch, runAxe, REPO } from "./lib.mjs";

let browser, site, srv, sample, sampleSrv;
before(async () => {
  browser = await launch();
  site = buildSite(join(REPO, "examples", "kashiwara"));
  srv = await serve(site.out);
  sample = buildSite(REPO);
  sampleSrv = await serve(sample.out);
});
after(async () => {
  await browser?.close();
  await srv?.close();
  await sampleSrv?.close();
  site?.cleanup();
  sample?.cleanup();
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
  // From the search box: Tab (the 検索 button), Tab × 3 (the filters: 年度, 部局, 種類),
  // Tab (the first result), Enter.
  await page.focus("#search-q");
  const order = [];
  for (let i = 0; i < 5; i++) {
    await page.keyboard.press("Tab");
    order.push(await page.evaluate(() => document.activeElement.id || document.activeElement.tagName));
  }
  assert.deepEqual(order.slice(1, 4), ["search-year", "search-dept", "search-kind"]);
  // A filter can be changed from the keyboard too (and put back).
  await page.focus("#search-kind");
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.inputValue("#search-kind"), "goal");
  await page.keyboard.press("ArrowUp");
  assert.equal(await page.inputValue("#search-kind"), "");
  await page.focus("#search-kind");
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
  vm.runInNewContext(readFileSync(join(REPO, "themes", "hyoka", "static", "assets", "search.js"), "utf8"), ctx);
  const { tokens } = ctx.module.exports;
  const vectors = JSON.parse(readFileSync(join(REPO, "tests", "search_vectors.json"), "utf8"));
  for (const [input, want] of vectors.tokens) {
    assert.deepEqual(Array.from(tokens(input)), want, `tokens(${JSON.stringify(input)})`);
  }
});

test("索引の出現先は 1 本の文字列で、ブラウザーの読み方は src/publish/search/ と同じ（形式 3）", () => {
  const ctx = { module: { exports: {} } };
  vm.runInNewContext(readFileSync(join(REPO, "themes", "hyoka", "static", "assets", "search.js"), "utf8"), ctx);
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
  assert.equal(index.v, 3);
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

test("結果には一致したところの前後が出て、一致した文字は <mark>、ほかは文字のまま", async () => {
  const page = await browser.newPage();
  await page.goto(srv.base + "search/index.html?q=" + encodeURIComponent("停電"));
  await results(page);
  const first = await page.$eval("[data-search-results] li", (li) => ({
    snippet: li.querySelector(".result-snippet").innerHTML,
    marks: Array.from(li.querySelectorAll(".result-snippet mark"), (m) => m.textContent),
  }));
  assert.ok(first.marks.length > 0, first.snippet);
  assert.ok(first.marks.every((m) => m === "停電"), String(first.marks));
  // Only text and <mark> in the snippet.
  assert.equal(first.snippet.replace(/<\/?mark>/g, "").includes("<"), false, first.snippet);
  // Whatever the index holds is shown as text: a crafted index with markup in every field.
  const p2 = await browser.newPage();
  await p2.addInitScript(() => {
    const evil = "<img src=x onerror=\"window.hacked=1\">";
    window.hyokaSearchIndex = {
      v: 3,
      docs: [["a.html", "避難所" + evil, "目標", evil, "前置き" + evil + "避難所の&amp;開設" + evil, 2021]],
      // 避難 and 難所 in document 0 with weight 16 (see the format in src/publish/search/mod.rs).
      terms: { "避難": "Q2", "難所": "Q2" },
    };
  });
  await p2.goto(srv.base + "search/index.html?q=" + encodeURIComponent("避難所"));
  await results(p2);
  const li = await p2.$eval("[data-search-results] li", (li) => ({
    html: li.innerHTML,
    imgs: li.querySelectorAll("img").length,
    marks: Array.from(li.querySelectorAll("mark"), (m) => m.textContent),
    text: li.textContent,
  }));
  assert.equal(li.imgs, 0, li.html);
  assert.equal(await p2.evaluate(() => window.hacked), undefined);
  assert.deepEqual(li.marks, ["避難所", "避難所"]);
  assert.ok(li.text.includes("&amp;開設"), li.text);
  await page.close();
  await p2.close();
});

test("何年度もある同じ目標は 1 件にまとまり、最新の年度へのリンクとほかの年度へのリンクが出る", async () => {
  const page = await browser.newPage();
  await page.goto(sampleSrv.base + "search/index.html?q=" + encodeURIComponent("交通安全対策の推進"));
  await results(page);
  const first = await page.$eval("[data-search-results] li", (li) => ({
    href: li.querySelector(".result-title").getAttribute("href"),
    years: Array.from(li.querySelectorAll(".result-years a"), (a) => [a.textContent, a.getAttribute("href")]),
  }));
  assert.equal(first.href, "../departments/kiki/2024/index.html#goal-koutsu");
  assert.deepEqual(first.years.map((y) => y[1]), [2023, 2022, 2021].map((y) => `../departments/kiki/${y}/index.html#goal-koutsu`));
  assert.ok(first.years.every((y) => /年度$/.test(y[0])), JSON.stringify(first.years));
  const hrefs = await page.$$eval("[data-search-results] .result-title", (as) => as.map((a) => a.getAttribute("href")));
  assert.equal(hrefs.filter((h) => h.endsWith("#goal-koutsu")).length, 1, String(hrefs));
  await page.close();
});

test("年度・部局・種類で絞り込め、絞り込みは URL に残る", async () => {
  const page = await browser.newPage();
  // From a bookmarked URL: the selects show the filters, the results follow them.
  await page.goto(sampleSrv.base + "search/index.html?q=" + encodeURIComponent("交通安全") + "&year=2022&dept=kiki&kind=goal");
  await results(page);
  assert.equal(await page.inputValue("#search-year"), "2022");
  assert.equal(await page.inputValue("#search-dept"), "kiki");
  assert.equal(await page.inputValue("#search-kind"), "goal");
  const rows = await page.$$eval("[data-search-results] li", (lis) => lis.map((li) => ({
    href: li.querySelector(".result-title").getAttribute("href"),
    meta: li.querySelector(".result-meta").textContent,
    years: li.querySelectorAll(".result-years a").length,
  })));
  assert.ok(rows.length > 0);
  for (const r of rows) {
    assert.match(r.href, /^\.\.\/departments\/kiki\/2022\/index\.html#goal-/, r.href);
    assert.match(r.meta, /^目標・/, r.meta);
    assert.equal(r.years, 0);
  }
  assert.match(await page.textContent("[data-search-status]"), /に絞り込み/);
  // Each select has a visible label.
  for (const id of ["search-year", "search-dept", "search-kind"]) {
    assert.ok(await page.isVisible(`label[for=${id}]`), id);
  }
  // Changing a filter searches again and updates the URL.
  await page.selectOption("#search-kind", "");
  await page.waitForURL((u) => !u.searchParams.has("kind") && u.searchParams.get("year") === "2022");
  await page.selectOption("#search-year", "");
  await page.waitForURL((u) => !u.searchParams.has("year"));
  // Only the department is left: its name says what the results are narrowed to.
  const dept = await page.$eval("#search-dept", (s) => s.options[s.selectedIndex].textContent);
  assert.match(await page.textContent("[data-search-status]"), new RegExp("（" + dept + "に絞り込み）"));
  const url = new URL(page.url());
  assert.equal(url.searchParams.get("dept"), "kiki");
  assert.equal(url.searchParams.get("q"), "交通安全");
  await page.close();
  // Without JavaScript the filters are not shown (the page says search needs it).
  const context = await browser.newContext({ javaScriptEnabled: false });
  const nojs = await context.newPage();
  await nojs.goto(sampleSrv.base + "search/index.html");
  assert.equal(await nojs.isVisible("#search-year"), false);
  await context.close();
});

test("結果と絞り込みのある検索ページも axe の違反なし（1280px と 320px）、320px で横にはみ出さない", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(sampleSrv.base + "search/index.html?q=" + encodeURIComponent("交通安全") + "&dept=kiki");
  await results(page);
  await page.waitForSelector(".result-years a");
  for (const width of [1280, 320]) {
    await page.setViewportSize({ width, height: 900 });
    const axe = await runAxe(page);
    assert.deepEqual(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), [], `${width}px`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, `${width}px`);
  }
  await page.close();
});
