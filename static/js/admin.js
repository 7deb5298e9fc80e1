/* The administration's forms: after a refused send the page comes back with an error summary;
   read it first (WCAG 3.3.1). Everything else works without script. */
(function () {
  "use strict";
  var summary = document.querySelector("[data-focus-on-load]");
  if (summary) summary.focus();
})();
