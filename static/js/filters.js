// The list's filters arrive folded under their "Filter" heading, so that on a phone the results
// show first (a tap opens them) and nothing moves once the page is drawn. On a screen wide
// enough for the filters to sit beside the results, they open at once.
(function () {
  "use strict";
  if (!window.matchMedia("(min-width: 992px)").matches) {
    return;
  }
  document.querySelectorAll("details.directory-filters__fold").forEach(function (details) {
    details.open = true;
  });
})();
