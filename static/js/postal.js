/*
 * Postal code → address (progressive enhancement; the form works without it).
 *
 * <input id="postal_code" data-postal-lookup="address" data-postal-status="postal-status"
 *        data-postal-button="lookup" data-postal-offer="postal-offer">
 * <input type="submit" id="lookup">                       the no-JavaScript lookup; here a plain button
 * <input id="address">
 * <p id="postal-status" role="status" aria-live="polite"></p>
 * <p id="postal-offer" hidden><span></span><input type="submit"></p>   "Address found: …" [Use this address]
 *
 * When the postal code holds seven digits (305-0031, ３０５－００３１, 3050031), the address for it is fetched
 * from GET /members/postal-code/<digits> (or the prefix in data-postal-url). It is written into the address input
 * only while that input is empty or still holds what this script put there: an address the person typed is never
 * overwritten; the found address is offered next to it instead, with a button that puts it in. The server's
 * message is announced in the status element, when there is one.
 */
(function () {
  "use strict";

  var SEPARATORS = /[\s\-\u2010-\u2015\u2212\u30FC\u3012]/g;

  function postalDigits(value) {
    var digits = (value || "").normalize("NFKC").replace(SEPARATORS, "");
    return /^[0-9]{7}$/.test(digits) ? digits : null;
  }

  function byAttribute(input, name) {
    var id = input.getAttribute(name);
    return id ? document.getElementById(id) : null;
  }

  function enhance(input) {
    var address = byAttribute(input, "data-postal-lookup");
    if (!address) {
      return;
    }
    var status = byAttribute(input, "data-postal-status");
    var button = byAttribute(input, "data-postal-button");
    var offer = byAttribute(input, "data-postal-offer");
    var offerText = offer ? offer.querySelector("span") : null;
    var offerButton = offer ? offer.querySelector("input, button") : null;
    var endpoint = input.getAttribute("data-postal-url") || "/members/postal-code/";
    var autoFilled = null;
    var offered = null;
    var lookedUp = null;
    var latest = 0;

    function announce(message) {
      if (status) {
        status.textContent = message || "";
      }
    }

    function showOffer(found, message) {
      offered = found;
      if (!offer) {
        return;
      }
      if (offerText) {
        offerText.textContent = message || "";
      }
      offer.hidden = found === null;
    }

    function lookUp(again) {
      var digits = postalDigits(input.value);
      if (digits === null) {
        lookedUp = null;
        showOffer(null);
        return;
      }
      if (digits === lookedUp && !again) {
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
            showOffer(null);
            announce(result.data.error);
            return;
          }
          var found = result.data.address;
          if (address.value === "" || address.value === autoFilled || address.value === found) {
            address.value = found;
            autoFilled = found;
            showOffer(null);
            address.dispatchEvent(new Event("change", { bubbles: true }));
          } else {
            showOffer(found, result.data.offer);
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

    input.addEventListener("input", function () { lookUp(false); });
    input.addEventListener("change", function () { lookUp(false); });
    if (button) {
      button.type = "button";
      button.addEventListener("click", function () { lookUp(true); });
    }
    if (offerButton) {
      offerButton.type = "button";
      offerButton.addEventListener("click", function () {
        if (offered !== null) {
          address.value = offered;
          autoFilled = offered;
          showOffer(null);
          address.focus();
        }
      });
    }
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
