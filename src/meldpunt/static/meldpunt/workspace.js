// The assessment workspace: one key per choice, Enter records; the page tells the server
// every 30 s that the analyst is still here (the claim and an open reveal go on counting).
(function () {
  "use strict";
  var facts = document.getElementById("facts");

  function typing(target) {
    return target && (target.tagName === "INPUT" && target.type !== "radio" && target.type !== "checkbox"
      || target.tagName === "SELECT" || target.tagName === "TEXTAREA");
  }

  function choose(key) {
    var sets = document.querySelectorAll("fieldset[data-keys]");
    for (var i = 0; i < sets.length; i++) {
      var at = sets[i].getAttribute("data-keys").indexOf(key);
      if (at >= 0) {
        var radios = sets[i].querySelectorAll("input[type=radio]");
        if (radios[at]) { radios[at].checked = true; radios[at].focus(); return true; }
      }
    }
    return false;
  }

  function press(selector) {
    var button = document.querySelector(selector);
    if (button) { button.click(); return true; }
    return false;
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
    var key = event.key.toLowerCase();
    var done = false;
    if (key === "enter" && facts && event.target.tagName !== "BUTTON") {
      facts.requestSubmit(); done = true;
    } else if (key === "?" && facts) {
      var unsure = facts.querySelector("input[name=not_sure]");
      if (unsure) { unsure.checked = !unsure.checked; done = true; }
    } else if (key === "n" || key === "r" || key === "h") {
      done = press("button[data-key=" + key + "]");
    } else if (facts) {
      done = choose(key);
    }
    if (done) { event.preventDefault(); }
  });

  var exposure = document.getElementById("exposure");
  var token = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (exposure && token && facts) {
    window.setInterval(function () {
      fetch(exposure.getAttribute("data-still-here"), {
        method: "POST", credentials: "same-origin",
        headers: {"X-CSRFToken": token.value}
      }).catch(function () { /* the next beat tries again */ });
    }, 30000);
  }
}());
