// On a phone the list's filters fold away under their "Filter" heading, so the results show
// first; a tap opens them. Without JavaScript, and on wider screens, they stay open. A form
// with errors stays open so the errors are seen.
(function () {
  "use strict";
  if (!window.matchMedia("(max-width: 991.98px)").matches) {
    return;
  }
  document.querySelectorAll("details.directory-filters__fold").forEach(function (details) {
    if (!details.hasAttribute("data-keep-open")) {
      details.open = false;
    }
  });
})();
