// Direct uploads: a file chosen on a step goes from the browser straight to the private bucket
// through a presigned POST, then the server checks it and adds it to the nomination.
// An enhancement only: the page loads this script only when private storage is S3. Without
// JavaScript the step's Upload button sends files through the server, as with local storage.
(function () {
  "use strict";

  var form = document.getElementById("step-form");
  if (!form || !form.dataset.directUploadPresign || !window.FormData || !window.fetch) return;

  var presignUrl = form.dataset.directUploadPresign;
  var confirmUrl = form.dataset.directUploadConfirm;
  var csrfField = form.querySelector('input[name="csrfmiddlewaretoken"]');
  var _ = window.gettext || function (text) { return text; };
  var format = window.interpolate || function (text) { return text; };
  var GENERIC = _("The upload did not work (connection or sign-in problem). Please try again.");
  var busy = 0;

  function problem(message) {
    var error = new Error(message);
    error.forPerson = true;
    return error;
  }

  // A POST to the portal; resolves with its JSON answer, rejects with the words to show.
  function postToPortal(url, fields) {
    var body = new FormData();
    Object.keys(fields).forEach(function (name) { body.append(name, fields[name]); });
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfField ? csrfField.value : "", "X-Requested-With": "fetch" },
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (answer) {
        // A redirect means the session ended (the sign-in page answered): not a success.
        if (!response.ok || response.redirected) throw problem(answer.error || GENERIC);
        return answer;
      });
    });
  }

  // The POST to the bucket: XMLHttpRequest, because fetch reports no upload progress.
  function postToBucket(presigned, file, onProgress) {
    return new Promise(function (resolve, reject) {
      var body = new FormData();
      Object.keys(presigned.fields).forEach(function (name) {
        body.append(name, presigned.fields[name]);
      });
      body.append("file", file); // last: S3 ignores every field after the file
      var request = new XMLHttpRequest();
      request.open("POST", presigned.url);
      request.upload.addEventListener("progress", function (event) {
        if (event.lengthComputable) onProgress(event.loaded, event.total);
      });
      request.addEventListener("load", function () {
        if (request.status >= 200 && request.status < 300) return resolve();
        if (/EntityTooLarge/.test(request.responseText || "")) {
          return reject(problem(tooLarge(presigned.max_bytes)));
        }
        reject(problem(GENERIC));
      });
      request.addEventListener("error", function () { reject(problem(GENERIC)); });
      request.addEventListener("abort", function () { reject(problem(GENERIC)); });
      request.send(body);
    });
  }

  function tooLarge(maxBytes) {
    return format(_("This file is larger than %(size)s MB."), { size: Math.floor(maxBytes / (1024 * 1024)) }, true);
  }

  function addToList(fieldset, file) {
    var list = fieldset.querySelector(".file-list");
    if (!list) {
      list = document.createElement("ul");
      list.className = "file-list";
      var hint = fieldset.querySelector("[id^='hint-upload-']");
      (hint || fieldset.firstElementChild).insertAdjacentElement("afterend", list);
    }
    var item = document.createElement("li");
    var link = document.createElement("a");
    link.href = file.url;
    link.textContent = file.name;
    var size = document.createElement("span");
    size.className = "muted";
    size.textContent = "(" + file.size + ")";
    var remove = document.createElement("button");
    remove.type = "submit";
    remove.name = "action";
    remove.value = "remove_file:" + file.code;
    remove.className = "link-button";
    remove.textContent = _("Remove");
    var removeName = document.createElement("span");
    removeName.className = "visually-hidden";
    removeName.textContent = " " + file.name;
    remove.appendChild(removeName);
    item.append(link, " ", size, " ", remove);
    list.appendChild(item);
  }

  form.querySelectorAll('input[type="file"][name^="upload-"]').forEach(function (input) {
    var question = input.name.slice("upload-".length);
    var fieldset = input.closest("fieldset");
    var label = form.querySelector('label[for="' + input.id + '"]');
    var button = form.querySelector('[data-upload-button="' + question + '"]');
    if (button) button.hidden = true; // choosing a file starts the upload

    var box = document.createElement("div");
    box.className = "direct-upload";
    var progress = document.createElement("progress");
    progress.max = 100;
    progress.value = 0;
    progress.hidden = true;
    progress.id = input.id + "-progress";
    progress.setAttribute("aria-label", _("Upload progress"));
    var status = document.createElement("p");
    status.className = "direct-upload__status";
    status.id = input.id + "-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    box.append(progress, status);
    (button || input).insertAdjacentElement("afterend", box);
    var describedBy = (input.getAttribute("aria-describedby") || "").trim();
    input.setAttribute("aria-describedby", (describedBy + " " + status.id).trim());

    function say(text, isError) {
      status.textContent = text;
      status.classList.toggle("direct-upload__status--error", Boolean(isError));
    }

    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!file) return;
      // The step form must not send the same file through the server as well.
      input.value = "";
      input.disabled = true;
      busy += 1;
      progress.value = 0;
      say(format(_("Preparing to upload %(name)s…"), { name: file.name }, true));
      postToPortal(presignUrl, { question: question, content_type: file.type || "" })
        .then(function (presigned) {
          if (file.size > presigned.max_bytes) throw problem(tooLarge(presigned.max_bytes));
          progress.hidden = false;
          say(format(_("Uploading %(name)s…"), { name: file.name }, true));
          return postToBucket(presigned, file, function (loaded, total) {
            progress.value = Math.round((loaded * 100) / total);
          }).then(function () { return presigned.key; });
        })
        .then(function (key) {
          progress.value = 100;
          say(format(_("Checking %(name)s…"), { name: file.name }, true));
          return postToPortal(confirmUrl, { question: question, key: key, name: file.name });
        })
        .then(function (answer) {
          addToList(fieldset, answer.file);
          say(answer.message);
          if (!answer.more) {
            input.hidden = true;
            if (label) label.hidden = true;
          }
        })
        .catch(function (error) {
          var message = error && error.forPerson ? error.message : GENERIC;
          say(message + " " + _("Your draft is kept."), true);
        })
        .finally(function () {
          busy -= 1;
          input.disabled = false;
          progress.hidden = true;
        });
    });
  });

  // Leaving the page mid-upload would drop the file: ask first.
  window.addEventListener("beforeunload", function (event) {
    if (busy > 0) event.preventDefault();
  });
})();
