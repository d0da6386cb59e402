/* The worker page as an app that survives bad signal (the page's half; sw.js is the other).
 *
 * <form data-outbox="/w/sw.js" data-outbox-scope="/w/">: registers the service worker; a concern
 * submitted while the phone is offline is kept in the outbox (outbox_store.js) with the banner
 * #outbox-queued shown, and sent when the signal returns (the `online` event, the next page load,
 * or Background Sync in the service worker). Each receipt that comes back is shown in
 * #outbox-receipts from <template id="outbox-receipt"> until the worker says it is noted.
 * Without JavaScript none of this runs and the form is a plain POST.
 */
(function () {
  "use strict";
  var form = document.querySelector("form[data-outbox]");
  var outbox = window.LianxinOutbox;
  if (!form || !outbox || !window.indexedDB) return;
  var USED = "lianxin.used-keys", KEPT_TEXT = "lianxin.keep-text." + form.getAttribute("data-keep-text") + ".";
  var queued = document.getElementById("outbox-queued");
  var list = document.getElementById("outbox-receipts");
  var template = document.getElementById("outbox-receipt");

  function usedKeys() {
    try { return JSON.parse(localStorage.getItem(USED) || "[]"); } catch (e) { return []; }
  }
  function markUsed(key) {
    try { localStorage.setItem(USED, JSON.stringify(usedKeys().concat([key]).slice(-50))); } catch (e) { /* private mode */ }
  }
  function freshKey() {
    var bytes = crypto.getRandomValues(new Uint8Array(32)), text = "";
    bytes.forEach(function (b) { text += String.fromCharCode(b); });
    return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  // A kept copy of the page (opened without signal) carries the key of a form already sent:
  // a new concern needs a new key, or the server would take it for the earlier one.
  var keyField = form.elements.submission_key;
  if (usedKeys().indexOf(keyField.value) !== -1) keyField.value = freshKey();

  function token() {
    var field = form.elements.csrfmiddlewaretoken;
    return field ? field.value : "";
  }

  function showReceipt(receipt) {
    var card = template.content.firstElementChild.cloneNode(true);
    card.querySelector("[data-slot=number]").textContent = receipt.number;
    var code = card.querySelector("[data-slot=code]");
    if (receipt.code) code.textContent = receipt.code;
    else card.querySelector("[data-slot=code-box]").remove();
    card.querySelector("[data-slot=noted]").addEventListener("click", function () {
      outbox.noted(receipt.key).then(render);
    });
    list.appendChild(card);
  }

  function render() {
    return Promise.all([outbox.waiting(), outbox.receipts()]).then(function (both) {
      queued.hidden = both[0].length === 0;
      queued.querySelector("[data-slot=count]").textContent = String(both[0].length);
      list.replaceChildren();
      both[1].forEach(showReceipt);
    });
  }

  function showServerAnswer(html) {
    // The server answered with the form again (something in it needs the worker's eye): show
    // that page, exactly as a plain POST would have.
    document.open();
    document.write(html);
    document.close();
  }

  var sending = null;
  function flush() {
    if (sending || !navigator.onLine) return sending;
    sending = outbox.flush(token(), true).then(function (refused) {
      sending = null;
      if (refused) showServerAnswer(refused.html);
      else render();
    }, function () { sending = null; render(); });
    return sending;
  }

  function keep(event) {
    event.preventDefault();
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      if (value instanceof Blob && !value.size) return;  // an empty file input
      fields.push([name, value]);
    });
    var record = {key: keyField.value, action: form.action || location.href, createdAt: Date.now(), fields: fields};
    outbox.keep(record).then(function () {
      Object.keys(sessionStorage).forEach(function (k) { if (k.indexOf(KEPT_TEXT) === 0) sessionStorage.removeItem(k); });
      form.elements.description.value = "";
      if (form.elements.photos) form.elements.photos.value = "";
      keyField.value = freshKey();
      form.dispatchEvent(new Event("change"));
      if (navigator.serviceWorker) {
        navigator.serviceWorker.ready.then(function (r) { return r.sync && r.sync.register("lianxin-outbox"); }).catch(function () {});
      }
      return render();
    }).then(function () { queued.scrollIntoView({block: "center"}); queued.focus(); });
  }

  form.addEventListener("submit", function (event) {
    markUsed(keyField.value);
    if (!navigator.onLine) keep(event);
  });
  window.addEventListener("online", flush);
  if (navigator.serviceWorker) {
    navigator.serviceWorker.register(form.getAttribute("data-outbox"), {scope: form.getAttribute("data-outbox-scope")})
      .catch(function () { /* the page works without it */ });
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.lianxin === "outbox-sent") render();
    });
  }
  render().then(flush);
})();
