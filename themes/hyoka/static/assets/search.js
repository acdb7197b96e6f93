/* hyoka サイト内検索。
 * 索引（search/index.js）は、検索を始めたときに初めて <script> で読み込みます
 * （ファイルとして開いたとき file:// では fetch が使えないため）。
 * 文字の正規化と分割は src/publish/search/segment.rs の normalize / tokens と同じ手順です。
 * どちらかを変えるときは、もう一方と tests/search_vectors.json も同じように変えてください。 */
(function (root) {
  "use strict";

  var HALF_KANA = "。「」、・ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン";
  var WORD = /^[\p{Alphabetic}\p{N}]$/u;
  var TITLE_BONUS = 100;
  var RECENT_BONUS = 1.0;

  /* 索引の語ごとの出現先（postings）は 1 本の文字列です（src/publish/search/postings.rs の DIGITS と GAP_BASE）。
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

  /** 出現先の文字列を [差, 重み, 差, 重み, …] に（src/publish/search/postings.rs の decode_postings と同じ。試験用）。 */
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

  /** 全角英数字→半角、英字→小文字、半角カナ→全角（濁点を結合）、全角空白→空白。
   * at を渡すと、正規化した文字ごとに元の文字（コードポイントの番号）の位置を入れます。 */
  function normalize(s, at) {
    var out = [];
    var k = 0;
    for (var c of String(s)) {
      var u = c.codePointAt(0);
      if (u >= 0xff01 && u <= 0xff5e) {
        out.push(String.fromCodePoint(u - 0xfee0).toLowerCase());
      } else if (u === 0x3000) {
        out.push(" ");
      } else if (u === 0xff9e || u === 0xff9f) {
        var semi = u === 0xff9f;
        var v = out.length ? voiced(out[out.length - 1], semi) : null;
        if (v) { out[out.length - 1] = v; k++; continue; }
        out.push(semi ? "\u309c" : "\u309b");
      } else if (u >= 0xff61 && u <= 0xff9d) {
        out.push(HALF_KANA[u - 0xff61]);
      } else if (u >= 0x41 && u <= 0x5a) {
        out.push(String.fromCodePoint(u + 32));
      } else {
        out.push(c);
      }
      if (at) at.push(k);
      k++;
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

  /** src/publish/search/ranking.rs の SearchIndex::search と同じ順位づけ。戻り値は [{doc, score}]。 */
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

  /** 検索の結果を、検索ページが並べる単位で返します（src/publish/search/ranking.rs の results と同じ）。
   * 同じ目標の年度ごとの文書（同じ group）は 1 件にまとめ、その中でいちばん新しい年度を先頭にします。
   * filter は { year, dept, kind }（空なら絞り込まない）。戻り値は [[文書番号, …], …]。 */
  function results(index, query, filter) {
    var docs = index.docs;
    var f = filter || {};
    var out = [], at = new Map();
    search(index, query).forEach(function (h) {
      var x = docs[h.doc];
      if (f.year && String(x[5]) !== String(f.year)) return;
      if (f.dept && deptOf(x[0]) !== f.dept) return;
      if (f.kind && KIND_CODE[x[2]] !== f.kind) return;
      var g = x.length > 6 ? x[6] : h.doc;
      if (at.has(g)) out[at.get(g)].push(h.doc);
      else { at.set(g, out.length); out.push([h.doc]); }
    });
    out.forEach(function (r) {
      // 同じ年度なら、よく当たったほうが先（安定な並べ替え）。
      r.sort(function (a, b) { return docs[b][5] - docs[a][5]; });
    });
    return out;
  }

  /** 種類の名前と、URL の kind= に書く値。 */
  var KIND_CODE = {
    "目標": "goal", "課題": "challenge", "事業": "project", "中期目標": "midterm",
    "報告": "report", "部局": "department", "計画": "plan", "計画の項目": "item"
  };

  /** 文書の URL（departments/<部局>/…）から部局の slug。部局のものでなければ空。 */
  function deptOf(url) {
    var m = /^departments\/([^\/]+)\//.exec(url);
    return m ? m[1] : "";
  }

  /** text の文字ごとに、検索語に当たるかどうかの印（1 なら当たる）。
   * まず検索語を空白で区切った語のまま探し、どれも見つからないときは 2 文字ずつの語を探します。 */
  function marks(text, query) {
    var chars = Array.from(String(text));
    var at = [];
    var norm = Array.from(normalize(text, at));
    var m = new Uint8Array(chars.length);
    var words = normalize(query).split(/\s+/).filter(Boolean);
    var found = false;
    [words, tokens(query)].some(function (list) {
      list.forEach(function (w) {
        var nd = Array.from(w);
        for (var i = 0; i + nd.length <= norm.length; i++) {
          var j = 0;
          while (j < nd.length && norm[i + j] === nd[j]) j++;
          if (j < nd.length) continue;
          var end = i + nd.length < at.length ? at[i + nd.length] : chars.length;
          for (var k = at[i]; k < end; k++) m[k] = 1;
          found = true;
        }
      });
      return found;
    });
    return { chars: chars, marks: m };
  }

  var SNIPPET_CHARS = 80;
  var SNIPPET_LEAD = 20;

  /** 結果の下に出す抜き出し: 最初に当たったところの少し前から SNIPPET_CHARS 文字。
   * 戻り値は { chars, marks, from, to }（from > 0 なら前を、to < 長さ なら後ろを「…」で省く）。 */
  function snippet(text, query) {
    var r = marks(text, query);
    var n = r.chars.length;
    var first = r.marks.indexOf(1);
    var from = first < 0 ? 0 : Math.max(0, Math.min(first - SNIPPET_LEAD, n - SNIPPET_CHARS));
    r.from = from;
    r.to = Math.min(n, from + SNIPPET_CHARS);
    return r;
  }

  var api = {
    normalize: normalize, tokens: tokens, search: search, results: results,
    snippet: snippet, decodePostings: decodePostings
  };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  if (typeof document === "undefined") return;

  // ---- ページの動き（search/index.html） ----
  var FORMAT = 3;
  var MAX_SHOWN = 50;

  /** chars[from, to) を el に足します。印のついた文字は <mark> に（文字はすべてテキストとして）。 */
  function appendMarked(el, r, from, to) {
    var i = from;
    while (i < to) {
      var on = r.marks[i], j = i;
      while (j < to && r.marks[j] === on) j++;
      var piece = r.chars.slice(i, j).join("");
      if (on) {
        var mk = document.createElement("mark");
        mk.textContent = piece;
        el.appendChild(mk);
      } else {
        el.appendChild(document.createTextNode(piece));
      }
      i = j;
    }
  }

  function start() {
    var form = document.querySelector("[data-search-form]");
    var input = document.querySelector("[data-search-input]");
    var list = document.querySelector("[data-search-results]");
    var status = document.querySelector("[data-search-status]");
    if (!form || !input || !list || !status) return;
    var nojs = document.querySelector("[data-search-nojs]");
    if (nojs) nojs.hidden = true;
    var filterBox = document.querySelector("[data-search-filters]");
    if (filterBox) filterBox.hidden = false;
    var selects = {};
    Array.prototype.forEach.call(document.querySelectorAll("[data-search-filter]"), function (el) {
      selects[el.getAttribute("data-search-filter")] = el;
    });
    var base = list.getAttribute("data-root") || "";
    var state = "idle"; // idle | loading | ready | failed
    var timer = null;

    function filter() {
      var f = {};
      Object.keys(selects).forEach(function (k) { f[k] = selects[k].value; });
      return f;
    }

    /** 選んでいる絞り込みの名前（「令和3年度・目標」）。 */
    function filterLabel() {
      return Object.keys(selects).map(function (k) {
        var el = selects[k];
        return el.value && el.selectedIndex >= 0 ? el.options[el.selectedIndex].textContent : "";
      }).filter(Boolean).join("・");
    }

    function yearLabel(y) {
      var el = selects.year;
      if (el) for (var i = 0; i < el.options.length; i++) if (el.options[i].value === String(y)) return el.options[i].textContent;
      return y + "年度";
    }

    function show() {
      var q = input.value.trim();
      list.textContent = "";
      if (!q) { status.textContent = ""; return; }
      if (state === "loading") { status.textContent = "検索の準備をしています…"; return; }
      if (state === "failed") { status.textContent = "検索の索引を読み込めませんでした。部局一覧・計画一覧からお探しください。"; return; }
      if (state !== "ready") return;
      var index = root.hyokaSearchIndex;
      var found = results(index, q, filter());
      var narrowed = filterLabel();
      var within = narrowed ? "（" + narrowed + "に絞り込み）" : "";
      if (!found.length) {
        status.textContent = "「" + q + "」に一致するものは見つかりませんでした" + within + "。" +
          (narrowed ? "絞り込みを外すか、" : "") + "ことばを短くするか、別のことばでお試しください。";
        return;
      }
      status.textContent = "「" + q + "」の検索結果: " + found.length + "件" + within +
        (found.length > MAX_SHOWN ? "（上位" + MAX_SHOWN + "件を表示）" : "");
      found.slice(0, MAX_SHOWN).forEach(function (group) {
        var d = index.docs[group[0]];
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = base + d[0];
        a.className = "result-title";
        var t = marks(d[1], q);
        appendMarked(a, t, 0, t.chars.length);
        li.appendChild(a);
        var meta = document.createElement("p");
        meta.className = "result-meta";
        meta.textContent = d[2] + (d[3] ? "・" + d[3] : "");
        li.appendChild(meta);
        if (d[4]) {
          var r = snippet(d[4], q);
          var snip = document.createElement("p");
          snip.className = "result-snippet";
          if (r.from > 0) snip.appendChild(document.createTextNode("…"));
          appendMarked(snip, r, r.from, r.to);
          if (r.to < r.chars.length) snip.appendChild(document.createTextNode("…"));
          li.appendChild(snip);
        }
        if (group.length > 1) {
          var years = document.createElement("p");
          years.className = "result-years";
          years.appendChild(document.createTextNode("ほかの年度: "));
          group.slice(1).forEach(function (n, i) {
            var o = index.docs[n];
            if (i > 0) years.appendChild(document.createTextNode("、"));
            var ya = document.createElement("a");
            ya.href = base + o[0];
            ya.textContent = yearLabel(o[5]);
            years.appendChild(ya);
          });
          li.appendChild(years);
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
        state = ix && ix.v === FORMAT ? "ready" : "failed";
        show();
      };
      s.onerror = function () { state = "failed"; show(); };
      document.head.appendChild(s);
    }

    /** 検索語と絞り込みを URL に残します（?q=…&year=…&dept=…&kind=…。ブックマークできるように）。 */
    function remember() {
      try {
        var u = new URL(window.location.href);
        var f = filter();
        f.q = input.value.trim();
        ["q", "year", "dept", "kind"].forEach(function (k) {
          if (f[k]) u.searchParams.set(k, f[k]);
          else u.searchParams.delete(k);
        });
        window.history.replaceState(null, "", u.href);
      } catch (e) { /* file:// などで使えないときは URL を変えない */ }
    }

    input.addEventListener("input", function () {
      load();
      clearTimeout(timer);
      timer = setTimeout(function () { show(); remember(); }, 120);
    });
    Object.keys(selects).forEach(function (k) {
      selects[k].addEventListener("change", function () {
        if (input.value.trim()) load();
        clearTimeout(timer);
        show();
        remember();
      });
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      load();
      clearTimeout(timer);
      show();
      remember();
    });
    var params = new URLSearchParams(window.location.search);
    Object.keys(selects).forEach(function (k) {
      var v = params.get(k);
      if (!v) return;
      var el = selects[k];
      for (var i = 0; i < el.options.length; i++) if (el.options[i].value === v) el.value = v;
    });
    var q = params.get("q");
    if (q) {
      input.value = q;
      load();
      show();
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})(typeof window !== "undefined" ? window : this);
