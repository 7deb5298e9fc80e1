/* The redaction page: text selected in the post is added as a passage (one per line), so a
   moderator need not retype it. Without script the field is simply typed in. */
(function () {
  "use strict";
  var button = document.getElementById("redact-add-selection");
  var field = document.getElementById("redact-passages");
  var source = document.querySelector("#redact-text [data-field=body_html]");
  if (!button || !field || !source) return;
  var last = "";

  function selected() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0) return "";
    var range = selection.getRangeAt(0);
    if (!source.contains(range.commonAncestorContainer)) return "";
    return selection.toString().trim();
  }

  // Remember the selection: pressing the button may clear it first.
  document.addEventListener("selectionchange", function () {
    var words = selected();
    if (words) last = words;
  });
  button.addEventListener("click", function () {
    var words = selected() || last;
    if (!words) return;
    words.split(/\r?\n/).forEach(function (line) {
      line = line.trim();
      if (!line) return;
      var lines = field.value ? field.value.split("\n") : [];
      if (lines.indexOf(line) < 0) lines.push(line);
      field.value = lines.join("\n");
    });
    last = "";
    field.focus();
  });
  document.getElementById("redact-selection-row").hidden = false;
})();
