#!/usr/bin/env bash
# Coverage-guided fuzzing of hyoka's input handling with cargo-fuzz (libFuzzer).
#
# usage: fuzz/run.sh [SECONDS] [TARGET...]
#   SECONDS  how long to fuzz each target (default 60)
#   TARGET   report_toml, report_md, markdown (default: all three)
#
# Targets (fuzz_targets/):
#   report_toml  bytes as a report's <FY>.toml in the small site of tests/corpus/_baseline:
#                decoding, TOML parsing, validation (every message must be Japanese and
#                name its place) and, when valid, rendering every page, search and open data.
#   report_md    the same for <FY>.md with +++ front matter.
#   markdown     Markdown prose to HTML with and without allow_html, and front matter
#                splitting; the HTML must have no script-capable element, no on* attribute
#                and no javascript:/data: URL; the fast path for plain prose must write what
#                pulldown-cmark writes.
#
# Works on stable Rust: cargo-fuzz passes nightly -Z flags to rustc, which RUSTC_BOOTSTRAP=1
# lets a stable compiler accept. cargo-fuzz is installed from crates.io when missing.
# Seeds are every file of tests/corpus/ and examples/; what the fuzzer learns is kept in
# fuzz/corpus/<target>/ (not committed). A crash stops the run with a non-zero exit and
# leaves its input in fuzz/artifacts/<target>/: copy it to fuzz/regressions/<target>/ and
# make it a case in tests/corpus/ (or a unit test) before fixing it. Reproduce one with
#   RUSTC_BOOTSTRAP=1 cargo fuzz run <target> fuzz/artifacts/<target>/crash-…
set -euo pipefail
cd "$(dirname "$0")"

secs="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(report_toml report_md markdown)
fi

export RUSTC_BOOTSTRAP=1
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "== installing cargo-fuzz from crates.io"
  cargo install cargo-fuzz --locked
fi
cargo fuzz --version

echo "== building the fuzz targets (release, instrumented)"
cargo fuzz build -O

# Seeds: the report, plan and Markdown files of the bad-input corpus and the example sites.
rm -rf seeds && mkdir -p seeds
find ../tests/corpus ../examples -path '*/output' -prune -o -type f \( -name '*.toml' -o -name '*.md' \) -print |
  while IFS= read -r f; do
    cp "$f" "seeds/$(printf '%s' "$f" | tr '/' '_' | sed 's/^\.\._//')"
  done

for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  echo "== fuzzing $t for ${secs}s"
  log="$(mktemp)"
  # libFuzzer writes new inputs only to the first folder; the seeds are read once.
  status=0
  case "$t" in markdown) dict=markdown.dict ;; *) dict=toml.dict ;; esac
  # Inputs that once failed (regressions/<target>/, committed) run first as seeds.
  mkdir -p "regressions/$t"
  cargo fuzz run -O "$t" "corpus/$t" "regressions/$t" seeds -- -dict="$dict" \
    -max_total_time="$secs" -timeout=30 -rss_limit_mb=4096 -max_len=65536 \
    -print_final_stats=1 >"$log" 2>&1 || status=$?
  grep -E '^#[0-9]+[[:space:]]+(INITED|DONE)|^stat::(number_of_executed_units|peak_rss_mb|new_units_added)|^Done' "$log" || true
  if [ "$status" -ne 0 ]; then
    tail -n 60 "$log" >&2
    echo "fuzz: $t failed (exit $status); the input is in fuzz/artifacts/$t/" >&2
    exit 1
  fi
  rm -f "$log"
done
echo "fuzz: no crash in ${targets[*]} (${secs}s each)"
