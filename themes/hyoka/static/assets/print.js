/* 「印刷する」ボタン: JavaScript が使えるときだけ表示します（使えないときはブラウザーの印刷機能で印刷できます）。 */
(function () {
  "use strict";
  function start() {
    var buttons = document.querySelectorAll("[data-print]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].hidden = false;
      buttons[i].addEventListener("click", function () { window.print(); });
    }
    var hints = document.querySelectorAll("[data-print-hint]");
    for (var j = 0; j < hints.length; j++) hints[j].hidden = true;
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
