#!/usr/bin/env bash
# `hyoka serve` に、同じマシンから wrk で負荷をかけ、1 秒あたりのリクエスト数・エラー・
# 最大メモリーを測ります（issue #10）。
#
#   bench/serve-load.sh                  サンプルサイト（リポジトリーの直下）で 3 とおり測る
#   DURATION=30s bench/serve-load.sh     1 回の長さを変える（既定 10s）
#   SITE=examples/isehara PATHS="/ /assets/style.css" bench/serve-load.sh
#                                        サイトと、順に要求するパスを変える
#   PORT=18080 bench/serve-load.sh       待ち受けるポートを変える（既定 18111）
#
# 測るのは次の 4 とおりです（どれも 10,000 件を大きく超えるリクエストになります）。
#   1. 接続を使い回す 50 本の接続（ブラウザーに近い使い方）
#   2. 500 本の接続を同時に開いたまま
#   3. 1 リクエストごとに接続を作り直す 50 本（Connection: close）
#   4. 途中までしか送らずに止まった接続 500 本を開いたまま、1 と同じ負荷
#      （そのあと、止まった接続をサーバーが 30 秒で閉じることも確かめます）
# 要求するパスは、トップ・部局一覧・報告のページ（約 75 KB）・CSS・CSV・検索の索引
# （約 280 KB）を順番に回します。最後に、hyoka の最大常駐メモリー（/proc/PID/status の
# VmHWM）を表示します。wrk がなければ Debian のパッケージから入れます。
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SITE=${SITE:-$ROOT}
PORT=${PORT:-18111}
DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
PATHS=${PATHS:-"/ /departments/ /departments/seisaku/2022/ /assets/style.css /data/goals.csv /search/index.js"}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}

if ! command -v wrk >/dev/null 2>&1; then
  echo "wrk を Debian のパッケージから入れます…" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

echo "release でビルドしています…" >&2
(cd "$ROOT" && cargo build --release --quiet --bin hyoka)
HYOKA="$TARGET/release/hyoka"

WORK=$(mktemp -d)
LOG="$WORK/serve.log"
SERVER=""
HOLDER=""
cleanup() {
  # 自分で起動したプロセスだけを、その番号で止めます。
  for pid in $HOLDER $SERVER; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

"$HYOKA" --site "$SITE" serve --port "$PORT" >"$LOG" 2>&1 &
SERVER=$!
for _ in $(seq 1 300); do
  grep -q "プレビュー:" "$LOG" && break
  if ! kill -0 "$SERVER" 2>/dev/null; then
    cat "$LOG" >&2
    echo "hyoka serve が起動しませんでした。" >&2
    exit 1
  fi
  sleep 0.1
done
grep -q "プレビュー:" "$LOG" || { cat "$LOG" >&2; echo "hyoka serve が起動しませんでした。" >&2; exit 1; }
URL="http://127.0.0.1:$PORT"

# 要求するパスを順に回す wrk のスクリプト。
LUA="$WORK/paths.lua"
{
  printf 'local paths = {'
  for p in $PATHS; do printf '"%s",' "$p"; done
  printf '}\n'
  cat <<'EOF'
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
EOF
} >"$LUA"

# 始める前に、どのパスも 200 を返すことを確かめます（404 を測っても意味がないため）。
for p in $PATHS; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$URL$p")
  if [ "$code" != 200 ]; then
    echo "$URL$p が $code を返しました。PATHS を確かめてください。" >&2
    exit 1
  fi
done

hwm() { awk '/^VmHWM:/ { print $2 }' "/proc/$SERVER/status"; }
echo "マシン: $(nproc) コア、$(awk '/^MemTotal:/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)、$(uname -sr)"
echo "hyoka: $HYOKA（サイト: $SITE）"
echo "wrk: $(wrk -v 2>&1 | head -1)"
echo "始める前の最大メモリー: $(hwm) KiB"

run() {
  local title=$1
  shift
  echo
  echo "== $title"
  echo "\$ wrk $(printf '%q ' "$@")-s paths.lua $URL"
  wrk "$@" -s "$LUA" "$URL" | tee "$WORK/out"
  local reqs rps non2xx sock
  reqs=$(awk '/requests in/ { print $1 }' "$WORK/out")
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$WORK/out")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$WORK/out")
  sock=$(grep 'Socket errors:' "$WORK/out" | sed 's/^ *//' || true)
  echo "-> リクエスト ${reqs} 件、毎秒 ${rps} 件、2xx/3xx 以外 ${non2xx:-0} 件、${sock:-ソケットのエラー 0 件}、最大メモリー $(hwm) KiB"
  # サーバーが生きていて、まだ答えること。
  curl -sf -o /dev/null "$URL/" || { echo "負荷のあと、サーバーが答えません。" >&2; exit 1; }
}

run "接続を使い回す 50 本" -t"$THREADS" -c50 -d"$DURATION" --latency
run "同時に 500 本" -t"$THREADS" -c500 -d"$DURATION" --latency
run "1 リクエストごとに新しい接続（50 本）" -t"$THREADS" -c50 -d"$DURATION" -H "Connection: close"

# 4. 止まった接続: 半分は何も送らず、半分はリクエストの 1 行目を途中まで送って止まります。
# 別のプロセスで開きます（wrk がこの接続を受け継ぐと、wrk 自身が接続を作れなくなるため）。
(
  for i in $(seq 1 500); do
    exec {fd}<>"/dev/tcp/127.0.0.1/$PORT"
    if [ $((i % 2)) = 0 ]; then printf 'GET /index.html HT' >&"$fd"; fi
  done
  touch "$WORK/stalled"
  exec sleep 3600
) &
HOLDER=$!
while [ ! -e "$WORK/stalled" ]; do sleep 0.1; done
fds() { find "/proc/$SERVER/fd" -mindepth 1 -maxdepth 1 | wc -l; }
echo
echo "止まった接続を 500 本開きました（サーバーの開いているファイル: $(fds) 個）。"
run "止まった接続 500 本があるところに、接続を使い回す 50 本" -t"$THREADS" -c50 -d"$DURATION" --latency
echo "35 秒待ちます（サーバーは、30 秒間何も送っていない接続を閉じます）…"
sleep 35
echo "35 秒後のサーバーの開いているファイル: $(fds) 個"
kill "$HOLDER" 2>/dev/null || true
wait "$HOLDER" 2>/dev/null || true

echo
echo "hyoka serve の最大メモリー（VmHWM）: $(hwm) KiB"
