// The theme change page: the rules preview follows the keywords and patterns as they are typed.
// Without this script the "Preview" button posts the same fields and shows the same lists.
(function () {
  "use strict";

  var DELAY_MS = 400;

  function start() {
    var target = document.getElementById("kb-rules-preview");
    var keywords = document.getElementById("id_keywords");
    var patterns = document.getElementById("id_patterns");
    if (!target || !keywords || !patterns) {
      return;
    }
    var form = keywords.form;
    var timer = null;
    var sent = 0;

    function refresh() {
      var ticket = ++sent;
      var data = new FormData(form);
      fetch(target.getAttribute("data-preview-url"), {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-KB-Fragment": "1" }
      }).then(function (response) {
        return response.ok ? response.text() : Promise.reject(response.status);
      }).then(function (html) {
        if (ticket === sent) {  // an older answer never replaces a newer one
          target.innerHTML = html;
        }
      }).catch(function () {
        if (ticket === sent) {
          target.textContent = "The preview could not be updated; use the Preview button.";
        }
      });
    }

    function later() {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, DELAY_MS);
    }

    keywords.addEventListener("input", later);
    patterns.addEventListener("input", later);
    var button = form.querySelector("button[name=_preview]");
    if (button) {
      button.addEventListener("click", function (event) {
        event.preventDefault();
        refresh();
      });
    }
    refresh();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
