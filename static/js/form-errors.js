// When a form comes back with errors, take keyboard and screen-reader users to them:
// to the form's error summary (an alert) when it has one, else to the first invalid field.
// A form whose only error is about the whole form (a wrong password) has no invalid field:
// its summary is the place to go. Without this script the errors are still shown beside each
// field and linked to it.
(function () {
  "use strict";

  function focusSummary(summary) {
    summary.setAttribute("tabindex", "-1");
    summary.focus();
  }

  function start() {
    var invalid = document.querySelector("main .is-invalid, main [aria-invalid='true']");
    if (!invalid) {
      var alone = document.querySelector("main form .alert-danger[role='alert']");
      if (alone) {
        focusSummary(alone);
      }
      return;
    }
    var form = invalid.form || invalid.closest("form");
    var summary = form ? form.querySelector(".alert-danger[role='alert']") : null;
    if (summary) {
      focusSummary(summary);
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
