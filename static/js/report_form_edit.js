// Report forms: "unchanged since" matters only when the form is marked unchanged,
// so it is shown only then (without JavaScript it is always shown).
(function () {
  "use strict";

  function sync(form) {
    var field = form.querySelector("[data-field=unchanged_since]");
    if (!field) { return; }
    var checked = form.querySelector("input[name=status]:checked");
    field.hidden = !(checked && checked.value === "unchanged");
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.report-form").forEach(function (form) {
      sync(form);
      form.addEventListener("change", function (event) {
        if (event.target.name === "status") { sync(form); }
      });
    });
  });
})();
