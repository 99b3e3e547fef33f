/* The hub: search with the Pagefind index, in French, with type and audience filters. */
(function () {
  "use strict";
  var script = document.currentScript;
  var root = new URL("../../", script.src);
  var form, input, status, results, selects, pagefind;

  function text(tag, className, value) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (value) { node.textContent = value; }
    return node;
  }

  function fillFilters(filters) {
    selects.forEach(function (select) {
      var values = filters[select.dataset.filter] || {};
      var wanted = new URLSearchParams(location.search).get(select.name) || "";
      Object.keys(values).sort(function (a, b) { return a.localeCompare(b, "fr"); }).forEach(function (value) {
        var option = new Option(value + " (" + values[value] + ")", value);
        option.selected = value === wanted;
        select.add(option);
      });
    });
  }

  function chosenFilters() {
    var filters = {};
    selects.forEach(function (select) {
      if (select.value) { filters[select.dataset.filter] = select.value; }
    });
    return filters;
  }

  function show(items, query) {
    results.replaceChildren();
    items.forEach(function (data) {
      var li = text("li");
      var type = (data.filters && data.filters.type && data.filters.type[0]) || "";
      if (type) { li.appendChild(text("p", "search-type", type)); }
      var h2 = text("h2");
      var link = text("a", "", data.meta.title || data.url);
      link.href = data.url;
      h2.appendChild(link);
      li.appendChild(h2);
      var excerpt = text("p");
      excerpt.innerHTML = data.excerpt; /* Pagefind escapes the text and adds <mark> */
      li.appendChild(excerpt);
      results.appendChild(li);
    });
    status.textContent = items.length
      ? items.length + (items.length > 1 ? " résultats" : " résultat") + " pour « " + query + " »"
      : "Aucun résultat pour « " + query + " ». Essayez un autre mot, ou parcourez le catalogue des services.";
  }

  function run(pushState) {
    var query = input.value.trim();
    var params = new URLSearchParams();
    if (query) { params.set("q", query); }
    selects.forEach(function (select) { if (select.value) { params.set(select.name, select.value); } });
    if (pushState) { history.replaceState(null, "", "?" + params.toString()); }
    if (!query) {
      results.replaceChildren();
      status.textContent = "Tapez un ou plusieurs mots : un service, un besoin, un mot du glossaire.";
      return;
    }
    status.textContent = "Recherche en cours…";
    pagefind.search(query, { filters: chosenFilters() }).then(function (search) {
      return Promise.all(search.results.slice(0, 20).map(function (r) { return r.data(); }));
    }).then(function (items) { show(items, query); });
  }

  function start() {
    form = document.querySelector("[data-search-form]");
    input = form.querySelector("input[name=q]");
    status = document.querySelector("[data-search-status]");
    results = document.querySelector("[data-search-results]");
    selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
    input.value = new URLSearchParams(location.search).get("q") || "";
    status.textContent = "Chargement de la recherche…";
    import(new URL(script.dataset.index + "pagefind.js", root).href).then(function (module) {
      pagefind = module;
      return pagefind.options({ baseUrl: root.pathname }).then(function () { return pagefind.init(); });
    }).then(function () {
      return pagefind.filters();
    }).then(function (filters) {
      fillFilters(filters);
      form.addEventListener("submit", function (event) { event.preventDefault(); run(true); });
      selects.forEach(function (select) { select.addEventListener("change", function () { run(true); }); });
      run(false);
      document.documentElement.dataset.searchReady = "true";
    }).catch(function () {
      status.textContent = "La recherche n'est pas disponible pour le moment. Parcourez le catalogue des services ou le glossaire.";
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
