// Progressive enhancement only: every page works without this file.
// "Copy citation" buttons copy the text of their target (a readonly textarea); visual
// timelines too wide for the screen open scrolled to their latest activity.
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    // A visual timeline wider than a phone scrolls inside its box: open it on the latest
    // activity, where readers look first (without JS it opens on the earliest).
    document.querySelectorAll(".chart__scroll").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth) box.scrollLeft = box.scrollWidth;
    });
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
