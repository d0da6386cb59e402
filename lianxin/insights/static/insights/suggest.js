// A suggested category's button sets the form's category select (by key, or by id where the
// select's options carry ids). Nothing is chosen without a click: the suggestion only informs.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    const button = event.target.closest("[data-suggest-key]");
    if (!button) return;
    const form = button.closest("form") || document.getElementById(button.closest("[data-suggest-form]")?.dataset.suggestForm);
    const select = (form || document).querySelector("select[name=category]");
    if (!select) return;
    for (const value of [button.dataset.suggestKey, button.dataset.suggestPk]) {
      if ([...select.options].some((o) => o.value === value)) {
        select.value = value;
        select.dispatchEvent(new Event("change", { bubbles: true }));
        return;
      }
    }
  });
})();
