// Ready answers on an inquiry: type to filter, arrows to choose, Enter (or a click) inserts the
// answer in the customer's language at the reply's cursor. No inline script (CSP).
(function () {
  "use strict";
  var list = document.getElementById("answers");
  var search = document.getElementById("answer-search");
  var reply = document.getElementById("reply-text");
  if (!list || !search || !reply) { return; }
  var language = list.getAttribute("data-language") || "en";
  var buttons = Array.prototype.slice.call(list.querySelectorAll("button.answer"));

  function visible() {
    return buttons.filter(function (b) { return !b.parentNode.hidden; });
  }
  function insert(button) {
    var text = button.getAttribute("data-text-" + language) || button.getAttribute("data-text-en") || "";
    var start = reply.selectionStart || 0, end = reply.selectionEnd || 0;
    reply.value = reply.value.slice(0, start) + text + reply.value.slice(end);
    reply.focus();
    reply.selectionStart = reply.selectionEnd = start + text.length;
  }
  search.addEventListener("input", function () {
    var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    buttons.forEach(function (b) {
      var hay = (b.getAttribute("data-search") || "") + " " +
        (b.getAttribute("data-text-" + language) || "").toLowerCase();
      b.parentNode.hidden = !words.every(function (w) { return hay.indexOf(w) !== -1; });
    });
  });
  search.addEventListener("keydown", function (event) {
    var shown = visible();
    if (event.key === "Enter") {
      event.preventDefault();
      if (shown.length) { insert(shown[0]); }
    } else if (event.key === "ArrowDown" && shown.length) {
      event.preventDefault();
      shown[0].focus();
    }
  });
  list.addEventListener("keydown", function (event) {
    var shown = visible(), index = shown.indexOf(document.activeElement);
    if (index === -1) { return; }
    if (event.key === "ArrowDown" && index < shown.length - 1) { event.preventDefault(); shown[index + 1].focus(); }
    if (event.key === "ArrowUp") { event.preventDefault(); (index ? shown[index - 1] : search).focus(); }
  });
  buttons.forEach(function (b) { b.addEventListener("click", function () { insert(b); }); });
}());
