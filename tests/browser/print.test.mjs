// The sample site's four-goal report (健康福祉部, 令和5年度) printed to A4 by Chromium: at
// most five pages, and page 1 carries the city, the site's title and the page's URL.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { buildSite, serve, launch, REPO } from "./lib.mjs";

const REPORT = "departments/kenko/2023/index.html";
const MAX_PAGES = 5;

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Pages of a PDF as Chromium writes it: one `/Type /Page` object each. */
function pageCount(pdf) {
  return (pdf.toString("latin1").match(/\/Type\s*\/Page\b(?!s)/g) || []).length;
}

test(`4 つの重点目標の報告（${REPORT}）は A4 で ${MAX_PAGES} ページ以内に印刷できる`, { timeout: 120_000 }, async (t) => {
  const site = buildSite(REPO);
  const srv = await serve(site.out);
  try {
    const page = await browser.newPage();
    await page.goto(srv.base + REPORT);
    assert.equal(await page.locator("section.goal").count(), 4, "重点目標が 4 つの報告ではありません");
    await page.emulateMedia({ media: "print" });
    const head = await page.locator(".print-head").innerText();
    assert.match(head, /みどり野市/, "1 ページ目に市の名前がありません");
    assert.match(head, /https:\/\/www\.example\.jp\/hyoka\/departments\/kenko\/2023\//, "1 ページ目にページの URL がありません");
    assert.match(head, /印刷日: \d{4}年\d{1,2}月\d{1,2}日/, "1 ページ目に印刷日がありません");
    const pages = pageCount(await page.pdf({ format: "A4", preferCSSPageSize: true }));
    t.diagnostic(`${pages} ページ`);
    assert.ok(pages >= 1 && pages <= MAX_PAGES, `${pages} ページになりました（${MAX_PAGES} ページ以内のはず）`);
    await page.close();
  } finally {
    await srv.close();
    site.cleanup();
  }
});
