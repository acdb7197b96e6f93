#!/usr/bin/env python3
"""hyoka serve で報告を 1 件保存してから、新しいページが配信されるまでの時間を測ります（issue #9）。

    bench/serve-edit.py                     生成した 1,000 件のサイトで 16 回保存して中央値を表示
    SAVES=30 bench/serve-edit.py            保存の回数を変える
    SITE=examples/isehara REPORT=content/departments/shiminbu/2023.toml \
    PAGE=departments/shiminbu/2023/index.html bench/serve-edit.py
                                            ほかのサイト・報告で測る

先に bench/run.sh を一度実行して、1,000 件のサイト（$BENCH_DIR/site-1k、既定は
/tmp/hyoka-bench/site-1k）と release の hyoka を作っておいてください。サイトは一時フォルダーに
写してから使うので、元のサイトは変わりません。

保存のたびに、報告の「mission」の先頭に新しい目印の文字列を書き込み、ファイルを書き終えた時刻から、
そのページの HTML に目印が現れるまでを測ります（ページは 1 ミリ秒おきに取りに行きます）。
"""

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH_DIR = os.environ.get("BENCH_DIR", os.path.join(tempfile.gettempdir(), "hyoka-bench"))
SITE = os.environ.get("SITE", os.path.join(BENCH_DIR, "site-1k"))
REPORT = os.environ.get("REPORT", "content/departments/d014/2024.toml")
PAGE = os.environ.get("PAGE", "departments/d014/2024/index.html")
SAVES = int(os.environ.get("SAVES", "16"))
HYOKA = os.environ.get("HYOKA", os.path.join(ROOT, "target", "release", "hyoka"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8")
    except OSError:
        return None


def main():
    if not os.path.isfile(os.path.join(SITE, "site.toml")):
        sys.exit(f"{SITE} にサイトがありません。先に bench/run.sh を実行してください。")
    if not os.access(HYOKA, os.X_OK):
        sys.exit(f"{HYOKA} がありません。cargo build --release を実行してください。")
    work = tempfile.mkdtemp(prefix="hyoka-serve-edit-")
    site = os.path.join(work, "site")
    shutil.copytree(SITE, site)
    report = os.path.join(site, REPORT)
    with open(report, encoding="utf-8") as f:
        original = f.read()
    if "mission = \"\"\"\n" not in original:
        sys.exit(f"{REPORT} に mission = \"\"\" がありません。REPORT を変えてください。")
    port = free_port()
    url = f"http://127.0.0.1:{port}/{PAGE}"
    server = subprocess.Popen(
        [HYOKA, "serve", "--site", site, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while fetch(url) is None:
            if time.monotonic() > deadline or server.poll() is not None:
                sys.exit("hyoka serve が起動しませんでした。")
            time.sleep(0.1)
        times = []
        for n in range(SAVES):
            marker = f"計測用の目印{n:04d}です"
            text = original.replace("mission = \"\"\"\n", f"mission = \"\"\"\n{marker}", 1)
            with open(report, "w", encoding="utf-8") as f:
                f.write(text)
            saved = time.monotonic()
            while True:
                page = fetch(url)
                if page is not None and marker in page:
                    break
                if time.monotonic() - saved > 30:
                    sys.exit(f"{n + 1} 回目の保存が 30 秒たっても配信されません。")
                time.sleep(0.001)
            times.append((time.monotonic() - saved) * 1000)
            # Let the search index and open data that follow the page finish first.
            time.sleep(1.0)
        print(f"サイト: {SITE}（報告 {REPORT}）、保存 {SAVES} 回、{os.cpu_count()} コア")
        print("保存から配信まで（ミリ秒）: " + " ".join(f"{t:.0f}" for t in times))
        print(f"中央値 {statistics.median(times):.0f} ミリ秒、最小 {min(times):.0f}、最大 {max(times):.0f}")
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
