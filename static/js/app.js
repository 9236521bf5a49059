// Mailtrail's own script: small progressive enhancements only; pages work without it.
(function () {
  "use strict";
  // After htmx inserts a new note, focus stays useful: put the caret back in the note box.
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "timeline-entries") {
      var empty = document.getElementById("timeline-empty");
      if (empty && event.detail.target.querySelector(".entry")) { empty.remove(); }
    }
  });
})();
