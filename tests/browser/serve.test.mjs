// `hyoka serve` live reload in headless Chromium: an open page reloads by itself after an
// edit (and never meets a 404 or 5xx while the site is swapped), a broken file shows the
// error overlay (file and line) over the last good page without reloading, and fixing it
// reloads again. Run on IPv4 loopback at `/` and on IPv6 loopback under `/hyoka/`, the two
// cases that broke other generators' reload scripts.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hyokaBin, launch, REPO } from "./lib.mjs";

const REPORT = "content/departments/kikaku/2016.toml";
const PAGE = "departments/kikaku/2016/index.html";
const TITLE = "第５次総合計画前期基本計画・施策評価の実施";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Whether this machine has an IPv6 loopback address. */
async function hasIpv6() {
  return new Promise((ok) => {
    const s = createServer();
    s.once("error", () => ok(false));
    s.listen(0, "::1", () => s.close(() => ok(true)));
  });
}

/** Copies examples/isehara into a temporary folder. */
function fixture() {
  const tmp = mkdtempSync(join(tmpdir(), "hyoka-serve-"));
  const site = join(tmp, "site");
  cpSync(join(REPO, "examples", "isehara"), site, {
    recursive: true,
    filter: (src) => !src.includes(`${join("isehara", "output")}`),
  });
  return { site, cleanup: () => rmSync(tmp, { recursive: true, force: true }) };
}

/** Starts `hyoka serve` on a free port; resolves once it prints its URL. */
function startServer(site, args) {
  const child = spawn(hyokaBin(), ["--site", site, "serve", "--port", "0", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const url = new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`hyoka serve did not start:\n${log}`)), 60_000);
    const onData = (d) => {
      log += d.toString();
      const m = log.match(/プレビュー: (http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => fail(new Error(`hyoka serve exited (${code}):\n${log}`)));
  });
  const stop = () =>
    new Promise((ok) => {
      if (child.exitCode !== null) return ok();
      child.once("exit", ok);
      child.kill("SIGINT");
      setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
    });
  return { url, stop, log: () => log };
}

async function reloadsAfterEdits(t, args, expectBase) {
  const { site, cleanup } = fixture();
  const server = startServer(site, args);
  const context = await browser.newContext();
  try {
    const base = await server.url;
    assert.ok(base.endsWith(expectBase), base);
    const page = await context.newPage();
    const bad = [];
    page.on("response", (r) => {
      if (r.status() >= 400) bad.push(`${r.status()} ${r.url()}`);
    });
    const connected = page.waitForResponse((r) => r.url().includes("__hyoka/events"));
    const first = await page.goto(base + PAGE);
    assert.equal(first.status(), 200);
    assert.equal((await connected).status(), 200);
    assert.ok((await page.textContent("main")).includes(TITLE));
    await page.evaluate(() => {
      window.__notReloaded = true;
    });

    // 1. An edit: the open page reloads by itself and shows it.
    const file = join(site, REPORT);
    const original = readFileSync(file, "utf8");
    const edited = original.replace(TITLE, "施策評価の実施（ブラウザーで確認）");
    let loaded = page.waitForEvent("load", { timeout: 10_000 });
    writeFileSync(file, edited);
    await loaded;
    assert.ok((await page.textContent("main")).includes("施策評価の実施（ブラウザーで確認）"));
    assert.equal(await page.evaluate(() => window.__notReloaded), undefined, "the page reloaded");
    await page.evaluate(() => {
      window.__notReloaded = true;
    });

    // 2. A broken file: no reload; the overlay shows file and line over the last good page.
    const broken = edited + "\nthis line = = is broken\n";
    const badLine = broken.split("\n").length - 1;
    writeFileSync(file, broken);
    const overlay = await page.waitForSelector("#hyoka-error-overlay", { timeout: 10_000 });
    const text = await overlay.textContent();
    assert.ok(text.includes(`${REPORT}:${badLine}`), text);
    assert.equal(await page.evaluate(() => window.__notReloaded), true, "no reload on error");
    assert.ok((await page.textContent("main")).includes("施策評価の実施（ブラウザーで確認）"));

    // 3. Fixed: reloads again, overlay gone.
    loaded = page.waitForEvent("load", { timeout: 10_000 });
    writeFileSync(file, original);
    await loaded;
    assert.ok((await page.textContent("main")).includes(TITLE));
    assert.equal(await page.$("#hyoka-error-overlay"), null);

    assert.deepEqual(bad, [], "no failed responses while reloading");
  } catch (e) {
    t.diagnostic(server.log());
    throw e;
  } finally {
    await context.close();
    await server.stop();
    cleanup();
  }
}

test("IPv4 のループバックで、編集すると開いているページが自動で読み込み直される", { timeout: 120_000 }, (t) =>
  reloadsAfterEdits(t, [], "/"),
);

test("IPv6 のループバックとサブフォルダー（/hyoka/）でも自動で読み込み直される", { timeout: 120_000 }, async (t) => {
  if (!(await hasIpv6())) {
    t.skip("このマシンには IPv6 のループバックがありません");
    return;
  }
  await reloadsAfterEdits(t, ["--bind", "::1", "--base-path", "/hyoka/"], "/hyoka/");
});
