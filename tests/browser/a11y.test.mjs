// Every page of the sample site and of every examples/<city>, in headless Chromium, served
// under a sub-folder (/kikaku/hyoka/) as a city would deploy it:
// - zero axe-core violations for WCAG 2.0/2.1/2.2 A and AA (JIS X 8341-3:2016 AA);
// - one h1, headings without skipped levels, a skip link to main, header/nav/main/footer
//   landmarks, every table with a caption and header cells;
// - no horizontal page scroll at 320 px (tables scroll in their own container), and axe
//   passes at 320 px too;
// - every internal link and #anchor resolves, and no request goes to another host;
// - 404.html works at any depth;
// - chart labels keep 4.5:1 contrast in Windows high contrast (forced colours), dark and light.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { basename, sep } from "node:path";
import { readdirSync } from "node:fs";
import { siteDirs, buildSite, serve, launch, runAxe, REPO } from "./lib.mjs";

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

async function checkStructure(page) {
  return page.evaluate(() => {
    const problems = [];
    const h1 = document.querySelectorAll("h1").length;
    if (h1 !== 1) problems.push(`h1 が ${h1} 個`);
    let prev = 0;
    for (const h of document.querySelectorAll("main h1, main h2, main h3, main h4, main h5, main h6")) {
      const level = Number(h.tagName[1]);
      if (prev && level > prev + 1) problems.push(`見出しの段が飛んでいます: h${prev} → h${level}「${h.textContent.trim().slice(0, 30)}」`);
      prev = level;
    }
    const skip = document.querySelector("a.skip");
    if (!skip || skip !== document.querySelector("body a")) problems.push("最初のリンクが「本文へ移動」ではありません");
    else if (!document.getElementById(skip.getAttribute("href").slice(1))) problems.push("「本文へ移動」の移動先がありません");
    for (const sel of ["header", "nav", "main", "footer"]) {
      if (!document.querySelector(sel)) problems.push(`<${sel}> がありません`);
    }
    for (const t of document.querySelectorAll("table")) {
      // Tables the theme draws have captions; a table written in a report's Markdown prose
      // has no way to carry one, and is introduced by the prose around it.
      if (!t.querySelector("caption") && !t.closest(".prose")) problems.push("caption のない表があります");
      if (!t.querySelector("th")) problems.push("見出しセル（th）のない表があります");
    }
    return problems;
  });
}

for (const dir of siteDirs()) {
  test(`${siteName(dir)}: すべてのページがアクセシブルで、リンクが切れていない`, { timeout: 600_000 }, async (t) => {
    const site = buildSite(dir);
    const srv = await serve(site.out);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const foreign = [];
    page.on("request", (r) => {
      const u = r.url();
      if (!u.startsWith(srv.origin + "/") && !u.startsWith("data:") && !u.startsWith("about:")) foreign.push(u);
    });
    const failed = [];
    page.on("response", (r) => {
      if (r.status() >= 400 && r.url() !== page.url()) failed.push(`${r.status()} ${r.url()}`);
    });
    const queue = [srv.base + "index.html"];
    const seen = new Set(queue);
    const ids = new Map(); // page URL → Set of ids
    const anchors = []; // [from, url with hash]
    const others = new Set(); // non-HTML internal targets
    const report = [];
    try {
      while (queue.length) {
        const url = queue.shift();
        const resp = await page.goto(url);
        assert.equal(resp.status(), 200, `${url} の応答が ${resp.status()}`);
        const rel = url.slice(srv.base.length);
        // Desktop: axe and structure.
        const axe = await runAxe(page);
        for (const v of axe.violations) {
          report.push(`${rel}: [${v.id}] ${v.help}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
        }
        for (const p of await checkStructure(page)) report.push(`${rel}: ${p}`);
        // 320 px: no horizontal scrolling of the page itself.
        await page.setViewportSize({ width: 320, height: 800 });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (overflow > 0) report.push(`${rel}: 幅 320px で横に ${overflow}px はみ出します`);
        // axe again at 320 px: tables that scroll must be reachable by keyboard.
        for (const v of (await runAxe(page)).violations) {
          report.push(`${rel}（幅320px）: [${v.id}] ${v.help}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
        }
        await page.setViewportSize({ width: 1280, height: 900 });
        // Links.
        const found = await page.evaluate(() => ({
          ids: [...document.querySelectorAll("[id]")].map((e) => e.id),
          links: [...document.querySelectorAll("a[href], link[href], script[src], img[src]")].map((e) => e.href || e.src),
        }));
        ids.set(url, new Set(found.ids));
        for (const link of found.links) {
          if (!link.startsWith(srv.origin)) continue;
          const u = new URL(link);
          const bare = u.origin + u.pathname;
          if (!bare.startsWith(srv.base)) {
            report.push(`${rel}: サイトのフォルダーの外へのリンク ${link}`);
            continue;
          }
          if (u.hash) anchors.push([rel, link]);
          if (bare.endsWith(".html")) {
            if (!seen.has(bare)) {
              seen.add(bare);
              queue.push(bare);
            }
          } else {
            others.add(bare);
          }
        }
      }
      for (const u of others) {
        const r = await fetch(u, { method: "HEAD" });
        if (r.status !== 200) report.push(`リンク先 ${u} の応答が ${r.status}`);
      }
      for (const [from, link] of anchors) {
        const u = new URL(link);
        const target = ids.get(u.origin + u.pathname);
        const id = decodeURIComponent(u.hash.slice(1));
        if (target && !target.has(id)) report.push(`${from}: ${link} の位置 #${id} がありません`);
      }
      // 404.html at any depth: its own resources must load and it must pass axe too.
      for (const deep of ["no-such-page.html", "departments/x/y/z/missing/"]) {
        const r = await page.goto(srv.base + deep);
        assert.equal(r.status(), 404);
        const axe = await runAxe(page);
        for (const v of axe.violations) report.push(`404 (${deep}): [${v.id}] ${v.help}`);
        for (const p of await checkStructure(page).then((ps) => ps.filter((x) => /h1|見出し/.test(x)))) report.push(`404 (${deep}): ${p}`);
        const links = await page.evaluate(() => [...document.querySelectorAll("a[href]")].map((a) => a.getAttribute("href")));
        for (const h of links) {
          if (!/^https?:\/\//.test(h)) report.push(`404 (${deep}): 深さによって切れる相対リンク ${h}`);
        }
      }
      // The crawl reached every page the build wrote.
      const all = readdirSync(site.out, { recursive: true })
        .map((f) => String(f).split(sep).join("/"))
        .filter((f) => f.endsWith(".html") && f !== "404.html");
      for (const f of all) if (!seen.has(srv.base + encodeURI(f))) report.push(`${f}: どのページからもリンクされていません`);
    } finally {
      await context.close();
      await srv.close();
      site.cleanup();
    }
    t.diagnostic(`${seen.size} ページを点検しました`);
    assert.ok(seen.size >= 5, `ページが少なすぎます: ${seen.size}`);
    assert.deepEqual(foreign, [], "ほかのホストへの読み込みがあります");
    assert.deepEqual(failed.filter((f) => !f.includes("no-such-page") && !f.includes("/missing/")), [], "読み込みに失敗したものがあります");
    assert.deepEqual(report, [], `問題が ${report.length} 件:\n${report.join("\n")}`);
  });
}

// Windows high contrast (forced colours) turns the page's ground dark or light; the
// charts' own colours are chosen for white. Every label of every chart must keep 4.5:1
// against the ground it is drawn on, in a dark and in a light high-contrast theme.
test("グラフの文字はハイコントラスト（強制カラー）でも読める", { timeout: 120_000 }, async () => {
  const site = buildSite(REPO);
  const srv = await serve(site.out);
  const problems = [];
  let checked = 0;
  try {
    for (const colorScheme of ["dark", "light"]) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.emulateMedia({ forcedColors: "active", colorScheme });
      for (const rel of ["departments/kenko/index.html", "departments/kenko/2023/index.html", "years/2023/index.html"]) {
        await page.goto(srv.base + rel);
        const found = await page.evaluate(() => {
          const rgb = (s) => (s.match(/[\d.]+/g) || []).map(Number);
          const lum = ([r, g, b]) => {
            const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
            return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
          };
          // The ground under an element: the first ancestor with an opaque background.
          const ground = (el) => {
            for (let e = el; e; e = e.parentElement) {
              const c = rgb(getComputedStyle(e).backgroundColor);
              if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
            }
            return rgb(getComputedStyle(document.body).backgroundColor).slice(0, 3);
          };
          // What a label is drawn on: the filled shape under its middle (a label inside a
          // bar), else the chart's ground.
          const under = (t) => {
            t.scrollIntoView({ block: "center" });
            const r = t.getBoundingClientRect();
            for (const e of document.elementsFromPoint(r.x + r.width / 2, r.y + r.height / 2)) {
              if (e === t || e.tagName === "text" || e.tagName === "svg") continue;
              if (!e.closest(".chart-svg")) break;
              const f = getComputedStyle(e).fill;
              if (f && f !== "none") return rgb(f).slice(0, 3);
            }
            return ground(t.closest(".chart-image"));
          };
          const out = [];
          for (const t of document.querySelectorAll(".chart-svg text")) {
            const fg = rgb(getComputedStyle(t).fill).slice(0, 3);
            const bg = under(t);
            const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
            out.push({ text: t.textContent, ratio: (a + 0.05) / (b + 0.05), fg, bg });
          }
          return out;
        });
        checked += found.length;
        for (const f of found) {
          if (f.ratio < 4.5) problems.push(`${rel}（${colorScheme}）: 「${f.text}」 文字 rgb(${f.fg}) / 地 rgb(${f.bg}) のコントラスト比 ${f.ratio.toFixed(2)}`);
        }
      }
      await context.close();
    }
  } finally {
    await srv.close();
    site.cleanup();
  }
  assert.ok(checked > 20, `グラフの文字が見つかりません（${checked} 件）`);
  assert.deepEqual(problems.slice(0, 20), [], `読めないグラフの文字が ${problems.length} 件`);
});
