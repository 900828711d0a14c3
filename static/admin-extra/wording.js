// The testimony form's citations: an empty "wording in this source" box is folded behind a
// "wording differs" button, since most sources word a statement as the excerpt does. Without
// this script the box stays, one line high. Rows added with "Add another" get the button too.
"use strict";
(function () {
  function fold(box) {
    if (box.value.trim() || box.dataset.folded) return;
    box.dataset.folded = "yes";
    box.hidden = true;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "wording-toggle";
    button.textContent = "wording differs";
    button.addEventListener("click", function () {
      box.hidden = false;
      button.remove();
      box.focus();
    });
    box.after(button);
  }
  function foldAll() {
    document.querySelectorAll("textarea.citation-wording").forEach(fold);
  }
  document.addEventListener("DOMContentLoaded", foldAll);
  document.addEventListener("formset:added", foldAll);
})();
