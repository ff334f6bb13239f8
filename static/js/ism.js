// ISM's few behaviours; no inline scripts anywhere (the CSP forbids them).
(function () {
  "use strict";

  // Language selector: submit on change.
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("select[data-autosubmit]")) { el.form.submit(); }
  });

  // Destructive actions ask first: <button data-confirm="Delete this line?">.
  // The question opens in the page's <dialog id="confirm-dialog"> (modal, focus on
  // the safe choice, Escape cancels, the confirm button says what the action
  // does); without it, or without showModal, the browser's confirm() still asks.
  var confirmed = null;  // the element whose click the dialog let through
  function ask(el) {
    var dialog = document.getElementById("confirm-dialog");
    var question = el.getAttribute("data-confirm");
    if (!dialog || typeof dialog.showModal !== "function") {
      if (window.confirm(question)) { proceed(el); }
      return;
    }
    dialog.querySelector("[data-confirm-text]").textContent = question;
    var yes = dialog.querySelector("button[value=confirm]");
    yes.textContent = (el.textContent || "").trim() || yes.getAttribute("data-default");
    yes.classList.toggle("danger", el.classList.contains("danger"));
    dialog.returnValue = "";
    dialog.onclose = function () {
      if (dialog.returnValue === "confirm") { proceed(el); } else { el.focus(); }
    };
    dialog.showModal();
    dialog.querySelector("button[value=cancel]").focus();
  }
  function proceed(el) {
    confirmed = el;
    el.click();  // the same click again: submits with this button as submitter
    confirmed = null;
  }
  document.addEventListener("click", function (event) {
    var el = event.target.closest && event.target.closest("[data-confirm]");
    if (!el || el === confirmed || !el.getAttribute("data-confirm")) { return; }
    event.preventDefault();
    event.stopImmediatePropagation();
    ask(el);
  }, true);

  // Slow work shows it is under way: a <form data-busy="Issuing invoices…"> on
  // submit disables its button (no second submission), marks itself aria-busy and
  // the button says the busy text. The button's name/value travel in a hidden
  // field, since a disabled submitter is left out of the form data.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form.hasAttribute || !form.hasAttribute("data-busy")) { return; }
    var button = event.submitter || form.querySelector("[type=submit]");
    if (button && button.name) {
      var carry = document.createElement("input");
      carry.type = "hidden";
      carry.name = button.name;
      carry.value = button.value;
      carry.setAttribute("data-busy-carry", "");
      form.appendChild(carry);
    }
    form.setAttribute("aria-busy", "true");
    if (button) {
      button.setAttribute("data-idle-text", button.textContent);
      button.textContent = form.getAttribute("data-busy");
      button.disabled = true;
    }
  });
  // Back from the next page (bfcache): the form is usable again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[aria-busy=true]").forEach(function (form) {
      form.removeAttribute("aria-busy");
      form.querySelectorAll("[data-busy-carry]").forEach(function (el) { el.remove(); });
      form.querySelectorAll("[data-idle-text]").forEach(function (button) {
        button.textContent = button.getAttribute("data-idle-text");
        button.removeAttribute("data-idle-text");
        button.disabled = false;
      });
    });
  });

  // Forms marked data-warn-unsaved ask before the user leaves with unsaved changes.
  var dirty = new Set();
  document.addEventListener("input", function (event) {
    var form = event.target.form;
    if (form && form.hasAttribute("data-warn-unsaved")) { dirty.add(form); }
  });
  document.addEventListener("submit", function (event) { dirty.delete(event.target); });
  window.addEventListener("beforeunload", function (event) {
    if (dirty.size > 0) { event.preventDefault(); event.returnValue = ""; }
  });

  // CSRF token on every htmx request, from the cookie-independent meta/form token.
  document.addEventListener("htmx:configRequest", function (event) {
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (token) { event.detail.headers["X-CSRFToken"] = token.value; }
  });
})();
