// The study page, improved: the card flips in place (a CSS 3D turn, instant when the learner asks for
// reduced motion) and the keyboard works — Space shows the answer, 1–4 rate it. Without this file the
// "Show answer" link and the rating buttons do the same through the server.
(function () {
  "use strict";

  var card = document.querySelector("[data-flashcard]");
  var form = document.querySelector(".rating-form");
  if (!card || !form) { return; }
  var front = card.querySelector(".flashcard-front");
  var back = card.querySelector(".flashcard-back");
  var link = card.querySelector(".show-answer");
  var sent = false;
  card.setAttribute("data-enhanced", "");  // the keys below now work (tests wait for this too)

  var flipped = function () { return card.classList.contains("is-flipped"); };

  var flip = function () {
    if (flipped()) { return; }
    back.hidden = false;
    form.hidden = false;
    void back.offsetWidth;  // lay the back face out before turning, so the transition runs
    card.classList.add("is-flipped");
    front.setAttribute("aria-hidden", "true");
    if (link) { link.setAttribute("tabindex", "-1"); }
    back.focus({ preventScroll: true });
  };

  var rate = function (value) {
    var button = form.querySelector('button[name="rating"][value="' + value + '"]');
    if (!button || sent) { return; }
    sent = true;  // one rating per card: a held-down key must not send the form twice
    if (form.requestSubmit) { form.requestSubmit(button); } else { button.click(); }
  };

  if (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      flip();
    });
  }

  form.addEventListener("submit", function () {
    sent = true;
    Array.prototype.forEach.call(form.querySelectorAll("button"), function (b) { b.setAttribute("aria-disabled", "true"); });
  });

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.repeat) { return; }
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) { return; }
    if (event.key === " " || event.key === "Spacebar") {
      // Space keeps its own meaning on a focused button, and on any link but "Show answer".
      var own = target && (target.tagName === "BUTTON" || (target.tagName === "A" && target !== link));
      if (!flipped() && !own) {
        event.preventDefault();
        flip();
      }
      return;
    }
    if (/^[1-4]$/.test(event.key) && flipped()) {
      event.preventDefault();
      rate(event.key);
    }
  });
})();
