// Hotline entry by keyboard alone: Ctrl/Cmd+Enter registers the call, an anonymous caller's phone
// field is switched off, a second keystroke cannot register the same call twice, and focus lands
// where the operator must type next.
(function () {
  "use strict";
  const form = document.getElementById("hotline-form");
  if (!form) return;
  const phone = form.elements.namedItem("caller_phone");
  const anonymous = form.elements.namedItem("anonymous");
  const consent = form.elements.namedItem("sms_consent");
  let sent = false;

  form.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener("submit", function (event) {
    if (sent) {
      event.preventDefault();
      return;
    }
    sent = true;
  });

  function syncAnonymous() {
    phone.disabled = anonymous.checked; // a disabled field is not sent: no phone for anonymous callers
    if (consent) {
      consent.disabled = anonymous.checked; // nor SMS consent: nothing is ever sent to them
      if (anonymous.checked) consent.checked = false;
    }
  }
  anonymous.addEventListener("change", syncAnonymous);
  syncAnonymous();

  const invalid = form.querySelector("[aria-invalid=true]");
  if (invalid && !invalid.disabled) invalid.focus();
  else if (phone.disabled) anonymous.focus();

  // This page may be the answer to a POST: make a reload a plain GET, so refreshing neither
  // registers the call again nor shows a receipt code a second time.
  history.replaceState(null, "", location.href);
})();
