// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // A live countdown for timed quizzes; the server enforces the limit whatever this shows.
  var timer = document.querySelector(".timer[data-seconds-left]");
  if (timer) {
    var value = timer.querySelector(".timer-value");
    var end = Date.now() + parseInt(timer.dataset.secondsLeft, 10) * 1000;
    var tick = function () {
      var left = Math.max(0, Math.round((end - Date.now()) / 1000));
      value.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
      if (left > 0) { window.setTimeout(tick, 1000); }
    };
    tick();
  }

  // Keep an unsent answer when the learner switches language mid-question: choice ids are the
  // same in both languages, so the selection is restored on the translated page.
  var form = document.querySelector(".answer-form");
  var article = document.querySelector(".question[data-attempt]");
  if (form && article && window.sessionStorage) {
    var key = "draft:" + article.dataset.attempt + ":" + article.dataset.question;
    var save = function () {
      var data = {};
      Array.prototype.forEach.call(form.elements, function (el) {
        if (!el.name || el.name === "csrfmiddlewaretoken") { return; }
        if ((el.type === "radio" || el.type === "checkbox")) {
          if (el.checked) { (data[el.name] = data[el.name] || []).push(el.value); }
        } else if (el.tagName === "SELECT" || el.type === "text") { data[el.name] = [el.value]; }
      });
      sessionStorage.setItem(key, JSON.stringify(data));
    };
    var saved = sessionStorage.getItem(key);
    if (saved && !form.querySelector(".form-errors")) {
      var data = JSON.parse(saved);
      Array.prototype.forEach.call(form.elements, function (el) {
        var values = data[el.name];
        if (!values) { return; }
        if (el.type === "radio" || el.type === "checkbox") { el.checked = values.indexOf(el.value) !== -1; }
        else if (el.tagName === "SELECT" || el.type === "text") { el.value = values[0]; }
      });
    }
    form.addEventListener("change", save);
    form.addEventListener("input", save);
    form.addEventListener("submit", function () { sessionStorage.removeItem(key); });
    Array.prototype.forEach.call(document.querySelectorAll(".lang-switch form"), function (f) {
      f.addEventListener("submit", save);
    });
  }
})();
