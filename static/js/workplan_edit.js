// The work plan edit page: htmx swaps the editor after each action. A refused
// edit answers 400 with the editor re-rendered (typed values, messages beside the
// fields); htmx does not swap error answers by default, so allow it here.
(function () {
  "use strict";

  // htmx carries an element's old `style` attribute over to its replacement
  // while the swap settles; the CSP forbids style attributes set from script
  // (and ISM's pages have none of their own), so settle the rest only.
  if (window.htmx) {
    window.htmx.config.attributesToSettle = ["class", "width", "height"];
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (event.detail.xhr.status === 400 && target && target.closest("[data-swap-errors]")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // After a swap, bring the statement that was acted on back into view, and put
  // the focus on the first field with an error.
  document.addEventListener("htmx:afterSwap", function (event) {
    var editor = document.getElementById("plan-editor");
    if (!editor || !editor.contains(event.detail.elt) && event.detail.elt !== editor) { return; }
    var invalid = editor.querySelector(".has-error input, .has-error textarea, .has-error select");
    if (invalid) {
      invalid.focus();
      return;
    }
    var url = event.detail.xhr && event.detail.xhr.responseURL;
    var hash = url && url.indexOf("#") >= 0 ? url.slice(url.indexOf("#") + 1) : "";
    var item = hash ? document.getElementById(hash) : null;
    if (item) { item.scrollIntoView({ block: "nearest" }); }
  });
})();
