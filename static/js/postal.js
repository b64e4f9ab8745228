/*
 * Postal code → address (progressive enhancement; the form works without it).
 *
 * <input id="postal_code" data-postal-lookup="address" data-postal-status="postal-status">
 * <input id="address">
 * <p id="postal-status" role="status" aria-live="polite"></p>
 *
 * When the postal code holds seven digits (305-0031, ３０５－００３１, 3050031), the address for it is fetched
 * from GET /members/postal-code/<digits> (or the prefix in data-postal-url) and written into the address input,
 * but only while that input is empty or still holds what this script put there: an address the person typed is
 * never overwritten. The server's message is announced in the status element, when there is one.
 */
(function () {
  "use strict";

  var SEPARATORS = /[\s\-\u2010-\u2015\u2212\u30FC\u3012]/g;

  function postalDigits(value) {
    var digits = (value || "").normalize("NFKC").replace(SEPARATORS, "");
    return /^[0-9]{7}$/.test(digits) ? digits : null;
  }

  function enhance(input) {
    var address = document.getElementById(input.getAttribute("data-postal-lookup"));
    if (!address) {
      return;
    }
    var statusId = input.getAttribute("data-postal-status");
    var status = statusId ? document.getElementById(statusId) : null;
    var endpoint = input.getAttribute("data-postal-url") || "/members/postal-code/";
    var autoFilled = null;
    var lookedUp = null;
    var latest = 0;

    function announce(message) {
      if (status) {
        status.textContent = message || "";
      }
    }

    function lookUp() {
      var digits = postalDigits(input.value);
      if (digits === null) {
        lookedUp = null;
        return;
      }
      if (digits === lookedUp) {
        return;
      }
      lookedUp = digits;
      var request = ++latest;
      fetch(endpoint + encodeURIComponent(digits), {
        headers: { Accept: "application/json" },
        credentials: "same-origin"
      })
        .then(function (response) {
          var type = response.headers.get("Content-Type") || "";
          if (type.indexOf("application/json") === -1) {
            throw new Error("not JSON");
          }
          return response.json().then(function (data) {
            return { ok: response.ok, data: data };
          });
        })
        .then(function (result) {
          if (request !== latest) {
            return;
          }
          if (!result.ok) {
            announce(result.data.error);
            return;
          }
          if (address.value === "" || address.value === autoFilled) {
            address.value = result.data.address;
            autoFilled = result.data.address;
            address.dispatchEvent(new Event("change", { bubbles: true }));
          }
          announce(result.data.message);
        })
        .catch(function () {
          if (request === latest) {
            lookedUp = null;
            announce("");
          }
        });
    }

    input.addEventListener("input", lookUp);
    input.addEventListener("change", lookUp);
  }

  function start() {
    var inputs = document.querySelectorAll("input[data-postal-lookup]");
    for (var i = 0; i < inputs.length; i += 1) {
      enhance(inputs[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
