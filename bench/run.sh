#!/usr/bin/env bash
# hyoka と Hugo の書き出し時間・最大メモリーを、同じマシンで交互に測ります（issue #9）。
#
#   bench/run.sh                 1,000 件（40 部局 × 25 年度）と 10,000 件（400 × 25）を 5 回ずつ
#   RUNS=3 bench/run.sh          回数を変える
#   SIZES=1k bench/run.sh        1,000 件だけ
#   OUT_DIR=/dev/shm/hyoka-bench bench/run.sh
#                                出力先を変える（既定は作業フォルダーと同じ場所。tmpfs にすると
#                                ディスクの速さに左右されない、生成器そのものの速さを測れます）
#
# 毎回、出力フォルダーを消してから書き出します（キャッシュなしの「冷えた」書き出し）。消す時間は
# 測りません。壁時計時間の中央値、1 件あたりの時間、最大常駐メモリー（/usr/bin/time -v の
# Maximum resident set size）の中央値、hyoka/Hugo の比を表示します。
set -euo pipefail

RUNS=${RUNS:-5}
SIZES=${SIZES:-"1k 10k"}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${BENCH_DIR:-${TMPDIR:-/tmp}/hyoka-bench}
OUT=${OUT_DIR:-$WORK/out}
mkdir -p "$WORK" "$OUT"

need() { command -v "$1" >/dev/null 2>&1; }
if ! need hugo || [ ! -x /usr/bin/time ]; then
  echo "hugo と /usr/bin/time を Debian のパッケージから入れます…" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo time >/dev/null
fi

echo "release でビルドしています…" >&2
(cd "$ROOT" && cargo build --release --quiet --bin hyoka --example gen-site)
HYOKA="$ROOT/target/release/hyoka"
GEN="$ROOT/target/release/examples/gen-site"

# One timed run: prints "seconds max_rss_kib".
measure() {
  local log start end
  log=$(mktemp)
  start=$(date +%s%N)
  if ! /usr/bin/time -v "$@" >/dev/null 2>"$log"; then
    cat "$log" >&2
    rm -f "$log"
    return 1
  fi
  end=$(date +%s%N)
  local rss
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  rm -f "$log"
  awk -v a="$start" -v b="$end" -v m="$rss" 'BEGIN { printf "%.3f %d\n", (b - a) / 1e9, m }'
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

printf '\n%s\n' "マシン: $(nproc) コア、$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)、$(hugo version | cut -d' ' -f1-2)、出力先 $OUT（$(df -T "$OUT" | awk 'NR==2 {print $2}')）、各 $RUNS 回"
printf '%-8s %-6s %10s %14s %12s\n' "件数" "生成器" "中央値(秒)" "1件あたり(ms)" "最大メモリー(MiB)"

for size in $SIZES; do
  case $size in
    1k) depts=40 ;;
    10k) depts=400 ;;
    *) echo "SIZES は 1k か 10k です: $size" >&2; exit 2 ;;
  esac
  reports=$((depts * 25))
  site="$WORK/site-$size"
  hugo_site="$WORK/hugo-$size"
  if [ ! -f "$site/.generated-$depts" ]; then
    echo "$size のサイトを作っています…" >&2
    rm -rf "$site" "$hugo_site"
    "$GEN" "$site" --departments "$depts" --years 25 --goals 8 --hugo "$hugo_site" >&2
    touch "$site/.generated-$depts"
  fi
  h_times=(); h_mem=(); g_times=(); g_mem=()
  for i in $(seq "$RUNS"); do
    rm -rf "$OUT/hyoka-$size"
    read -r t m < <(measure "$HYOKA" --site "$site" build --output "$OUT/hyoka-$size")
    h_times+=("$t"); h_mem+=("$m")
    rm -rf "$OUT/hugo-$size"
    read -r t m < <(measure hugo --quiet -s "$hugo_site" -d "$OUT/hugo-$size")
    g_times+=("$t"); g_mem+=("$m")
    echo "  $size 回目 $i: hyoka ${h_times[-1]} 秒、hugo ${g_times[-1]} 秒" >&2
  done
  ht=$(printf '%s\n' "${h_times[@]}" | median); hm=$(printf '%s\n' "${h_mem[@]}" | median)
  gt=$(printf '%s\n' "${g_times[@]}" | median); gm=$(printf '%s\n' "${g_mem[@]}" | median)
  for row in "hyoka $ht $hm" "hugo $gt $gm"; do
    set -- $row
    awk -v n="$reports" -v who="$1" -v t="$2" -v m="$3" -v s="$size" \
      'BEGIN { printf "%-8s %-6s %10.3f %14.3f %12.0f\n", s, who, t, t * 1000 / n, m / 1024 }'
  done
  awk -v a="$ht" -v b="$gt" -v s="$size" 'BEGIN { printf "%-8s hyoka/hugo の比 %.2f\n", s, a / b }'
  eval "ht_$size=$ht"
  rm -rf "$OUT/hyoka-$size" "$OUT/hugo-$size"
done
if [ -n "${ht_1k:-}" ] && [ -n "${ht_10k:-}" ]; then
  awk -v a="$ht_10k" -v b="$ht_1k" 'BEGIN { printf "hyoka 10k/1k の比 %.1f\n", a / b }'
fi
