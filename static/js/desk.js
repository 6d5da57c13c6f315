/* The operator desk: keyboard shortcuts, clickable queue rows, customer lookup by phone.
   Plain JavaScript; htmx (vendored) does the queue's self-refresh. */
(function () {
  "use strict";

  function typing(event) {
    var el = event.target;
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  function rows() { return Array.prototype.slice.call(document.querySelectorAll("tr.row[data-href]")); }
  function rowOf(element) { return element && element.closest ? element.closest("tr.row[data-href]") : null; }
  // j/k: the selected row is the focused one (a screen reader reads it; its outline shows it).
  function select(step) {
    var all = rows();
    if (!all.length) { return; }
    var at = all.indexOf(rowOf(document.activeElement));
    var row = all[at < 0 ? 0 : Math.max(0, Math.min(at + step, all.length - 1))];
    row.focus({preventScroll: true});
    row.scrollIntoView({block: "nearest"});
  }

  function focusAction(id) {
    var box = document.getElementById(id);
    if (!box) { return; }
    box.scrollIntoView({block: "center"});
    var field = box.querySelector("input:not([type=hidden]), select, textarea, button");
    if (field) { field.focus(); }
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (event.key === "Escape" && typing(event)) { event.target.blur(); return; }
    if (typing(event)) { return; }
    var help = document.getElementById("help");
    switch (event.key) {
      case "/":
        var search = document.getElementById("queue-search");
        if (search) { event.preventDefault(); search.focus(); search.select(); }
        else { window.location.href = "/desk/"; }
        break;
      case "n": window.location.href = "/desk/new/"; break;
      case "q": window.location.href = "/desk/"; break;
      case "j": select(1); break;
      case "k": select(-1); break;
      case "Enter":  // on the focused row itself (a link in it opens on its own)
        if (rowOf(event.target) === event.target) { window.location.href = event.target.dataset.href; }
        break;
      case "c": event.preventDefault(); focusAction("confirm"); break;
      case "e": event.preventDefault(); focusAction("edit"); break;
      case "r":
        if (window.htmx && document.getElementById("queue-list")) {
          window.htmx.trigger("#queue-list", "refresh");
        }
        break;
      case "?": if (help) { help.showModal(); } break;
      default: return;
    }
  });

  document.addEventListener("click", function (event) {
    if (event.target.id === "help-open") { document.getElementById("help").showModal(); return; }
    var row = event.target.closest && event.target.closest("tr.row[data-href]");
    if (row && !event.target.closest("a, button, input, form")) {
      window.location.href = row.dataset.href;
    }
  });

  // The queue refreshes itself (every 30 s, "r", a filter): the focus and the reader's place stay.
  // htmx gives the focus back to an element of the same id (rows, pager and badges have one);
  // what it cannot find (a row that left the queue, a phone link) goes to the same row or place.
  function focusables(row) { return Array.prototype.slice.call(row.querySelectorAll("a[href], button, input")); }
  var place = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var list = event.detail.target, active = document.activeElement;
    place = null;
    if (!list || list.id !== "queue-list" || !active || !list.contains(active)) { return; }
    var row = rowOf(active);
    place = {row: row && row.id, index: row ? rows().indexOf(row) : -1,
             inner: row && row !== active ? focusables(row).indexOf(active) : -1};
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var list = event.detail.target, kept = place;
    place = null;
    if (!kept || !list || list.id !== "queue-list" || list.contains(document.activeElement)) { return; }
    var row = kept.row && document.getElementById(kept.row), all = rows(), target = null;
    if (row) { target = focusables(row)[kept.inner] || row; }
    else if (kept.index >= 0 && all.length) { target = all[Math.min(kept.index, all.length - 1)]; }
    (target || document.getElementById("queue-table") || list).focus({preventScroll: true});
  });

  // Quick entry's product search: a result adds one to that product's quantity in the picker
  // (its section opened, the add-on panel told through the input event).
  document.addEventListener("click", function (event) {
    var pick = event.target.closest && event.target.closest("button.pick[data-sku]");
    if (!pick) { return; }
    var qty = document.querySelector("#products input.qty[name='qty:" + pick.dataset.sku + "']");
    if (!qty) { return; }
    qty.value = (parseInt(qty.value, 10) || 0) + 1;
    var section = qty.closest("details");
    if (section) { section.open = true; }
    qty.dispatchEvent(new Event("input", {bubbles: true}));
    qty.focus();
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.id === "product-search") {
      event.preventDefault();  // a search, not the order's submit
    }
  });

  // Quick entry: the customer behind the phone as it is typed.
  var form = document.getElementById("quick-form") || document.getElementById("review-form");
  var phone = document.getElementById("id_customer_phone");
  if (!form || !phone) { return; }
  var lookupUrl = form.dataset.lookup || "/desk/customers/lookup/";
  var timer = null;
  function fill(name, value) {
    var field = form.elements[name];
    if (field && !field.value && value) { field.value = value; }
  }
  function lookup() {
    var text = phone.value.trim();
    if (text.replace(/\D/g, "").length < 8) { return; }
    fetch(lookupUrl + "?phone=" + encodeURIComponent(text), {credentials: "same-origin"})
      .then(function (response) { return response.json(); })
      .then(function (body) {
        var found = document.getElementById("customer-found");
        var past = document.getElementById("past-recipients");
        past.innerHTML = "";
        if (!body.found) { found.textContent = found.dataset.none || ""; return; }
        var customer = body.customer;
        fill("customer_name", customer.name);
        fill("customer_email", customer.email);
        if (form.elements.customer_language) { form.elements.customer_language.value = customer.language; }
        found.textContent = "✓ " + customer.name + (customer.email ? " · " + customer.email : "");
        customer.recipients.forEach(function (recipient) {
          var button = document.createElement("button");
          button.type = "button";
          button.className = "small recipient";
          button.textContent = recipient.name + " · " + recipient.address;
          button.addEventListener("click", function () {
            form.elements.recipient_name.value = recipient.name;
            form.elements.recipient_phone.value = recipient.phone;
            form.elements.recipient_address.value = recipient.address;
          });
          past.appendChild(button);
        });
      })
      .catch(function () { /* the operator types on; the lookup is a help, not a step */ });
  }
  phone.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(lookup, 300); });
  phone.addEventListener("change", lookup);
})();
