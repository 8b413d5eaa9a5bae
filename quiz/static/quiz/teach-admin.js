/* Teachers' admin pages: copy buttons (the code and the link stay selectable text without script),
   and the question editor's one language switch per form. */
function ready(run) {
  // The admin loads its media in <head>: wait for the page.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
}

ready(function () {
  "use strict";
  document.querySelectorAll(".join-copy").forEach(function (button) {
    if (!navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.dataset.copy).then(function () {
        var status = document.querySelector(".join-copy-status");
        if (status) status.textContent = button.dataset.copied + ": " + button.dataset.copy;
      });
    });
  });
});

/* The question editor: one switch shows one language (or all) across the form and its choices.
   Fields carry modeltranslation's classes, e.g. "mt-field-text-ru"; their rows and table cells are
   hidden, never removed, so every language is still posted. */
ready(function () {
  "use strict";
  var fieldset = document.getElementById("language-switch");
  if (!fieldset) return;
  var form = fieldset.closest("form");
  var KEY = "asts-edit-language";
  function cellsOf(code) {
    var cells = [];
    form.querySelectorAll("[class*='mt-field-']").forEach(function (input) {
      var match = /(?:^|\s)mt-field-[\w-]+-([a-z]{2})(?:\s|$)/.exec(input.className);
      if (!match || match[1] !== code) return;
      var holder = input.closest(".form-row, td");
      if (!holder) return;
      cells.push(holder);
      if (holder.tagName === "TD") {
        var table = holder.closest("table");
        var column = Array.prototype.indexOf.call(holder.parentNode.children, holder);
        var header = table && table.querySelector("thead tr");
        if (header && header.children[column]) cells.push(header.children[column]);
      }
    });
    return cells;
  }
  var radios = fieldset.querySelectorAll("input[type=radio]");
  function show(code) {
    radios.forEach(function (radio) {
      if (!radio.value) return;
      cellsOf(radio.value).forEach(function (cell) { cell.hidden = !!code && radio.value !== code; });
    });
    form.classList.toggle("one-language", !!code);
    try { sessionStorage.setItem(KEY, code); } catch (e) { /* private mode: not remembered */ }
  }
  var saved = null;
  try { saved = sessionStorage.getItem(KEY); } catch (e) { saved = null; }
  var start = saved !== null ? saved : (document.documentElement.lang || "").slice(0, 2);
  radios.forEach(function (radio) {
    // form="language-switch-form" names no form: the radios steer what is shown and are never posted.
    radio.checked = radio.value === start;
    radio.addEventListener("change", function () { if (radio.checked) show(radio.value); });
  });
  if (!Array.prototype.some.call(radios, function (r) { return r.checked; })) radios[radios.length - 1].checked = true;
  fieldset.hidden = false;
  show(Array.prototype.find.call(radios, function (r) { return r.checked; }).value);
  // Inline rows added later ("Add another choice") follow the switch too.
  document.addEventListener("formset:added", function () {
    show(Array.prototype.find.call(radios, function (r) { return r.checked; }).value);
  });
});
