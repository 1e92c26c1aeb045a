// The review queue's keyboard: j/k move, x selects, r marks reviewed, h hides, t adds a tag,
// a sets the speaker, e edits the current claim's text, s splits it, l relates it to another claim
// (searched as you type). In a row's text, Ctrl+Enter saves (or splits, after s); Esc leaves a
// field. Other keys typed into a field are left alone.
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

    function openEditor(mode) {
      if (current < 0) { move(1); }
      var row = rows[current];
      var editor = row.querySelector("details.kb-edit");
      var text = editor.querySelector("textarea");
      editor.open = true;
      editor.dataset.mode = mode;
      text.focus();
      if (mode === "split") {
        // Start at the sentence end nearest the middle: the usual place to split.
        var middle = Math.floor(text.value.length / 2);
        var best = -1;
        text.value.replace(/[.!?。！？]\s*/g, function (match, at) {
          var end = at + match.length;
          if (end < text.value.length && (best < 0 || Math.abs(end - middle) < Math.abs(best - middle))) {
            best = end;
          }
          return match;
        });
        var caret = best < 0 ? text.value.length : best;
        text.setSelectionRange(caret, caret);
      }
    }

    var linkQuery = document.getElementById("kb-link-q");
    var linkTarget = document.getElementById("kb-link-target");
    var pending = null;

    function findClaims() {
      var query = linkQuery.value.trim();
      var source = current >= 0 ? rows[current].getAttribute("data-claim") : "";
      var url = linkQuery.getAttribute("data-find") + "?q=" + encodeURIComponent(query) +
        "&for=" + encodeURIComponent(source);
      if (/^#?\d+$/.test(query)) {
        fill([{ id: query.replace("#", ""), text: "#" + query.replace("#", ""), speaker: "", talk: "" }]);
        return;
      }
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { fill(data.results); })
        .catch(function () { fill([]); });
    }

    function fill(results) {
      linkTarget.textContent = "";
      if (!results.length) {
        var none = document.createElement("option");
        none.value = "";
        none.textContent = "—";
        linkTarget.appendChild(none);
        return;
      }
      results.forEach(function (claim) {
        var option = document.createElement("option");
        option.value = claim.id;
        var who = [claim.speaker, claim.talk].filter(Boolean).join(", ");
        option.textContent = claim.text + (who ? " — " + who : "");
        linkTarget.appendChild(option);
      });
    }

    if (linkQuery && linkTarget) {
      linkQuery.addEventListener("input", function () {
        window.clearTimeout(pending);
        pending = window.setTimeout(findClaims, 250);
      });
    }

    form.addEventListener("keydown", function (event) {
      var target = event.target;
      if (target.tagName !== "TEXTAREA") {
        return;
      }
      var editor = target.closest("details.kb-edit");
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && editor) {
        event.preventDefault();
        var name = editor.dataset.mode === "split" ? "split" : "edit_text";
        form.requestSubmit(editor.querySelector("button[name=" + name + "]"));
      }
    });

    document.addEventListener("keydown", function (event) {
      var target = event.target;
      if (event.key === "Escape" && target && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) {
        target.blur();
        return;
      }
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
        case "a": focusField("kb-speaker", "set_speaker"); break;
        case "e": openEditor("edit"); break;
        case "s": openEditor("split"); break;
        case "l": focusField("kb-link-q", "link"); break;
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
