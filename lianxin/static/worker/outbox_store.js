/* The outbox of the worker page, shared by the page (outbox.js) and the service worker (sw.js).
 *
 * A concern written without signal is kept on the phone in IndexedDB — its fields as written,
 * photos as Blobs — under the form's one-time submission key. Sending it again is a plain POST of
 * the same form to the same address: the server makes one case per key, however often it arrives
 * (intake/services/submission_keys.py), so a send whose answer was lost can simply be repeated.
 * The answer's receipt (case number and receipt code, parsed from the receipt page the POST
 * redirects to) is kept in a second store until the worker says it has been noted down.
 * Page and service worker take the same Web Lock while sending, so one sends at a time.
 */
(function (scope) {
  "use strict";
  var DB = "lianxin-worker", OUTBOX = "outbox", SENT = "sent", LOCK = "lianxin-outbox";

  function open() {
    return new Promise(function (resolve, reject) {
      var request = scope.indexedDB.open(DB, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(OUTBOX, {keyPath: "key"});
        request.result.createObjectStore(SENT, {keyPath: "key"});
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function run(store, mode, act) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(store, mode), result;
        var request = act(tx.objectStore(store));
        if (request) request.onsuccess = function () { result = request.result; };
        tx.oncomplete = function () { db.close(); resolve(result); };
        tx.onerror = tx.onabort = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function byTime(a, b) { return a.createdAt - b.createdAt; }

  var api = {
    /* A form as written: [[name, value], ...] with Files kept as they are (Blobs). */
    keep: function (record) { return run(OUTBOX, "readwrite", function (s) { return s.put(record); }); },
    waiting: function () {
      return run(OUTBOX, "readonly", function (s) { return s.getAll(); }).then(function (rows) { return rows.sort(byTime); });
    },
    drop: function (key) { return run(OUTBOX, "readwrite", function (s) { return s.delete(key); }); },
    receipts: function () {
      return run(SENT, "readonly", function (s) { return s.getAll(); }).then(function (rows) { return rows.sort(byTime); });
    },
    noted: function (key) { return run(SENT, "readwrite", function (s) { return s.delete(key); }); },

    /* Send one kept form. Resolves {receipt} once the server made (or had made) its case, or
     * {refused: status, html} when the server answered with the form again (an error in it);
     * rejects when there is still no network. `token` replaces the kept CSRF token if given. */
    send: function (record, token) {
      var body = new FormData();
      record.fields.forEach(function (pair) {
        if (token && pair[0] === "csrfmiddlewaretoken") return;
        if (pair[1] instanceof Blob && !pair[1].size) return;  // an empty file input sends nothing
        if (pair[1] instanceof Blob) body.append(pair[0], pair[1], pair[1].name || "photo");
        else body.append(pair[0], pair[1]);
      });
      if (token) body.append("csrfmiddlewaretoken", token);
      return fetch(record.action, {method: "POST", body: body, credentials: "same-origin", redirect: "follow"})
        .then(function (response) {
          return response.text().then(function (html) {
            var number = /data-case-number="([^"]+)"/.exec(html);
            if (response.ok && number) {
              var code = /data-receipt-code="([^"]+)"/.exec(html);
              return {receipt: {key: record.key, createdAt: Date.now(), number: number[1], code: code ? code[1] : ""}};
            }
            return {refused: response.status, html: html};
          });
        });
    },

    /* Send everything waiting, oldest first, under the lock. Resolves with the first refusal (the
     * record stays kept unless `dropRefused`), or null; rejects at the first network failure. */
    flush: function (token, dropRefused) {
      var work = function () {
        return api.waiting().then(function (rows) {
          var refused = null;
          return rows.reduce(function (chain, record) {
            return chain.then(function () {
              if (refused) return null;
              return api.send(record, token).then(function (answer) {
                if (answer.receipt) {
                  return run(SENT, "readwrite", function (s) { return s.put(answer.receipt); })
                    .then(function () { return api.drop(record.key); });
                }
                refused = answer;
                return dropRefused ? api.drop(record.key) : null;
              });
            });
          }, Promise.resolve()).then(function () { return refused; });
        });
      };
      var locks = scope.navigator && scope.navigator.locks;
      return locks ? locks.request(LOCK, work) : work();
    },
  };
  scope.LianxinOutbox = api;
})(self);
