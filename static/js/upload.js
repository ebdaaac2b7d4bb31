// Staged uploads (pms.uploads): a file input sends its file to /uploads/ as soon as it is chosen,
// shows the progress, and puts the returned upload id in the hidden field the form submits.
function csrfToken() {
  const headers = document.body.getAttribute("hx-headers");
  try {
    return JSON.parse(headers)["X-CSRFToken"];
  } catch {
    return "";
  }
}

function sendUpload(box, file) {
  const status = box.querySelector(".upload-status");
  const hidden = box.querySelector(".upload-id");
  const submit = box.closest("form")?.querySelector("[type=submit]");
  hidden.value = "";
  if (submit) submit.disabled = true;
  const body = new FormData();
  body.append("file", file);
  body.append("purpose", box.dataset.purpose);
  if (box.dataset.vessel) body.append("vessel", box.dataset.vessel);
  const request = new XMLHttpRequest();
  request.open("POST", `${box.dataset.uploadUrl}?purpose=${encodeURIComponent(box.dataset.purpose)}`);
  request.setRequestHeader("X-CSRFToken", csrfToken());
  request.upload.addEventListener("progress", (event) => {
    if (event.lengthComputable) status.textContent = `Sending… ${Math.round((100 * event.loaded) / event.total)} %`;
  });
  request.addEventListener("load", () => {
    if (submit) submit.disabled = false;
    let answer = {};
    try {
      answer = JSON.parse(request.responseText);
    } catch {
      answer = {};
    }
    if (request.status === 201) {
      hidden.value = answer.upload_id;
      status.textContent = `Received ${answer.name}.`;
      status.classList.remove("error");
      box.dispatchEvent(new CustomEvent("upload:done", { bubbles: true, detail: answer }));
    } else {
      status.textContent = answer.error?.message || `The file was not accepted (${request.status}).`;
      status.classList.add("error");
    }
  });
  request.addEventListener("error", () => {
    if (submit) submit.disabled = false;
    status.textContent = "The file could not be sent: check the connection and choose it again.";
    status.classList.add("error");
  });
  status.textContent = "Sending…";
  request.send(body);
}

document.addEventListener("change", (event) => {
  const input = event.target;
  if (!input.matches(".upload .upload-file") || !input.files.length) return;
  sendUpload(input.closest(".upload"), input.files[0]);
});
