// Mailtrail's own script: small progressive enhancements only; every page works without it.
(function () {
  "use strict";

  // After a note is added the empty-timeline hint goes away.
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "timeline-entries") {
      var empty = document.getElementById("timeline-empty");
      if (empty && event.detail.target.querySelector(".entry")) { empty.remove(); }
    }
  });

  // Rich-text editing: a textarea[data-editor] becomes a Quill editor with a toolbar and a
  // "Source" toggle; the textarea stays the form field and always holds the HTML.
  var TOOLBAR = [[{ header: [2, 3, false] }], ["bold", "italic", "underline"], [{ color: [] }, { background: [] }],
                 [{ list: "ordered" }, { list: "bullet" }], ["link", "image"], ["clean"]];

  function initEditor(textarea) {
    if (textarea.dataset.ready || typeof window.Quill === "undefined") { return; }
    textarea.dataset.ready = "1";
    var holder = document.createElement("div");
    holder.className = "editor";
    var sourceButton = document.createElement("button");
    sourceButton.type = "button";
    sourceButton.className = "btn btn-small editor-source";
    sourceButton.textContent = textarea.dataset.sourceLabel || "Source";
    textarea.parentNode.insertBefore(holder, textarea);
    textarea.parentNode.insertBefore(sourceButton, textarea);
    textarea.classList.add("editor-source-text");
    textarea.hidden = true;
    var quill = new window.Quill(holder, {
      theme: "snow",
      modules: { toolbar: { container: TOOLBAR, handlers: { image: function () {
        var url = window.prompt(textarea.dataset.imagePrompt || "Image address (https://…)");
        if (url && /^https?:\/\//i.test(url)) {
          var range = quill.getSelection(true);
          quill.insertEmbed(range.index, "image", url, "user");
        }
      } } } }
    });
    if (textarea.value) { quill.clipboard.dangerouslyPasteHTML(textarea.value, "silent"); }
    var sync = function () { textarea.value = quill.root.innerText.trim() ? quill.getSemanticHTML() : ""; };
    quill.on("text-change", sync);
    sourceButton.addEventListener("click", function () {
      var showingSource = !textarea.hidden;
      if (showingSource) {
        quill.clipboard.dangerouslyPasteHTML(textarea.value, "silent");
        sync();
      }
      textarea.hidden = showingSource;
      holder.parentNode.querySelector(".ql-toolbar").hidden = !showingSource;
      holder.hidden = !showingSource;
    });
  }

  function initEditors(root) {
    (root.querySelectorAll ? root : document).querySelectorAll("textarea[data-editor]").forEach(initEditor);
  }

  document.addEventListener("DOMContentLoaded", function () { initEditors(document); });
  document.addEventListener("htmx:load", function (event) { initEditors(event.detail.elt); });
})();
