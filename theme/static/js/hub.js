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
