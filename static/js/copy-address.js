/*
 * "Copier ces informations dans l'adresse de résidence effective", instantly.
 *
 * Without this script the button submits the form and the server re-renders it filled in.
 * With it, the click fills the effective-address fields from the button's data-* attributes
 * and the submit is prevented. Loaded with `defer`; no inline script (CSP).
 */
(function () {
  "use strict";

  var FIELDS = ["street", "house_number", "box", "postal_code", "locality", "country"];

  function datasetKey(name) {
    return name.replace(/_([a-z])/g, function (_match, letter) {
      return letter.toUpperCase();
    });
  }

  function copyAddress(event) {
    var button = event.currentTarget;
    var form = button.form;
    if (!form) {
      return;
    }
    event.preventDefault();
    FIELDS.forEach(function (name) {
      var field = form.elements.namedItem(name);
      var value = button.dataset[datasetKey(name)];
      if (field && value !== undefined) {
        field.value = value;
        field.removeAttribute("aria-invalid");
      }
    });
    var status = form.querySelector("[data-copy-status]");
    if (status) {
      status.textContent = status.dataset.message || "";
    }
    var first = form.elements.namedItem(FIELDS[0]);
    if (first && typeof first.focus === "function") {
      first.focus();
    }
  }

  document.querySelectorAll("[data-copy-address]").forEach(function (button) {
    button.addEventListener("click", copyAddress);
  });
})();
