// FAQ page: opening /faq/#anchor opens that answer. Without this script every answer still
// opens with a click or a key press; the script only saves the reader one.
(function () {
  "use strict";

  function openFromHash() {
    var id;
    try {
      id = decodeURIComponent(window.location.hash.slice(1));
    } catch (error) {
      return;
    }
    if (!id) {
      return;
    }
    var target = document.getElementById(id);
    // The browser has already scrolled to the target; opening it does not move it.
    if (target && target.tagName === "DETAILS") {
      target.open = true;
    }
  }

  // Opening an answer puts its address in the location bar, ready to copy and share.
  function rememberOpened(event) {
    var details = event.target;
    if (details.tagName === "DETAILS" && details.open && details.id && history.replaceState) {
      history.replaceState(null, "", "#" + details.id);
    }
  }

  openFromHash();
  window.addEventListener("hashchange", openFromHash);
  document.addEventListener("toggle", rememberOpened, true);
})();
