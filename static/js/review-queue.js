// The review queue's keyboard: j/k move, x selects, r marks reviewed, h hides, t adds a tag,
// s sets the speaker. Keys typed into a field are left alone.
(function () {
  "use strict";

  function start() {
    var form = document.getElementById("kb-review-form");
    var table = document.getElementById("kb-queue");
    if (!form || !table) {
      return;
    }
    var rows = Array.prototype.slice.call(table.querySelectorAll("tr[data-claim]"));
    var action = document.getElementById("kb-action");
    var current = -1;

    function move(step) {
      if (!rows.length) {
        return;
      }
      if (current >= 0) {
        rows[current].classList.remove("current");
        rows[current].removeAttribute("aria-current");
      }
      current = Math.max(0, Math.min(rows.length - 1, current + step));
      rows[current].classList.add("current");
      rows[current].setAttribute("aria-current", "true");
      rows[current].scrollIntoView({ block: "nearest" });
    }

    function box(row) {
      return row.querySelector("input[type=checkbox]");
    }

    function selectCurrentIfNone() {
      var any = rows.some(function (row) { return box(row).checked; });
      if (!any && current >= 0) {
        box(rows[current]).checked = true;
      }
    }

    function submit(value) {
      selectCurrentIfNone();
      action.value = value;
      form.submit();
    }

    function focusField(id, value) {
      selectCurrentIfNone();
      action.value = value;
      var field = document.getElementById(id);
      field.focus();
      field.select();
    }

    document.addEventListener("keydown", function (event) {
      var target = event.target;
      if (event.ctrlKey || event.metaKey || event.altKey) {
        return;
      }
      if (target && /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(target.tagName) && target.type !== "checkbox") {
        return;
      }
      var handled = true;
      switch (event.key) {
        case "j": move(1); break;
        case "k": move(-1); break;
        case "x":
          if (current < 0) { move(1); }
          box(rows[current]).checked = !box(rows[current]).checked;
          break;
        case "r": submit("reviewed"); break;
        case "h": submit("hidden"); break;
        case "t": focusField("kb-tag", "add_tag"); break;
        case "s": focusField("kb-speaker", "set_speaker"); break;
        default: handled = false;
      }
      if (handled) {
        event.preventDefault();
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
