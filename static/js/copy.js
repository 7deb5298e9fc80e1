/* "Copy" buttons (the kiosk's address): data-copy names the element whose text is copied, and
   data-copy-status where the outcome is said. Without script the button stays hidden and the
   text is selected by hand. */
(function () {
  "use strict";
  function select(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    var status = document.getElementById(button.getAttribute("data-copy-status"));
    if (!source) return;
    function say(attribute) {
      if (status) status.textContent = button.getAttribute(attribute);
    }
    function fallback() {
      select(source);
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
      say(copied ? "data-copied" : "data-copy-failed");
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = source.textContent.trim();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () { say("data-copied"); }, fallback);
      } else {
        fallback();
      }
    });
  });
})();
