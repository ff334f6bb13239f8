// The budget edit page: add and delete rows of the formsets without a reload, and
// ask htmx for new figures when something changes that its "input changed" trigger
// does not see (a row added or deleted, a checkbox toggled).
// No inline script anywhere: the CSP forbids them.
(function () {
  "use strict";

  var FORM_ID = "budget-form";

  function budgetForm() { return document.getElementById(FORM_ID); }

  // Marks the form as changed for ism.js's "leave with unsaved changes?" question,
  // and asks for the figures again.
  function changed(element) {
    element.dispatchEvent(new Event("input", { bubbles: true }));
    var form = budgetForm();
    if (form) { form.dispatchEvent(new CustomEvent("budget-recalc", { bubbles: true })); }
  }

  function addRow(prefix) {
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var template = document.querySelector('template[data-formset-template="' + prefix + '"]');
    var body = document.querySelector('[data-formset-body="' + prefix + '"]');
    if (!total || !template || !body) { return; }
    // Django numbers the forms 0..TOTAL_FORMS-1; the new row takes the next number.
    var index = parseInt(total.value, 10);
    body.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, String(index)));
    total.value = String(index + 1);
    var row = body.lastElementChild;
    var first = row.querySelector("input:not([type=hidden]):not([type=checkbox]), select, textarea");
    if (first) { first.focus(); }
    changed(total);
  }

  function deleteRow(button) {
    // A deleted row stays in the form, hidden, with its DELETE box ticked: Django
    // then leaves it out, and the numbering of the other rows does not change.
    var row = button.closest("[data-formset-row]");
    var flag = row && row.querySelector('input[type=checkbox][name$="-DELETE"]');
    if (!flag) { return; }
    flag.checked = true;
    row.hidden = true;
    var table = row.closest("table");
    var add = table && table.parentElement.querySelector("[data-formset-add]");
    if (add) { add.focus(); }
    changed(flag);
  }

  document.addEventListener("click", function (event) {
    var add = event.target.closest("[data-formset-add]");
    if (add) {
      event.preventDefault();
      addRow(add.getAttribute("data-formset-add"));
      return;
    }
    // ism.js asks first (data-confirm) and stops the click if the user says no.
    var del = event.target.closest("[data-formset-delete]");
    if (del) {
      event.preventDefault();
      deleteRow(del);
    }
  });

  // What was typed before htmx read the form (the scripts are deferred; the page
  // shows, and takes input, before they run) sent no event htmx saw: ask for the
  // figures once, or the total would show the stored budget until the next key.
  function typedEarly(form) {
    return Array.prototype.some.call(form.elements, function (el) {
      if (el.type === "checkbox" || el.type === "radio") { return el.checked !== el.defaultChecked; }
      if (el.tagName === "SELECT") {
        return Array.prototype.some.call(el.options, function (o) { return o.selected !== o.defaultSelected; });
      }
      return el.type !== "hidden" && "defaultValue" in el && el.value !== el.defaultValue;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = budgetForm();
    if (form && typedEarly(form)) {
      form.dispatchEvent(new CustomEvent("budget-recalc", { bubbles: true }));
    }
  });

  // A checkbox's value does not change when it is ticked, so htmx's "changed"
  // filter would ignore it: ask for the figures explicitly.
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.type === "checkbox" && el.form && el.form.id === FORM_ID) {
      el.form.dispatchEvent(new CustomEvent("budget-recalc", { bubbles: true }));
    }
  });
})();
