/* Keep what a worker wrote in this browser tab until the concern is really saved.
 *
 * <form data-keep-text="worker-concern">: on submit, its textareas are copied to sessionStorage
 * (this tab only, gone when it closes); when the form loads again empty (after a server error, a
 * lost connection, an expired form), they are filled back in. A page that confirms the save
 * carries <div data-keep-text-done="worker-concern">, which forgets them.
 */
(function () {
  "use strict";
  var PREFIX = "lianxin.keep-text.";
  var store;
  try { store = window.sessionStorage; store.getItem(PREFIX); } catch (e) { return; }

  function key(form, field) { return PREFIX + form.getAttribute("data-keep-text") + "." + field.name; }

  document.querySelectorAll("[data-keep-text-done]").forEach(function (el) {
    var prefix = PREFIX + el.getAttribute("data-keep-text-done") + ".";
    Object.keys(store).forEach(function (k) { if (k.indexOf(prefix) === 0) store.removeItem(k); });
  });

  document.querySelectorAll("form[data-keep-text]").forEach(function (form) {
    var fields = form.querySelectorAll("textarea[name]");
    fields.forEach(function (field) {
      var kept = store.getItem(key(form, field));
      if (kept && !field.value.trim()) {
        field.value = kept;
        field.setAttribute("data-keep-text-restored", "");
        field.dispatchEvent(new Event("input", {bubbles: true}));
      }
    });
    form.addEventListener("submit", function () {
      fields.forEach(function (field) {
        if (field.value.trim()) store.setItem(key(form, field), field.value);
      });
    });
  });
})();
