// Opens the reply form in place under a comment. Without this script each "Reply" link
// leads to a page with the same form, so nothing here is needed for replying to work.
(function () {
  "use strict";

  var template = document.getElementById("comment-form");
  if (!template) {
    return; // Not signed in, not verified or comments closed: the links explain on their page.
  }

  function renameIds(form, suffix) {
    form.querySelectorAll("[id]").forEach(function (element) {
      element.id = element.id + suffix;
    });
    form.querySelectorAll("label[for]").forEach(function (label) {
      label.htmlFor = label.htmlFor + suffix;
    });
    form.querySelectorAll("[aria-describedby]").forEach(function (element) {
      var ids = element.getAttribute("aria-describedby").split(" ");
      element.setAttribute("aria-describedby", ids.map(function (id) { return id + suffix; }).join(" "));
    });
  }

  function openReply(link) {
    var comment = link.closest(".comment");
    var existing = document.getElementById("reply-form-" + comment.id);
    if (existing) {
      existing.querySelector("textarea").focus();
      return;
    }
    var form = template.cloneNode(true);
    form.querySelectorAll(".form-errors, .field__error").forEach(function (node) { node.remove(); });
    form.querySelector("textarea").value = "";
    renameIds(form, "-" + comment.id);
    form.id = "reply-form-" + comment.id;
    form.action = link.href;
    form.classList.add("comment-form--reply");
    var author = comment.querySelector(".comment__author");
    form.querySelector(".field label").textContent = "Your reply to " + (author ? author.textContent : "this comment");
    form.querySelector("button[type=submit]").textContent = "Post reply";

    var cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "button button--quiet";
    cancel.textContent = "Cancel";
    cancel.addEventListener("click", function () {
      form.remove();
      link.focus();
    });
    form.querySelector(".form-actions").appendChild(cancel);

    comment.after(form);
    form.querySelector("textarea").focus();
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a.comment__reply");
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) {
      return;
    }
    event.preventDefault();
    openReply(link);
  });
})();
