/* The hub: small enhancements; every page works without them. */
(function () {
  "use strict";

  /* Glossary tooltips: Escape hides them until the pointer or the focus moves on. */
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { document.body.classList.add("gloss-dismissed"); }
  });
  ["focusin", "mouseover"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      if (event.target.closest && event.target.closest(".gloss") &&
          !(event.type === "mouseover" && event.relatedTarget && event.relatedTarget.closest &&
            event.relatedTarget.closest(".gloss"))) {
        document.body.classList.remove("gloss-dismissed");
      }
    });
  });

  /* Catalogue: filter the cards by name while typing. */
  var box = document.querySelector("[data-quick-filter]");
  if (!box) { return; }
  var input = box.querySelector("input");
  var status = box.querySelector("[role=status]");
  var cards = Array.prototype.slice.call(document.querySelectorAll(".lifecycle-group .card"));
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  box.hidden = false;
  input.addEventListener("input", function () {
    var wanted = fold(input.value.trim());
    var shown = 0;
    cards.forEach(function (card) {
      var match = !wanted || fold(card.textContent).indexOf(wanted) !== -1;
      card.hidden = !match;
      if (match) { shown += 1; }
    });
    document.querySelectorAll(".lifecycle-group").forEach(function (group) {
      group.hidden = !group.querySelector(".card:not([hidden])");
    });
    status.textContent = wanted ? shown + (shown > 1 ? " services affichés" : " service affiché") : "";
  });
})();

/* « Cette page vous a-t-elle aidé ? »: the answer goes to the server's log in the
   background (the links work without this), then the buttons say thank you; after
   « Non », the page's « Signaler une erreur » address asks what was missing. */
(function () {
  "use strict";
  var box = document.querySelector("[data-feedback]");
  if (!box || !window.fetch) { return; }
  var thanks = box.querySelector(".feedback-thanks");
  var answers = box.querySelector(".feedback-answers");
  answers.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a");
    if (!link) { return; }
    event.preventDefault();
    fetch(link.href, { credentials: "omit", cache: "no-store" }).catch(function () {});
    answers.hidden = true;
    thanks.textContent = "Merci pour votre réponse.";
    var report = document.querySelector(".report a");
    if (/utile=non$/.test(link.href) && report) {
      var why = document.createElement("a");
      why.href = report.href;
      why.textContent = "Dites-nous ce qui manquait";
      thanks.appendChild(document.createTextNode(" "));
      thanks.appendChild(why);
    }
  });
})();
