/* 印刷の手助け: 「印刷する」ボタンは JavaScript が使えるときだけ表示します（使えないときはブラウザーの印刷機能で印刷できます）。
   印刷した紙の 1 ページ目には、市の名前・サイト名・ページの URL に加えて、印刷した日を入れます。 */
(function () {
  "use strict";
  function today() {
    var d = new Date();
    return "印刷日: " + d.getFullYear() + "年" + (d.getMonth() + 1) + "月" + d.getDate() + "日";
  }
  function stamp() {
    var dates = document.querySelectorAll("[data-print-date]");
    for (var k = 0; k < dates.length; k++) dates[k].textContent = today();
  }
  function start() {
    var buttons = document.querySelectorAll("[data-print]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].hidden = false;
      buttons[i].addEventListener("click", function () { window.print(); });
    }
    var hints = document.querySelectorAll("[data-print-hint]");
    for (var j = 0; j < hints.length; j++) hints[j].hidden = true;
    stamp();
  }
  // The date is the day of printing, also when a page stays open past midnight.
  window.addEventListener("beforeprint", stamp);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
