// Helpers shared by the browser tests: find the hyoka binary, build a site into a temporary
// folder, serve it on 127.0.0.1 under a sub-folder path (as a city website would), and launch
// the system Chromium headless through playwright-core (no browser download).
import { spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, statSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, extname, resolve, normalize, sep, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** WCAG 2.0/2.1/2.2 A and AA, as required for JIS X 8341-3:2016 AA. */
export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** The site folders: the repository's own sample site and every examples/<city>. */
export function siteDirs() {
  const dirs = [REPO];
  const ex = join(REPO, "examples");
  for (const name of spawnSync("ls", [ex], { encoding: "utf8" }).stdout.split("\n").filter(Boolean).sort()) {
    if (existsSync(join(ex, name, "site.toml"))) dirs.push(join(ex, name));
  }
  return dirs;
}

/** The hyoka binary: $HYOKA_BIN, else the newest of target/release and target/debug. */
export function hyokaBin() {
  if (process.env.HYOKA_BIN) return process.env.HYOKA_BIN;
  const found = ["release", "debug"]
    .map((p) => join(REPO, "target", p, "hyoka"))
    .filter((p) => existsSync(p))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (!found.length) throw new Error("hyoka の実行ファイルがありません。先に cargo build --release を実行してください。");
  return found[0];
}

/** Builds `siteDir` into a new temporary folder and returns its path. */
export function buildSite(siteDir) {
  const tmp = mkdtempSync(join(tmpdir(), "hyoka-browser-"));
  const out = join(tmp, "output");
  const r = spawnSync(hyokaBin(), ["--site", siteDir, "build", "--output", out], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`hyoka build failed for ${siteDir}:\n${r.stdout}\n${r.stderr}`);
  return { out, cleanup: () => rmSync(tmp, { recursive: true, force: true }) };
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/**
 * Serves `root` at http://127.0.0.1:<port><prefix> (prefix like "/kikaku/hyoka/"). Anything
 * outside the prefix or missing gets the site's 404.html with status 404, as a city server
 * configured with ErrorDocument would.
 */
export async function serve(root, prefix = "/kikaku/hyoka/") {
  const notFound = (res) => {
    const p = join(root, "404.html");
    res.writeHead(404, { "content-type": TYPES[".html"] });
    res.end(existsSync(p) ? readFileSync(p) : "not found");
  };
  const server = createServer((req, res) => {
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    } catch {
      return notFound(res);
    }
    if (!path.startsWith(prefix)) return notFound(res);
    let rel = path.slice(prefix.length);
    if (rel === "" || rel.endsWith("/")) rel += "index.html";
    const file = normalize(join(root, rel));
    if (!file.startsWith(root + sep)) return notFound(res);
    let st;
    try {
      st = statSync(file);
    } catch {
      return notFound(res);
    }
    if (!st.isFile()) return notFound(res);
    res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream" });
    res.end(req.method === "HEAD" ? undefined : readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    base: `http://127.0.0.1:${port}${prefix}`,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

/** Launches the system Chromium headless. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Runs axe-core (from node_modules, injected inline) on the page with the WCAG A/AA tags. */
export async function runAxe(page) {
  const src = readFileSync(join(REPO, "tests", "browser", "node_modules", "axe-core", "axe.min.js"), "utf8");
  await page.evaluate(src);
  return page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
    AXE_TAGS,
  );
}
