// Progressive enhancement for the article's Share links (templates/blog/includes/share.html):
// "Copy link" copies the address instead of opening it, and the browser's own share sheet
// (Web Share API) is offered where there is one. Without JavaScript both are plain links.
(function () {
  "use strict";

  function say(group, text) {
    var status = group && group.querySelector("[data-share-status]");
    if (status) {
      status.textContent = text;
    }
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-copy-link]");
    if (!link || !navigator.clipboard || !window.isSecureContext) {
      return;
    }
    event.preventDefault();
    var group = link.closest(".share");
    navigator.clipboard.writeText(link.href).then(
      function () {
        say(group, "Link copied.");
      },
      function () {
        say(group, "Could not copy: select the address bar and copy it from there.");
      }
    );
  });

  document.querySelectorAll("[data-share]").forEach(function (button) {
    if (!navigator.share) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator
        .share({ title: button.dataset.title, url: button.dataset.url })
        .catch(function () {
          // Closing the share sheet rejects too; nothing to tell.
        });
    });
  });
})();
