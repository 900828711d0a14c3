// Progressive enhancement only: every page works without this file.
// "Copy citation" buttons copy the text of their target (a readonly textarea).
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    document.querySelectorAll("[data-copy-target]").forEach(function (button) {
      var target = document.getElementById(button.getAttribute("data-copy-target"));
      if (!target) return;
      var status = button.parentElement.querySelector(".copy-status");
      button.hidden = false;
      button.addEventListener("click", function () {
        var done = function () { if (status) status.textContent = "Citation copied."; };
        var fallback = function () {
          target.focus();
          target.select();
          try { document.execCommand("copy"); done(); }
          catch (e) { if (status) status.textContent = "Select the text and copy it."; }
        };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(target.value).then(done, fallback);
        } else {
          fallback();
        }
      });
    });
  });
})();
