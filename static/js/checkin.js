// Check-in page: scan a participant's QR code with the camera where the browser offers the BarcodeDetector
// API, put what it reads into the code field and send the form. Without the API (or without JavaScript) the
// scanner stays hidden: staff type the code, pick the name, or scan with the phone's own camera app, which
// opens the QR code's link.
(function () {
  var section = document.querySelector("[data-checkin-scanner]");
  var form = document.querySelector("[data-checkin-form]");
  var media = navigator.mediaDevices;
  if (!section || !form || !("BarcodeDetector" in window) || !media || !media.getUserMedia) {
    return;
  }
  var start = section.querySelector("[data-scan-start]");
  var video = section.querySelector("[data-scan-video]");
  var status = section.querySelector("[data-scan-status]");
  var input = form.querySelector("input[name=code]");

  function unavailable() {
    status.textContent = section.dataset.unavailable;
    start.hidden = true;
  }

  function scan(detector, stream) {
    detector.detect(video).then(function (codes) {
      if (codes.length && codes[0].rawValue) {
        stream.getTracks().forEach(function (track) { track.stop(); });
        input.value = codes[0].rawValue;
        form.submit();
        return;
      }
      window.setTimeout(function () { scan(detector, stream); }, 200);
    }, function () {
      window.setTimeout(function () { scan(detector, stream); }, 500);
    });
  }

  window.BarcodeDetector.getSupportedFormats().then(function (formats) {
    if (formats.indexOf("qr_code") < 0) {
      return;
    }
    section.hidden = false;
    start.addEventListener("click", function () {
      var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      media.getUserMedia({ video: { facingMode: "environment" }, audio: false }).then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        start.hidden = true;
        status.textContent = section.dataset.scanning;
        return video.play().then(function () { scan(detector, stream); });
      }).catch(unavailable);
    });
  }, function () {});
})();
