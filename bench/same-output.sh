#!/usr/bin/env bash
# 2 つの hyoka が同じ入力から 1 バイトも違わない出力を作るかを確かめます（issue #17）。
#
#   bench/same-output.sh OLD_HYOKA NEW_HYOKA [GEN_SITE]
#
# 同梱のサンプルサイト、examples/ のすべてのサイト、（GEN_SITE を渡したときは）gen-site で作った
# 1,000 件のサイトを、両方の hyoka で書き出して diff -r で比べます。違うファイルがあれば
# その一覧を表示して終了コード 1 で終わります。出力フォルダーの目印 .hyoka-output は比べません
# （hyoka が書いたファイルの一覧を持つようになったため、issue #22 の前の hyoka とは中身が違います）。
set -euo pipefail
OLD=$(realpath "$1"); NEW=$(realpath "$2"); GEN=${3:-}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/hyoka-same.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
sites=("$ROOT")
for s in "$ROOT"/examples/*/; do sites+=("${s%/}"); done
if [ -n "$GEN" ]; then
  "$GEN" "$WORK/gen1k" --departments 40 --years 25 --goals 8 >/dev/null
  sites+=("$WORK/gen1k")
fi
fail=0; files=0
for s in "${sites[@]}"; do
  name=$(basename "$s")
  "$OLD" --site "$s" build --output "$WORK/old-$name" >/dev/null 2>&1
  "$NEW" --site "$s" build --output "$WORK/new-$name" >/dev/null 2>&1
  n=$(find "$WORK/old-$name" -type f | wc -l)
  files=$((files + n))
  if diff -rq -x .hyoka-output "$WORK/old-$name" "$WORK/new-$name" >"$WORK/diff-$name"; then
    echo "同じ: $name（$n ファイル）"
  else
    echo "違う: $name"; head -20 "$WORK/diff-$name"; fail=1
  fi
done
echo "比べたファイル: $files"
exit $fail
