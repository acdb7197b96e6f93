// Measures how well site search finds what citizens type, on the example sites:
// hyoka's own character-bigram index (src/publish/search/ + assets/search.js) against Pagefind
// (its Japanese segmentation), with the queries of tests/search_queries.json.
//
//   node tests/browser/search-recall.mjs            (after cargo build)
//
// Pagefind is installed on demand into a temporary folder from the npm registry (it is not
// a dependency of hyoka or of the tests). Both are run in headless Chromium on the same built
// sites, served under /kikaku/hyoka/. Reported per engine:
//   page recall@10   the expected page is among the first 10 results
//   anchor recall@10 the result links to the expected goal / challenge / item itself
//   first            the expected result is the first one (for queries marked "first")
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import vm from "node:vm";
import { buildSite, serve, launch, REPO } from "./lib.mjs";

const { queries } = JSON.parse(readFileSync(join(REPO, "tests", "search_queries.json"), "utf8"));
const bySite = new Map();
for (const q of queries) {
  if (!bySite.has(q.site)) bySite.set(q.site, []);
  bySite.get(q.site).push(q);
}

const pfDir = mkdtempSync(join(tmpdir(), "pagefind-"));
const inst = spawnSync("npm", ["install", "--silent", "--prefix", pfDir, "pagefind@1"], { encoding: "utf8" });
const havePagefind = inst.status === 0;
if (!havePagefind) console.error("Pagefind を入れられませんでした（hyoka だけを測ります）:\n" + inst.stderr);
const pagefind = havePagefind ? await import(pathToFileURL(join(pfDir, "node_modules", "pagefind", "lib", "index.js")).href).catch(async () => import(pathToFileURL(join(pfDir, "node_modules", "pagefind", "lib", "index.cjs")).href)) : null;

const ctx = { module: { exports: {} } };
vm.runInNewContext(readFileSync(join(REPO, "themes", "hyoka", "static", "assets", "search.js"), "utf8"), ctx);
const hyoka = ctx.module.exports;

const pageOf = (u) => u.split("#")[0].replace(/index\.html$/, "");
const tally = { hyoka: { page: 0, anchor: 0, first: 0 }, pagefind: { page: 0, anchor: 0, first: 0 } };
let firstTotal = 0;
const rows = [];
const browser = await launch();
try {
  for (const [siteRel, qs] of bySite) {
    const site = buildSite(join(REPO, siteRel));
    const ictx = { window: {} };
    vm.runInNewContext(readFileSync(join(site.out, "search", "index.js"), "utf8"), ictx);
    const index = ictx.window.hyokaSearchIndex;
    if (pagefind) {
      const { index: pf } = await pagefind.createIndex({});
      await pf.addDirectory({ path: site.out });
      await pf.writeFiles({ outputPath: join(site.out, "pagefind") });
    }
    const srv = await serve(site.out);
    const page = await browser.newPage();
    await page.goto(srv.base + "index.html");
    for (const q of qs) {
      const ours = hyoka.search(index, q.query).slice(0, 10).map((h) => index.docs[h.doc][0]);
      let theirs = [];
      if (pagefind) {
        theirs = await page.evaluate(
          async ({ base, query }) => {
            const pf = await import(base + "pagefind/pagefind.js");
            await pf.options({ baseUrl: new URL(base).pathname });
            const s = await pf.search(query);
            const data = await Promise.all(s.results.slice(0, 10).map((r) => r.data()));
            return data.map((d) => ({ url: d.url, subs: d.sub_results.map((x) => x.url) }));
          },
          { base: srv.base, query: q.query },
        );
        theirs = theirs.map((d) => ({
          url: d.url.replace(new URL(srv.base).pathname, ""),
          subs: d.subs.map((s) => s.replace(new URL(srv.base).pathname, "")),
        }));
      }
      const want = q.expect;
      const wantAnchor = want.includes("#") ? want.split("#")[1] : null;
      const h = {
        page: ours.some((u) => pageOf(u) === pageOf(want)),
        anchor: ours.includes(want),
        first: ours[0] === want,
      };
      const p = {
        page: theirs.some((d) => pageOf(d.url) === pageOf(want)),
        anchor: theirs.some((d) => pageOf(d.url) === pageOf(want) && (!wantAnchor || d.subs.some((s) => s.includes("#" + wantAnchor)))),
        first: theirs.length > 0 && pageOf(theirs[0].url) === pageOf(want) && (!wantAnchor || (theirs[0].subs[0] || "").includes("#" + wantAnchor)),
      };
      for (const k of ["page", "anchor"]) {
        tally.hyoka[k] += h[k];
        tally.pagefind[k] += p[k];
      }
      if (q.first) {
        firstTotal++;
        tally.hyoka.first += h.first;
        tally.pagefind.first += p.first;
      }
      rows.push(`${siteRel}\t${q.query}\thyoka ${h.page ? "○" : "×"}${h.anchor ? "○" : "×"}${q.first ? (h.first ? "○" : "×") : "-"}\tPagefind ${pagefind ? (p.page ? "○" : "×") + (p.anchor ? "○" : "×") + (q.first ? (p.first ? "○" : "×") : "-") : "（未計測）"}\t${pagefind ? theirs.length : ""}件`);
    }
    await page.close();
    await srv.close();
    site.cleanup();
  }
} finally {
  await browser.close();
  if (pagefind) await pagefind.close();
  rmSync(pfDir, { recursive: true, force: true });
}
console.log("サイト\t検索語\t結果（ページ・位置・1番目）");
for (const r of rows) console.log(r);
const n = queries.length;
const pct = (x, d) => `${((100 * x) / d).toFixed(1)}% (${x}/${d})`;
for (const [name, t] of Object.entries(tally)) {
  if (name === "pagefind" && !pagefind) continue;
  console.log(`${name}: page recall@10 ${pct(t.page, n)}, anchor recall@10 ${pct(t.anchor, n)}, first ${pct(t.first, firstTotal)}`);
}
