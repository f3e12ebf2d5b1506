// Progressive enhancement for the Save and Follow buttons: send the form with fetch and update
// the button in place, and the state the next press asks for (the hidden "pressed" field).
// Any failure falls back to submitting the form the ordinary way.
(function () {
  "use strict";

  function update(form, button, pressed, label) {
    var wanted = form.querySelector("input[name=pressed]");
    if (wanted) {
      wanted.value = pressed ? "false" : "true";
    }
    button.setAttribute("aria-pressed", pressed ? "true" : "false");
    var text = button.querySelector("[data-label]");
    if (text) {
      text.textContent = label;
    }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-toggle]") || !window.fetch) {
      return;
    }
    event.preventDefault();
    var button = form.querySelector("button");
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    button.disabled = true;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": token ? token.value : "" },
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        update(form, button, data.pressed, data.label);
        button.disabled = false;
      })
      .catch(function () {
        button.disabled = false;
        form.submit();
      });
  });
})();
