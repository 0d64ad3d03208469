// fupin-kg report: the language switch, and on a report's text the evidence named in the address.
(function () {
  "use strict";
  var root = document.documentElement;
  try {
    var saved = window.localStorage.getItem("fupin-lang");
    if (saved === "en" || saved === "zh") { root.setAttribute("data-lang", saved); }
  } catch (e) { /* storage may be off for file pages; the default language stays */ }

  function markCurrent() {
    var id = decodeURIComponent(window.location.hash.replace(/^#ev-/, ""));
    var pieces = document.querySelectorAll(".report-text .ev");
    for (var i = 0; i < pieces.length; i++) {
      var ids = (pieces[i].getAttribute("data-ev") || "").split(" ");
      pieces[i].classList.toggle("current", id !== "" && ids.indexOf(id) >= 0);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("lang-switch");
    if (button) {
      button.addEventListener("click", function () {
        var next = root.getAttribute("data-lang") === "en" ? "zh" : "en";
        root.setAttribute("data-lang", next);
        root.setAttribute("lang", next === "en" ? "en" : "zh-CN");
        try { window.localStorage.setItem("fupin-lang", next); } catch (e) { /* not kept */ }
      });
    }
    markCurrent();
    window.addEventListener("hashchange", markCurrent);
  });
})();
