// Reviewer scoring form: save a draft as the reviewer scores, debounced. Without JavaScript the
// Save button does the same.
(function () {
  "use strict";

  var form = document.getElementById("score-form");
  if (!form || !form.dataset.autosaveUrl) return;
  var _ = window.gettext || function (text) { return text; };
  var status = document.querySelector("[data-autosave-status]");
  var timer = null;
  var sending = false;
  var again = false;

  function say(text) {
    if (status) status.textContent = text;
  }

  function save() {
    if (sending) {
      again = true;
      return;
    }
    sending = true;
    var data = new FormData(form);
    data.set("action", "save");
    fetch(form.dataset.autosaveUrl, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    })
      .then(function (response) {
        return response.json().then(function (body) {
          if (response.ok) say(body.label);
          else say(body.error || _("Not saved: check the scores marked above, then press Save."));
        });
      })
      .catch(function () {
        say(_("Not saved: the connection dropped. Your scores are still on this page; press Save."));
      })
      .then(function () {
        sending = false;
        if (again) {
          again = false;
          save();
        }
      });
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(save, 1200);
  }
  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
})();
