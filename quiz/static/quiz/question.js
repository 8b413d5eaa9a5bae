// The question page, improved: keys 1–9 choose an answer and Enter sends it, the verdict takes the
// focus after sending, and order questions move by ↑/↓ buttons or by dragging. Without this file
// the page works the same through plain forms and links.
(function () {
  "use strict";

  var form = document.querySelector(".answer-form");
  var verdict = document.getElementById("verdict");
  var goOn = document.querySelector(".action-bar .go-on");

  // After sending, the verdict is read first (autofocus does this too, where the browser honours it).
  if (verdict && document.activeElement !== verdict) { verdict.focus(); }

  // The shortcut hint only where keys work: JavaScript is here, and a keyboard is likely (a fine
  // pointer that hovers) or has just been used.
  var hint = form && form.querySelector(".key-hint");
  var showHint = function () {
    if (!hint || !hint.hidden) { return; }
    hint.hidden = false;
    form.classList.add("keys-on");
  };
  if (window.matchMedia && window.matchMedia("(hover: hover) and (pointer: fine)").matches) { showHint(); }

  var typing = function (el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName) &&
      !/^(radio|checkbox)$/.test(el.type));
  };

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.repeat) { return; }
    var target = event.target;
    if (form) {
      if (event.key !== "Tab") { showHint(); }
      if (/^[1-9]$/.test(event.key) && !typing(target)) {
        var inputs = form.querySelectorAll(".choices input[type=radio], .choices input[type=checkbox]");
        var input = inputs[parseInt(event.key, 10) - 1];
        if (!input) { return; }
        event.preventDefault();
        input.checked = input.type === "checkbox" ? !input.checked : true;
        input.focus();
        input.dispatchEvent(new Event("change", { bubbles: true }));
        return;
      }
      if (event.key === "Enter" && form.contains(target) && !/^(BUTTON|A|TEXTAREA)$/.test(target.tagName)) {
        event.preventDefault();
        if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
      }
      return;
    }
    // On the verdict, Enter goes on to the next question.
    if (event.key === "Enter" && goOn && (target === verdict || target === document.body)) {
      event.preventDefault();
      goOn.click();
    }
  });

  if (form) {
    // One answer per question: a second Enter or tap while the first is on its way sends nothing.
    form.addEventListener("submit", function (event) {
      if (form.dataset.sent) { event.preventDefault(); return; }
      form.dataset.sent = "1";
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll(".order-list"), enhanceOrder);

  // Order questions: the selects stay the answer (and the way without JavaScript); this list sets
  // them. The order on screen is the answer sent: every select is filled in from the start.
  function enhanceOrder(list) {
    var items = Array.prototype.slice.call(list.querySelectorAll(".order-item"));
    if (!items.length) { return; }
    var total = items.length;
    var rows = items.map(function (item) {
      var select = item.querySelector("select");
      var label = item.querySelector("label").textContent;
      return { select: select, label: label, place: parseInt(select.value, 10) };
    });
    // A restored draft or a re-shown form keeps its places; otherwise the order shown.
    var complete = rows.every(function (r) { return r.place >= 1; });
    if (complete) { rows.sort(function (a, b) { return a.place - b.place; }); }

    var board = document.createElement("ol");
    board.className = "order-board";
    // The kind's hint speaks of places to choose; with the list, it says how to move the items.
    var hint = list.closest("form").querySelector("legend .hint");
    if (hint && list.dataset.help) { hint.textContent = list.dataset.help; }
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("aria-live", "polite");

    rows.forEach(function (row) {
      var li = document.createElement("li");
      li.className = "order-row";
      var handle = document.createElement("span");
      handle.className = "order-handle";
      handle.setAttribute("aria-hidden", "true");
      handle.title = list.dataset.drag || "";
      handle.textContent = "⠿";
      var text = document.createElement("span");
      text.className = "order-text";
      text.textContent = row.label;
      var arrows = document.createElement("span");
      arrows.className = "order-arrows";
      arrows.appendChild(button("up", "↑", list.dataset.up));
      arrows.appendChild(button("down", "↓", list.dataset.down));
      li.appendChild(handle);
      li.appendChild(text);
      li.appendChild(arrows);
      row.li = li;
      li.orderRow = row;
      board.appendChild(li);
      handle.addEventListener("pointerdown", function (event) { startDrag(event, li); });
    });

    function button(direction, arrow, words) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "order-move order-" + direction;
      b.textContent = arrow;
      b.dataset.direction = direction;
      b.addEventListener("click", function () {
        var li = b.closest(".order-row");
        var other = direction === "up" ? li.previousElementSibling : li.nextElementSibling;
        if (!other) { return; }
        board.insertBefore(li, direction === "up" ? other : other.nextElementSibling);
        moved(li);
        // Keep the focus on the same arrow of the moved item; at an end, on the arrow still usable.
        var again = li.querySelector(".order-" + direction);
        (again.disabled ? li.querySelector(".order-" + (direction === "up" ? "down" : "up")) : again).focus();
      });
      b.dataset.words = words || "";
      return b;
    }

    function sync() {
      var lis = board.querySelectorAll(".order-row");
      Array.prototype.forEach.call(lis, function (li, index) {
        var row = li.orderRow;
        row.select.value = String(index + 1);
        Array.prototype.forEach.call(li.querySelectorAll(".order-move"), function (b) {
          b.setAttribute("aria-label", b.dataset.words + ": " + row.label);
          b.disabled = b.dataset.direction === "up" ? index === 0 : index === lis.length - 1;
        });
      });
      rows[0].select.dispatchEvent(new Event("change", { bubbles: true }));  // the draft keeper listens
    }

    function moved(li) {
      sync();
      var place = Array.prototype.indexOf.call(board.children, li) + 1;
      status.textContent = (list.dataset.moved || "{item}: {place}/{total}")
        .replace("{item}", li.orderRow.label).replace("{place}", place).replace("{total}", total);
      li.classList.add("is-moved");
      window.setTimeout(function () { li.classList.remove("is-moved"); }, 600);
    }

    // Dragging by the handle, with pointer events (mouse, pen and touch alike). The document
    // listens while a drag lasts: moving the row in the list would end a pointer capture.
    function startDrag(event, li) {
      if (event.button !== undefined && event.button !== 0) { return; }
      event.preventDefault();
      li.classList.add("is-dragging");
      var pointer = event.pointerId;
      var move = function (e) {
        if (e.pointerId !== pointer) { return; }
        e.preventDefault();
        var siblings = Array.prototype.filter.call(board.children, function (x) { return x !== li; });
        var before = siblings.find(function (x) {
          var box = x.getBoundingClientRect();
          return e.clientY < box.top + box.height / 2;
        });
        if ((before || null) !== li.nextElementSibling) { board.insertBefore(li, before || null); }
      };
      var end = function (e) {
        if (e.pointerId !== pointer) { return; }
        li.classList.remove("is-dragging");
        document.removeEventListener("pointermove", move);
        document.removeEventListener("pointerup", end);
        document.removeEventListener("pointercancel", end);
        moved(li);
      };
      document.addEventListener("pointermove", move);
      document.addEventListener("pointerup", end);
      document.addEventListener("pointercancel", end);
    }

    list.hidden = true;
    list.parentNode.insertBefore(board, list.nextSibling);
    list.parentNode.insertBefore(status, board.nextSibling);
    sync();
  }
})();
