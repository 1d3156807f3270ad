/*
 * Camera scanning for /scan/: the rear camera's frames are drawn on a canvas every FRAME_MS and
 * read by jsQR (vendor/jsqr/jsQR.js); a decoded badge text goes into the same scan() as a typed
 * code. The camera stops when the page is hidden (a phone in a pocket films nothing useful and
 * the light would stay on). Refused or absent camera: a message, and typed codes keep working.
 */
(function () {
  "use strict";

  var button = document.getElementById("camera-button");
  var video = document.getElementById("camera");
  var message = document.getElementById("camera-message");
  if (!button || !video) return;
  var S = JSON.parse(document.getElementById("scan-strings").textContent);
  var FRAME_MS = 150;
  var MAX_SIDE = 640; // jsQR's time grows with the pixels; a badge QR fills much of the frame
  var SAME_CODE_MS = 2500; // a badge held still is one scan, not one per frame

  var canvas = document.createElement("canvas");
  var context = canvas.getContext("2d", { willReadFrequently: true });
  var stream = null;
  var timer = null;
  var busy = false;
  var lastText = null;
  var lastSeen = 0;

  /** The text of the QR code in these pixels, or null. */
  function decodeImageData(image) {
    if (typeof window.jsQR !== "function") return null;
    var found = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
    return found && found.data ? found.data : null;
  }

  function say(text) {
    if (message) message.textContent = text || "";
  }

  function frame() {
    timer = null;
    if (!stream) return;
    var w = video.videoWidth;
    var h = video.videoHeight;
    if (w && h && !busy) {
      var scale = Math.min(1, MAX_SIDE / Math.max(w, h));
      canvas.width = Math.round(w * scale);
      canvas.height = Math.round(h * scale);
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      var text = decodeImageData(context.getImageData(0, 0, canvas.width, canvas.height));
      var now = Date.now();
      if (text && !(text === lastText && now - lastSeen < SAME_CODE_MS)) {
        busy = true;
        window.GarrisonScanner.scan(text).catch(function () { return null; })
          .then(function () { busy = false; });
      }
      if (text) { lastText = text; lastSeen = now; }
    }
    timer = setTimeout(frame, FRAME_MS);
  }

  function stop() {
    if (timer) { clearTimeout(timer); timer = null; }
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
    video.srcObject = null;
    video.hidden = true;
    button.textContent = S.camera_start;
    button.setAttribute("aria-pressed", "false");
  }

  function start() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || typeof window.jsQR !== "function") {
      say(S.camera_absent);
      return Promise.resolve();
    }
    say("");
    return navigator.mediaDevices.getUserMedia({
      video: { facingMode: { ideal: "environment" } }, audio: false,
    }).then(function (media) {
      if (document.hidden) { media.getTracks().forEach(function (t) { t.stop(); }); return; }
      stream = media;
      video.srcObject = media;
      video.hidden = false;
      button.textContent = S.camera_stop;
      button.setAttribute("aria-pressed", "true");
      return video.play().catch(function () { return null; }).then(function () { frame(); });
    }).catch(function (error) {
      stop();
      var name = error && error.name;
      if (name === "NotAllowedError" || name === "SecurityError") say(S.camera_refused);
      else if (name === "NotFoundError" || name === "OverconstrainedError") say(S.camera_absent);
      else say(S.camera_failed);
    });
  }

  button.addEventListener("click", function () {
    if (stream) stop();
    else start();
  });
  document.addEventListener("visibilitychange", function () { if (document.hidden) stop(); });
  window.addEventListener("pagehide", stop);

  button.textContent = S.camera_start;
  button.hidden = false;
  window.ScanCamera = { decodeImageData: decodeImageData, start: start, stop: stop };
})();
