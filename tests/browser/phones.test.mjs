// Every page of the sample site and of every examples/<city> on a phone (320 and 375 px
// wide): no table cell with text may be narrower than three characters of its own font,
// since a column that narrow shows one character per line and cannot be read. A failure
// lists the page, the table's caption and the cell. The same visit checks the charts:
// their text, scaled with the SVG to the phone's column, must render at 12 px or more.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { basename, sep } from "node:path";
import { readdirSync } from "node:fs";
import { siteDirs, buildSite, serve, launch, REPO } from "./lib.mjs";

const WIDTHS = [320, 375];

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

function siteName(dir) {
  return dir === REPO ? "サンプルサイト（リポジトリ直下）" : `examples/${basename(dir)}`;
}

/** Cells (th/td) with text whose box is narrower than three characters of their font. */
function narrowCells() {
  /**
   * Whether the cell sits in a visually hidden box (a 1 px box that clips its content, as
   * the column headers of a stacked table do on a phone): it is read, not seen.
   */
  function hiddenFromSight(cell) {
    for (let e = cell; e && e.tagName !== "TABLE"; e = e.parentElement) {
      const st = getComputedStyle(e);
      if (st.clipPath !== "none" || (st.overflow === "hidden" && e.getBoundingClientRect().width <= 1)) return true;
    }
    return false;
  }

  const out = [];
  for (const cell of document.querySelectorAll("th, td")) {
    const text = cell.textContent.replace(/\s+/g, " ").trim();
    if (!text) continue;
    const box = cell.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue; // not shown (display: none)
    if (hiddenFromSight(cell)) continue; // column headers kept only for screen readers
    const font = parseFloat(getComputedStyle(cell).fontSize);
    if (box.width < 3 * font) {
      const table = cell.closest("table");
      const caption = table?.querySelector("caption")?.textContent.replace(/\s+/g, " ").trim() || "（caption なし）";
      out.push({ caption, text: text.slice(0, 40), width: Math.round(box.width), font });
    }
  }
  return out;
}

/** Chart text (SVG <text>) that renders smaller than 12 px once the SVG is scaled. */
function smallChartText() {
  const out = [];
  for (const t of document.querySelectorAll("svg text")) {
    const box = t.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue; // not shown
    const ctm = t.getScreenCTM();
    if (!ctm) continue;
    const size = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(ctm.b, ctm.d);
    if (size < 11.95) {
      const fig = t.closest("figure")?.id || "（id なし）";
      out.push({ fig, text: t.textContent.trim().slice(0, 20), size: Math.round(size * 10) / 10 });
    }
  }
  return out;
}

for (const dir of siteDirs()) {
  test(`${siteName(dir)}: 幅 320px・375px で、表のセルが 3 文字より狭くならず、図の文字は 12px 以上`, { timeout: 600_000 }, async (t) => {
    const site = buildSite(dir);
    const srv = await serve(site.out);
    const pages = readdirSync(site.out, { recursive: true })
      .map((f) => String(f).split(sep).join("/"))
      .filter((f) => f.endsWith(".html"))
      .sort();
    const report = [];
    const small = [];
    let cells = 0;
    try {
      for (const width of WIDTHS) {
        const context = await browser.newContext({ viewport: { width, height: 800 } });
        const page = await context.newPage();
        for (const rel of pages) {
          await page.goto(srv.base + encodeURI(rel));
          for (const c of await page.evaluate(smallChartText)) {
            small.push(`${rel}（幅${width}px）: 図 #${c.fig} の文字「${c.text}」が ${c.size}px（12px より小さい）`);
          }
          for (const c of await page.evaluate(narrowCells)) {
            cells++;
            report.push(`${rel}（幅${width}px）: 表「${c.caption}」のセル「${c.text}」の幅 ${c.width}px（文字 ${c.font}px の 3 文字分より狭い）`);
          }
        }
        await context.close();
      }
    } finally {
      await srv.close();
      site.cleanup();
    }
    t.diagnostic(`${pages.length} ページ × ${WIDTHS.length} 幅を点検し、狭いセルは ${cells} 件でした`);
    assert.deepEqual(report, [], `狭すぎるセルが ${report.length} 件:\n${report.join("\n")}`);
    assert.deepEqual(small, [], `小さすぎる図の文字が ${small.length} 件:\n${small.join("\n")}`);
  });
}
