/* The live game: a socket per page that swaps in each screen the server renders.
   Without it (no JavaScript, or the socket down) every form still posts and the page reloads. */
(function () {
  "use strict";
  var root = document.querySelector("[data-live-socket]");
  if (!root || !("WebSocket" in window)) return;
  var stage = root.querySelector("[data-live-stage]");
  var announce = root.querySelector("[data-live-announce]");
  var errorBox = root.querySelector("[data-live-error]");
  var connection = root.querySelector("[data-live-connection]");
  var socket = null, retries = 0, countdown = null, closedForGood = false;
  var csrf = (document.cookie.match(/(?:^|; )csrftoken=([^;]+)/) || [])[1] || "";

  function url() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    return scheme + location.host + root.getAttribute("data-live-socket");
  }

  function connect() {
    socket = new WebSocket(url());
    socket.onopen = function () { retries = 0; if (connection) connection.hidden = true; };
    socket.onmessage = function (event) { receive(JSON.parse(event.data)); };
    socket.onclose = function (event) {
      socket = null;
      if (closedForGood || event.code === 4403) {
        if (event.code === 4403 && !closedForGood) location.reload(); // the page says why (a new seat, or the end)
        return;
      }
      if (connection) connection.hidden = false;
      // Back off: 0.5 s, 1 s, 2 s … up to 10 s, with jitter so a room of phones does not reconnect at once.
      var delay = Math.min(10000, 500 * Math.pow(2, retries++)) * (0.75 + Math.random() / 2);
      setTimeout(connect, delay);
    };
  }

  function receive(message) {
    if (message.type === "stage") {
      // The same question again (the socket's first screen after a reload, or a count): what the
      // player has ticked, typed or chosen so far stays as it was.
      var same = root.getAttribute("data-state") === message.state && root.getAttribute("data-index") === String(message.index);
      var kept = same ? inputsOf(stage) : null;
      root.setAttribute("data-state", message.state);
      root.setAttribute("data-index", String(message.index));
      var focusInStage = stage.contains(document.activeElement);
      stage.innerHTML = message.html;
      if (kept) restoreInputs(stage, kept);
      wire();
      errorBox.textContent = "";
      if (announce && message.announce && announce.textContent !== message.announce) announce.textContent = message.announce;
      if (focusInStage) { var first = stage.querySelector("h1, button, input"); if (first) { first.setAttribute("tabindex", "-1"); first.focus({preventScroll: true}); } }
    } else if (message.type === "count") {
      var count = stage.querySelector("[data-live-count]");
      if (count) count.textContent = message.count;
    } else if (message.type === "error") {
      errorBox.textContent = message.message;
    } else if (message.type === "removed") {
      closedForGood = true;
      errorBox.textContent = message.message;
      stage.innerHTML = "";
    }
  }

  function inputsOf(container) {
    var kept = [];
    container.querySelectorAll("form[data-live-answer] input, form[data-live-answer] select").forEach(function (el) {
      if (el.type === "hidden") return;
      kept.push({name: el.name, value: el.value, checked: el.checked, box: el.type === "checkbox" || el.type === "radio"});
    });
    return kept;
  }

  function restoreInputs(container, kept) {
    kept.forEach(function (item) {
      container.querySelectorAll("form[data-live-answer] [name='" + item.name + "']").forEach(function (el) {
        if (item.box) { if (el.value === item.value) el.checked = item.checked; }
        else el.value = item.value;
      });
    });
  }

  function fieldsOf(form, submitter) {
    var data = new FormData(form), fields = {};
    if (submitter && submitter.name) data.append(submitter.name, submitter.value);
    data.forEach(function (value, key) {
      if (key === "csrfmiddlewaretoken" || key === "q") return;
      if (key === "choices") (fields.choices = fields.choices || []).push(value);
      else fields[key] = value;
    });
    return fields;
  }

  function wire() {
    stage.querySelectorAll("input[name=csrfmiddlewaretoken]").forEach(function (input) { if (!input.value) input.value = csrf; });
    stage.querySelectorAll("form[data-live-answer], form[data-live-control]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!socket || socket.readyState !== WebSocket.OPEN) return; // the plain post still works
        event.preventDefault();
        var fields = fieldsOf(form, event.submitter);
        if (form.hasAttribute("data-live-answer")) {
          socket.send(JSON.stringify({type: "answer", q: parseInt(form.getAttribute("data-q"), 10), fields: fields}));
        } else {
          socket.send(JSON.stringify({type: "control", action: fields.action, player: fields.player || ""}));
        }
        form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
      });
    });
    startCountdown();
  }

  function startCountdown() {
    if (countdown) clearInterval(countdown);
    var timer = stage.querySelector("[data-remaining]");
    if (!timer || timer.hasAttribute("data-paused")) return;
    var ends = Date.now() + parseFloat(timer.getAttribute("data-remaining")) * 1000;
    var seconds = timer.querySelector("[data-seconds]");
    countdown = setInterval(function () {
      var left = Math.max(0, Math.ceil((ends - Date.now()) / 1000));
      seconds.textContent = left;
      timer.classList.toggle("live-timer-low", left <= 5);
      if (left === 0) clearInterval(countdown);
    }, 250);
  }

  // Keep the connection alive through proxies that drop quiet sockets.
  setInterval(function () { if (socket && socket.readyState === WebSocket.OPEN) socket.send('{"type":"ping"}'); }, 25000);
  wire();
  connect();
})();
