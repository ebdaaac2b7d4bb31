// The tablet's scanner: the camera (getUserMedia) or a chosen picture, both decoded by `decode`
// — the browser's BarcodeDetector where it reads QR codes, else the vendored jsQR — and the
// code found opened through /scan/resolve (the server finds the item on the user's vessels).
(function () {
  "use strict";

  const root = document.getElementById("scanner");
  if (!root) {
    return;
  }
  const status = document.getElementById("scan-status");
  const video = document.getElementById("scan-video");
  const startButton = document.getElementById("scan-start");
  const stopButton = document.getElementById("scan-stop");
  const fileInput = document.getElementById("scan-file");
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  const MAX_SIDE = 1280; // pixels: enough for a label, quick to search
  let detector = null;
  let stream = null;
  let opening = false;

  function say(text) {
    status.textContent = text;
  }

  async function makeDetector() {
    if (!("BarcodeDetector" in window)) {
      return null;
    }
    try {
      const formats = await window.BarcodeDetector.getSupportedFormats();
      return formats.includes("qr_code") ? new window.BarcodeDetector({ formats: ["qr_code"] }) : null;
    } catch (error) {
      return null;
    }
  }
  const ready = makeDetector().then(function (found) {
    detector = found;
  });

  // One decoder for a camera frame and for a picture: `source` is a video, an image or a bitmap.
  async function decode(source, width, height) {
    await ready;
    if (detector) {
      try {
        const codes = await detector.detect(source);
        if (codes.length) {
          return codes[0].rawValue;
        }
      } catch (error) {
        // Fall through to jsQR.
      }
    }
    if (typeof window.jsQR !== "function" || !width || !height) {
      return null;
    }
    const scale = Math.min(1, MAX_SIDE / Math.max(width, height));
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    context.drawImage(source, 0, 0, canvas.width, canvas.height);
    const image = context.getImageData(0, 0, canvas.width, canvas.height);
    const found = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "attemptBoth" });
    return found ? found.data : null;
  }

  async function open(code) {
    opening = true;
    stop();
    say("Found " + code + " — opening…");
    const url = root.dataset.resolveUrl + "?code=" + encodeURIComponent(code);
    try {
      const response = await fetch(url, { credentials: "same-origin" });
      if (response.ok) {
        window.location.assign(url);
        return;
      }
      say(response.status === 404 ? "Not found on your vessels: " + code : "Could not open " + code + " (" + response.status + ").");
    } catch (error) {
      say("No connection to the server: try again.");
    }
    opening = false;
  }

  function stop() {
    if (stream) {
      stream.getTracks().forEach(function (track) {
        track.stop();
      });
      stream = null;
    }
    video.hidden = true;
    stopButton.hidden = true;
    startButton.hidden = false;
  }

  async function scanFrames() {
    if (!stream || opening) {
      return;
    }
    if (video.readyState >= 2) {
      const code = await decode(video, video.videoWidth, video.videoHeight);
      if (code) {
        open(code);
        return;
      }
    }
    window.setTimeout(scanFrames, 250);
  }

  startButton.addEventListener("click", async function () {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      say("This browser gives no camera here (it needs https); choose a picture instead.");
      return;
    }
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
    } catch (error) {
      say("No camera: " + error.message + ". Choose a picture instead.");
      return;
    }
    video.srcObject = stream;
    video.hidden = false;
    stopButton.hidden = false;
    startButton.hidden = true;
    await video.play();
    say("Looking for a QR code…");
    scanFrames();
  });

  stopButton.addEventListener("click", function () {
    stop();
    say("");
  });

  fileInput.addEventListener("change", async function () {
    const file = fileInput.files && fileInput.files[0];
    if (!file) {
      return;
    }
    say("Reading the picture…");
    let bitmap;
    try {
      bitmap = await createImageBitmap(file);
    } catch (error) {
      say("That file is not a picture this browser can read.");
      return;
    }
    const code = await decode(bitmap, bitmap.width, bitmap.height);
    bitmap.close();
    if (code) {
      open(code);
    } else {
      say("No QR code found in that picture. Try a sharper, closer one.");
    }
  });
})();
