// When a form comes back with errors, take keyboard and screen-reader users to them:
// to the form's error summary (an alert) when it has one, else to the first invalid field.
// Without this script the errors are still shown beside each field and linked to it.
(function () {
  "use strict";

  function start() {
    var invalid = document.querySelector("main .is-invalid, main [aria-invalid='true']");
    if (!invalid) {
      return;
    }
    var form = invalid.form || invalid.closest("form");
    var summary = form ? form.querySelector(".alert-danger[role='alert']") : null;
    if (summary) {
      summary.setAttribute("tabindex", "-1");
      summary.focus();
    } else {
      invalid.focus();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
