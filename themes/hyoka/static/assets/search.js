/* hyoka サイト内検索。
 * 索引（search/index.js）は、検索を始めたときに初めて <script> で読み込みます
 * （ファイルとして開いたとき file:// では fetch が使えないため）。
 * 文字の正規化と分割は src/search.rs の normalize / tokens と同じ手順です。
 * どちらかを変えるときは、もう一方と tests/search_vectors.json も同じように変えてください。 */
(function (root) {
  "use strict";

  var HALF_KANA = "。「」、・ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン";
  var WORD = /^[\p{Alphabetic}\p{N}]$/u;
  var TITLE_BONUS = 100;
  var RECENT_BONUS = 1.0;

  /* 索引の語ごとの出現先（postings）は 1 本の文字列です（src/search.rs の DIGITS と GAP_BASE）。
   * 文書ごとに、前の文書番号との差（45 進で下の桁から。0〜44 の桁は「続きがある」、45〜89 の桁が最後）と、
   * 重み（1 桁）。数の配列よりファイルが小さく、読み込みでは文字列のまま置いておき、
   * 検索語に要る語の分だけここで数に戻します。 */
  var DIGITS = " !#$%'()*+,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";
  var GAP_BASE = 45;
  var DIGIT_VALUE = new Int8Array(128).fill(-1);
  for (var di = 0; di < DIGITS.length; di++) DIGIT_VALUE[DIGITS.charCodeAt(di)] = di;

  /** 出現先の文字列 s の文書ごとに f(文書番号, 重み) を呼びます。 */
  function eachPosting(s, f) {
    var doc = 0, i = 0, n = s.length;
    while (i < n) {
      var gap = 0, scale = 1, d;
      // 範囲外（i >= n）は charCodeAt が NaN、DIGIT_VALUE[NaN] が undefined で、比較が偽になり止まる。
      while ((d = DIGIT_VALUE[s.charCodeAt(i++)]) < GAP_BASE && d >= 0) {
        gap += d * scale;
        scale *= GAP_BASE;
      }
      doc += gap + (d - GAP_BASE) * scale;
      f(doc, DIGIT_VALUE[s.charCodeAt(i++)]);
    }
  }

  /** 出現先の文字列を [差, 重み, 差, 重み, …] に（src/search.rs の decode_postings と同じ。試験用）。 */
  function decodePostings(s) {
    var out = [], last = 0;
    eachPosting(s, function (doc, w) { out.push(doc - last, w); last = doc; });
    return out;
  }

  function voiced(p, semi) {
    var u = p.codePointAt(0);
    var kaTo = (u >= 0x30ab && u <= 0x30c1 && (u - 0x30ab) % 2 === 0) || u === 0x30c4 || u === 0x30c6 || u === 0x30c8;
    var ha = u >= 0x30cf && u <= 0x30db && (u - 0x30cf) % 3 === 0;
    if (!semi && p === "ウ") return "ヴ";
    if (!semi && (kaTo || ha)) return String.fromCodePoint(u + 1);
    if (semi && ha) return String.fromCodePoint(u + 2);
    return null;
  }

  /** 全角英数字→半角、英字→小文字、半角カナ→全角（濁点を結合）、全角空白→空白。 */
  function normalize(s) {
    var out = [];
    for (var c of String(s)) {
      var u = c.codePointAt(0);
      if (u >= 0xff01 && u <= 0xff5e) {
        out.push(String.fromCodePoint(u - 0xfee0).toLowerCase());
      } else if (u === 0x3000) {
        out.push(" ");
      } else if (u === 0xff9e || u === 0xff9f) {
        var semi = u === 0xff9f;
        var v = out.length ? voiced(out[out.length - 1], semi) : null;
        if (v) out[out.length - 1] = v;
        else out.push(semi ? "\u309c" : "\u309b");
      } else if (u >= 0xff61 && u <= 0xff9d) {
        out.push(HALF_KANA[u - 0xff61]);
      } else if (u >= 0x41 && u <= 0x5a) {
        out.push(String.fromCodePoint(u + 32));
      } else {
        out.push(c);
      }
    }
    return out.join("");
  }

  /** 文字の並び（語の文字の連続）ごとに、隣り合う 2 文字ずつに分けます。1 文字だけの並びはその 1 文字。 */
  function tokens(text) {
    var out = [];
    var run = [];
    function flush() {
      if (run.length === 1) out.push(run[0]);
      else for (var i = 0; i + 1 < run.length; i++) out.push(run[i] + run[i + 1]);
      run = [];
    }
    for (var c of normalize(text)) {
      if (WORD.test(c)) run.push(c);
      else flush();
    }
    flush();
    return out;
  }

  function kindRank(kind) {
    switch (kind) {
      case "目標": return 0;
      case "課題": case "事業": case "中期目標": return 1;
      case "計画の項目": return 2;
      case "報告": return 3;
      default: return 4;
    }
  }

  function cmpStr(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

  /** src/search.rs の SearchIndex::search と同じ順位づけ。戻り値は [{doc, score}]。 */
  function search(index, query) {
    var toks = tokens(query).sort(cmpStr).filter(function (t, i, a) { return i === 0 || a[i - 1] !== t; });
    if (!toks.length) return [];
    var docs = index.docs, terms = index.terms, n = docs.length;
    var scores = new Float64Array(n), matched = new Uint32Array(n);
    var keys = null;
    toks.forEach(function (t) {
      var best = new Map();
      var lists = [];
      if (Array.from(t).length === 1) {
        keys = keys || Object.keys(terms);
        keys.forEach(function (k) { if (k.indexOf(t) >= 0) lists.push(terms[k]); });
      } else if (Object.prototype.hasOwnProperty.call(terms, t)) {
        lists.push(terms[t]);
      }
      lists.forEach(function (l) {
        eachPosting(l, function (doc, w) {
          var prev = best.get(doc) || 0;
          if (w > prev) best.set(doc, w);
        });
      });
      var idf = Math.log(1 + n / (best.size + 1));
      Array.from(best.keys()).sort(function (a, b) { return a - b; }).forEach(function (d) {
        var w = best.get(d);
        scores[d] += idf * w / (w + 8);
        matched[d] += 1;
      });
    });
    var whole = normalize(query).replace(/\s/g, "");
    var first = 0, last = 0;
    docs.forEach(function (x) {
      if (x[5] > 0) {
        first = first ? Math.min(first, x[5]) : x[5];
        last = Math.max(last, x[5]);
      }
    });
    var hits = [];
    for (var d = 0; d < n; d++) {
      if (matched[d] !== toks.length) continue;
      var bonus = whole && normalize(docs[d][1]).indexOf(whole) >= 0 ? TITLE_BONUS : 0;
      // 同じくらいなら新しい年度を先に。
      var recent = docs[d][5] > 0 ? RECENT_BONUS * (docs[d][5] - first + 1) / (last - first + 1) : 0;
      hits.push({ doc: d, score: scores[d] + bonus + recent });
    }
    hits.sort(function (a, b) {
      return (b.score - a.score) || (kindRank(docs[a.doc][2]) - kindRank(docs[b.doc][2])) || (a.doc - b.doc);
    });
    return hits;
  }

  var api = { normalize: normalize, tokens: tokens, search: search, decodePostings: decodePostings };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  if (typeof document === "undefined") return;

  // ---- ページの動き（search/index.html） ----
  var MAX_SHOWN = 50;
  function start() {
    var form = document.querySelector("[data-search-form]");
    var input = document.querySelector("[data-search-input]");
    var list = document.querySelector("[data-search-results]");
    var status = document.querySelector("[data-search-status]");
    if (!form || !input || !list || !status) return;
    var nojs = document.querySelector("[data-search-nojs]");
    if (nojs) nojs.hidden = true;
    var base = list.getAttribute("data-root") || "";
    var state = "idle"; // idle | loading | ready | failed
    var timer = null;

    function show() {
      var q = input.value.trim();
      list.textContent = "";
      if (!q) { status.textContent = ""; return; }
      if (state === "loading") { status.textContent = "検索の準備をしています…"; return; }
      if (state === "failed") { status.textContent = "検索の索引を読み込めませんでした。部局一覧・計画一覧からお探しください。"; return; }
      if (state !== "ready") return;
      var index = root.hyokaSearchIndex;
      var hits = search(index, q);
      if (!hits.length) {
        status.textContent = "「" + q + "」に一致するものは見つかりませんでした。ことばを短くするか、別のことばでお試しください。";
        return;
      }
      status.textContent = "「" + q + "」の検索結果: " + hits.length + "件" + (hits.length > MAX_SHOWN ? "（上位" + MAX_SHOWN + "件を表示）" : "");
      hits.slice(0, MAX_SHOWN).forEach(function (h) {
        var d = index.docs[h.doc];
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = base + d[0];
        a.className = "result-title";
        a.textContent = d[1];
        li.appendChild(a);
        var meta = document.createElement("p");
        meta.className = "result-meta";
        meta.textContent = d[2] + (d[3] ? "・" + d[3] : "");
        li.appendChild(meta);
        if (d[4]) {
          var snip = document.createElement("p");
          snip.className = "result-snippet";
          snip.textContent = d[4];
          li.appendChild(snip);
        }
        list.appendChild(li);
      });
    }

    function load() {
      if (state !== "idle") return;
      if (root.hyokaSearchIndex) { state = "ready"; return; }
      state = "loading";
      var s = document.createElement("script");
      s.src = list.getAttribute("data-index");
      s.onload = function () {
        var ix = root.hyokaSearchIndex;
        state = ix && ix.v === 2 ? "ready" : "failed";
        show();
      };
      s.onerror = function () { state = "failed"; show(); };
      document.head.appendChild(s);
    }

    function remember() {
      try {
        var u = new URL(window.location.href);
        if (input.value.trim()) u.searchParams.set("q", input.value.trim());
        else u.searchParams.delete("q");
        window.history.replaceState(null, "", u.href);
      } catch (e) { /* file:// などで使えないときは URL を変えない */ }
    }

    input.addEventListener("input", function () {
      load();
      clearTimeout(timer);
      timer = setTimeout(function () { show(); remember(); }, 120);
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      load();
      clearTimeout(timer);
      show();
      remember();
    });
    var q = new URLSearchParams(window.location.search).get("q");
    if (q) {
      input.value = q;
      load();
      show();
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})(typeof window !== "undefined" ? window : this);
