/* Analog input: the character count under the note's text (live.js). The focus after a saved
   note or a refused one is admin.js's ([data-focus-on-load]); everything works without script. */
(function () {
  "use strict";
  var P = window.Parkbank;
  var form = document.getElementById("transcribe-form");
  if (!form || !P) return;
  P.countCharacters(form.querySelector("textarea[name=body]"), document.getElementById("body-count"),
                    document.getElementById("body-count-status"), P.readJSON("transcribe-text"));
})();
