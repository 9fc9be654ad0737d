// Nomination form: autosave as the nominator types, word counters, conditional questions.
// Everything here is an enhancement: without JavaScript each step's buttons save the draft.
(function () {
  "use strict";

  var form = document.getElementById("step-form");
  if (!form) return;
  // Messages come from the page language's catalogue (Django's JavaScript catalogue).
  var _ = window.gettext || function (text) { return text; };
  var format = window.interpolate || function (text) { return text; };

  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();

  // Word counters for essay questions with a limit.
  function countWords(text) {
    var words = text.trim().split(/\s+/);
    return words[0] === "" ? 0 : words.length;
  }
  form.querySelectorAll("textarea[data-word-limit]").forEach(function (area) {
    var limit = parseInt(area.dataset.wordLimit, 10);
    var counter = document.createElement("p");
    counter.className = "word-count";
    counter.id = area.id + "-count";
    counter.setAttribute("aria-live", "polite");
    area.insertAdjacentElement("afterend", counter);
    var describedBy = (area.getAttribute("aria-describedby") || "").trim();
    area.setAttribute("aria-describedby", (describedBy + " " + counter.id).trim());
    function update() {
      var words = countWords(area.value);
      counter.textContent = format(_("%(count)s of %(limit)s words"), { count: words, limit: limit }, true);
      counter.classList.toggle("word-count--over", words > limit);
    }
    area.addEventListener("input", update);
    update();
  });

  // Conditional questions: shown only when the answer they depend on has the given value.
  function answerOf(key) {
    var fields = form.querySelectorAll('[name="' + key + '"]');
    var values = [];
    fields.forEach(function (field) {
      if ((field.type === "radio" || field.type === "checkbox") && !field.checked) return;
      values.push(field.value);
    });
    return values;
  }
  function applyConditions() {
    form.querySelectorAll("[data-show-if-key]").forEach(function (block) {
      var values = answerOf(block.dataset.showIfKey);
      var controlled = form.querySelector('[name="' + block.dataset.showIfKey + '"]');
      if (!controlled) return; // the question it depends on is on another step: the server decides
      block.hidden = values.indexOf(block.dataset.showIfValue) === -1;
      var note = block.querySelector(".question__condition");
      if (note) note.hidden = true;
    });
  }
  form.addEventListener("change", applyConditions);
  applyConditions();

  // Autosave: debounced, to the server; a copy stays in this browser until the server has it.
  var url = form.dataset.autosaveUrl;
  if (!url) return;
  var status = form.querySelector("[data-autosave-status]");
  var storageKey = form.dataset.draftKey;
  var versionField = form.querySelector('input[name="draft_version"]');
  var changedElsewhere = document.querySelector("[data-changed-elsewhere]");
  var timer = null;
  var inFlight = false;
  var pending = false;
  var submitAfterSave = null;
  // Every save names the state of the draft it was typed over; the server refuses one made
  // from an older state (another tab or device saved since). Then nothing more is sent from
  // this page: the notice says so and what was typed stays in the fields, to copy.
  var conflict = changedElsewhere !== null && !changedElsewhere.hidden;

  function showConflict() {
    conflict = true;
    window.clearTimeout(timer);
    dropLocalCopy();
    status.textContent = "";
    changedElsewhere.hidden = false;
    changedElsewhere.focus();
  }

  function fieldsData() {
    var data = new FormData(form);
    form.querySelectorAll('input[type="file"]').forEach(function (input) {
      data.delete(input.name);
    });
    data.delete("action");
    // A letter writer's name and address are sent only by "Ask for a letter", and are not kept
    // once the request is made.
    Array.from(data.keys()).forEach(function (key) {
      if (key.indexOf("letter-") === 0) data.delete(key);
    });
    return data;
  }
  function keepLocalCopy() {
    try {
      var copy = {};
      fieldsData().forEach(function (value, key) {
        if (key === "csrfmiddlewaretoken") return;
        (copy[key] = copy[key] || []).push(value);
      });
      // The copy names the server's state it was typed over (see the restore below).
      window.localStorage.setItem(storageKey, JSON.stringify({
        savedAt: Date.now(), version: form.dataset.draftVersion, fields: copy,
      }));
    } catch (e) { /* storage full or disabled: the server copy is all there is */ }
  }
  function dropLocalCopy() {
    try { window.localStorage.removeItem(storageKey); } catch (e) { /* ignore */ }
  }
  function save() {
    if (conflict) return;
    if (inFlight) { pending = true; return; }
    inFlight = true;
    status.textContent = _("Saving…");
    fetch(url, {
      method: "POST",
      body: fieldsData(),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    }).then(function (response) {
      if (response.status === 409) {
        return response.json().then(function (body) {
          if (body.conflict) return { conflict: true };
          throw new Error("409");
        });
      }
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    }).then(function (body) {
      if (body.conflict) {
        showConflict();
        return;
      }
      status.textContent = body.label;
      // This page's next save (autosave or a button) is made from the state just saved.
      form.dataset.draftVersion = body.version;
      versionField.value = body.version;
      dropLocalCopy();
    }).catch(function () {
      keepLocalCopy();
      status.textContent = _("Not saved to the server yet (connection or sign-in problem). " +
        "Your answers are kept in this browser; we'll keep trying.");
      window.setTimeout(schedule, 15000);
    }).finally(function () {
      inFlight = false;
      if (submitAfterSave && !conflict) {
        var submitter = submitAfterSave;
        submitAfterSave = null;
        form.requestSubmit(submitter);
      } else if (pending) { pending = false; schedule(); }
    });
  }
  function schedule() {
    if (conflict) return;
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 1200);
  }
  // A button pressed while an autosave is on its way waits for it: sent at once, it would
  // name the state before that autosave and be refused as if another tab had saved.
  form.addEventListener("submit", function (event) {
    window.clearTimeout(timer);
    pending = false;
    if (!inFlight) return;
    event.preventDefault();
    submitAfterSave = event.submitter || null;
  });
  form.addEventListener("input", function (event) {
    if (event.target.type === "file" || conflict) return;
    keepLocalCopy();
    schedule();
  });
  form.addEventListener("change", function (event) {
    if (event.target.type === "file" || conflict) return;
    keepLocalCopy();
    schedule();
  });
  window.addEventListener("online", schedule);

  // A copy left by an earlier visit that never reached the server is restored, then saved;
  // only over the state it was typed over: if the server has newer answers since (Next or
  // Save draft reached it, or another device saved), the copy is stale and is dropped.
  var restored = false;
  if (conflict) changedElsewhere.focus();
  else try {
    var saved = JSON.parse(window.localStorage.getItem(storageKey) || "null");
    if (saved && saved.fields && saved.version !== form.dataset.draftVersion) {
      dropLocalCopy();
    } else if (saved && saved.fields) {
      Object.keys(saved.fields).forEach(function (name) {
        var values = saved.fields[name];
        form.querySelectorAll('[name="' + name + '"]').forEach(function (field) {
          if (field.type === "file" || field.type === "hidden") return;
          if (field.type === "radio" || field.type === "checkbox") {
            field.checked = values.indexOf(field.value) !== -1;
          } else {
            field.value = values[0];
          }
        });
      });
      applyConditions();
      status.textContent = _("Restored answers that had not reached the server; saving them now.");
      restored = true;
      save();
    }
  } catch (e) { /* unreadable copy: ignore */ }

  // On a slow phone a person may type before this script has run: what differs from the page
  // as the server sent it is kept and saved now, not only at the next key press.
  function changedBeforeLoad() {
    return Array.from(form.elements).some(function (field) {
      if (!field.name || field.type === "file" || field.type === "hidden") return false;
      if (field.name.indexOf("letter-") === 0) return false;
      if (field.type === "radio" || field.type === "checkbox") {
        return field.checked !== field.defaultChecked;
      }
      if (field.tagName === "SELECT") {
        var options = Array.from(field.options);
        var marked = options.some(function (option) { return option.defaultSelected; });
        // A single choice with none marked starts on its first option.
        if (!marked && field.type === "select-one") return field.selectedIndex > 0;
        return options.some(function (option) {
          return option.selected !== option.defaultSelected;
        });
      }
      return field.value !== undefined && "defaultValue" in field && field.value !== field.defaultValue;
    });
  }
  if (!conflict && !restored && changedBeforeLoad()) {
    keepLocalCopy();
    schedule();
  }
})();
