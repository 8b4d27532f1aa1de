/* iphub pages: the only script the node serves (Content-Security-Policy: script-src 'self').
 *
 * - form[data-confirm]: ask the question before a destructive post; "OK" fills the form's
 *   "confirmed" field, "Cancel" stops the post. Without this script the server shows a
 *   confirmation page instead, so nothing is destroyed by one click either way.
 * - select[data-autosubmit]: submit the form when the choice changes (a button does it too).
 */
"use strict";

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.dataset.confirm) {
    return;
  }
  if (!window.confirm(form.dataset.confirm)) {
    event.preventDefault();
    return;
  }
  const field = form.elements.namedItem("confirmed");
  if (field) {
    field.value = "yes";
  }
});

document.addEventListener("change", (event) => {
  const select = event.target;
  if (select instanceof HTMLSelectElement && select.dataset.autosubmit !== undefined) {
    select.form.requestSubmit();
  }
});
