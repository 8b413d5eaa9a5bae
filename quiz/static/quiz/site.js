// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // The learner's day is their own: tell the server the browser's time zone (validated there against
  // the time-zone database; without it, the site's time zone holds). A year, for every page.
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && document.cookie.indexOf("tz=" + encodeURIComponent(zone)) === -1) {
      document.cookie = "tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; samesite=lax";
    }
  } catch (error) { /* an old browser without Intl: the site's time zone */ }

  // The header menu is a <details>. On a wide screen its links stand in a row: browsers that can
  // style a closed <details>' contents do it in CSS; for the others, keep it open there.
  var menu = document.querySelector(".menu");
  if (menu && window.matchMedia && !(window.CSS && CSS.supports && CSS.supports("selector(::details-content)"))) {
    var wide = window.matchMedia("(min-width: 60rem)");
    var layout = function () {
      menu.classList.toggle("menu-row", wide.matches);
      if (wide.matches) { menu.open = true; }
    };
    layout();
    if (wide.addEventListener) { wide.addEventListener("change", layout); }
  }
  // Escape closes the open menu on a phone and gives focus back to its button.
  if (menu) {
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.open && !menu.classList.contains("menu-row")) {
        menu.open = false;
        menu.querySelector("summary").focus();
      }
    });
  }

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

  // "Click the diagram": a click on a part of the picture ticks the choice that names it; the
  // choices below stay the way to answer by keyboard or screen reader (the picture is aria-hidden).
  Array.prototype.forEach.call(document.querySelectorAll("[data-diagram]"), function (box) {
    var form = box.closest("form");
    var regions = box.querySelectorAll(".diagram-region");
    var radioFor = function (name) { return form.querySelector('input[data-region="' + name + '"]'); };
    var mark = function () {
      var checked = form.querySelector("input[data-region]:checked");
      Array.prototype.forEach.call(regions, function (region) {
        region.classList.toggle("is-selected", !!checked && checked.dataset.region === region.dataset.region);
      });
    };
    Array.prototype.forEach.call(regions, function (region) {
      if (!radioFor(region.dataset.region)) { region.classList.add("is-inactive"); }
    });
    box.addEventListener("click", function (event) {
      var region = event.target.closest(".diagram-region");
      var radio = region && radioFor(region.dataset.region);
      if (!radio) { return; }
      radio.checked = true;
      radio.dispatchEvent(new Event("change", { bubbles: true }));
    });
    form.addEventListener("change", mark);
    mark();
  });

  // Matching: one tap per pair. The item waiting for its match is highlighted; a tap on an answer
  // pairs them and moves on to the next item without one. The selects stay the source of truth (and
  // the way to answer without JavaScript); the buttons only set them.
  Array.prototype.forEach.call(document.querySelectorAll(".match-list"), function (list) {
    var selects = Array.prototype.slice.call(list.querySelectorAll("select"));
    if (!selects.length) { return; }
    var board = document.createElement("div");
    board.className = "match-board";
    var items = document.createElement("ol");
    items.className = "match-items";
    var answers = document.createElement("div");
    answers.className = "match-answers";
    answers.setAttribute("role", "group");
    answers.setAttribute("aria-label", list.dataset.answersLabel || "");
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("aria-live", "polite");
    var active = 0;
    var itemButtons = selects.map(function (select, index) {
      var li = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "match-item-button";
      button.addEventListener("click", function () { active = index; draw(); answerButtons[0] && answerButtons[0].focus(); });
      li.appendChild(button);
      items.appendChild(li);
      return button;
    });
    var answerButtons = Array.prototype.slice.call(selects[0].options, 1).map(function (option) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "match-answer";
      button.textContent = option.text;
      button.addEventListener("click", function () {
        selects.forEach(function (other) { if (other.value === option.value) { other.value = ""; } });
        selects[active].value = option.value;
        selects[active].dispatchEvent(new Event("change", { bubbles: true }));
        status.textContent = label(selects[active]) + " — " + option.text;
        var next = selects.findIndex(function (s, i) { return i > active && !s.value; });
        if (next === -1) { next = selects.findIndex(function (s) { return !s.value; }); }
        active = next === -1 ? active : next;
        draw();
      });
      answers.appendChild(button);
      return button;
    });
    function label(select) { return form(select).querySelector('label[for="' + select.id + '"]').textContent; }
    function form(select) { return select.closest("form"); }
    function draw() {
      selects.forEach(function (select, index) {
        var chosen = select.selectedIndex > 0 ? select.options[select.selectedIndex].text : "";
        var button = itemButtons[index];
        button.textContent = "";
        var name = document.createElement("span");
        name.textContent = label(select);
        var pair = document.createElement("span");
        pair.className = "match-pair";
        pair.textContent = chosen || "—";
        button.appendChild(name);
        button.appendChild(pair);
        button.setAttribute("aria-pressed", index === active ? "true" : "false");
      });
      answerButtons.forEach(function (button, index) {
        var value = selects[0].options[index + 1].value;
        button.classList.toggle("is-used", selects.some(function (s) { return s.value === value; }));
      });
    }
    board.appendChild(items);
    board.appendChild(answers);
    board.appendChild(status);
    list.hidden = true;
    list.parentNode.insertBefore(board, list.nextSibling);
    active = Math.max(0, selects.findIndex(function (s) { return !s.value; }));
    draw();
  });
})();
