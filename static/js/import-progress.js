// The admin import's progress bar: polls the job's staff-only status URL and updates the bar,
// counts, current file and latest errors; when the phase changes (preview done, import done) the
// page reloads to show the preview or the outcome. Without JS the page keeps its "Refresh" link.
(function () {
  "use strict";

  var POLL_MS = 1000;

  function text(id, value) {
    var node = document.getElementById(id);
    if (node) {
      node.textContent = value;
    }
  }

  function show(status) {
    var bar = document.getElementById("kb-job-progress");
    if (bar) {
      bar.max = Math.max(status.total, 1);
      bar.value = status.done;
      bar.textContent = Math.round((100 * status.done) / Math.max(status.total, 1)) + "%";
    }
    text("kb-job-label", status.label.charAt(0).toUpperCase() + status.label.slice(1));
    text("kb-job-counts", status.done + " of " + status.total + " files");
    text("kb-job-failed", status.failed + " failed");
    text("kb-job-current", status.current || "—");
    var waiting = document.getElementById("kb-job-waiting");
    if (waiting && status.phase.indexOf("_queued") < 0) {
      waiting.hidden = true;
    }
    var list = document.getElementById("kb-job-errors");
    if (list) {
      list.textContent = "";
      status.errors.forEach(function (error) {
        var item = document.createElement("li");
        item.textContent = error;
        list.appendChild(item);
      });
    }
  }

  function start() {
    var box = document.getElementById("kb-import-job");
    if (!box || !window.fetch) {
      return;
    }
    var url = box.getAttribute("data-status-url");
    var phase = box.getAttribute("data-phase");

    function poll() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("status " + response.status);
          }
          return response.json();
        })
        .then(function (status) {
          if (status.phase !== phase && !(phase.indexOf("_queued") > 0 && status.working)) {
            window.location.reload();
            return;
          }
          phase = status.phase;
          show(status);
          window.setTimeout(poll, POLL_MS);
        })
        .catch(function () {
          window.setTimeout(poll, POLL_MS * 3); // a busy or restarting server: try again later
        });
    }

    window.setTimeout(poll, POLL_MS);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
