/* The hub's search page: Pagefind's index, read in French, as the reader types.
 *
 * A query goes through four steps before Pagefind sees it (see docs/architecture.md):
 *  1. words: lower case, elided articles dropped (« l'agenda »), French stop words dropped
 *     (« moi », « une », « pour ») unless nothing else is left;
 *  2. each word checked against the site's own words (pagefind/hub-mots.json, written by
 *     plugins/hub/search/vocabulary.py): a word the site holds is kept, a beginning of four
 *     letters or more too; otherwise the nearest word of the site (one or two letters off,
 *     an accent, a plural) replaces it and the page says « Vouliez-vous dire … ? »; a word
 *     with no near neighbour is left out and the page says so;
 *  3. Pagefind's score times the page's rank (site/searchwords.py: a service sheet before
 *     the news about it, retired and expired last), a page that holds a query word only as
 *     the beginning of a longer word after one that holds the whole word;
 *  4. when no page holds every word, the pages that hold most of them, best first, and
 *     the page says so.
 * When nothing matches, the help block is shown and, once the reader has stopped typing,
 * recherche/sans-resultat/?q=… is requested once, so the web server's log keeps the query.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var root = new URL("../../", script.src);
  var TYPING_PAUSE_MS = 120;   /* search once the reader pauses this long */
  var LOG_PAUSE_MS = 1500;     /* a no-result query is logged once typing has stopped */
  var SHOWN = 20;              /* results listed */
  var POOL = 30;               /* Pagefind results re-ranked */
  var MIN_PREFIX = 4;          /* a beginning of a word counts from four letters */
  var PREFIX_ONLY = 0.4;       /* a page that holds a word only as a longer word's beginning */
  var STOP_WORDS = new Set(("a à au aux avec c ce ceci cela ces cet cette d dans de des du " +
    "elle elles en est et être eux il ils j je l la le les leur leurs lui m ma mais me mes moi " +
    "mon même n ne ni nos notre nous on ou où par pas pour qu que quel quelle quels quelles qui " +
    "quoi s sa se ses si son sont sur t ta te tes toi ton tu un une vos votre vous y est-ce " +
    "comment faire fait peut puis-je veux voudrais besoin").split(" "));
  var ELISION = /^(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu)'/;
  var form, input, status, note, results, help, ask, selects, pagefind;
  var vocabulary = { words: new Map(), byLength: [] };
  var timer = null, logTimer = null, current = 0;
  var logged = new Set();

  function text(tag, className, value) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (value) { node.textContent = value; }
    return node;
  }

  function fold(word) {
    return word.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  /* --- 1. the query's words ------------------------------------------------------------ */

  function wordsOf(query) {
    return query.toLowerCase().replace(/[’`]/g, "'").split(/[\s,;:!?«»"()\[\]\/.]+/)
      .map(function (w) { return w.replace(ELISION, "").replace(/^[-']+|[-']+$/g, ""); })
      .filter(function (w) { return w.length > 0; });
  }

  function meaningful(words) {
    var kept = words.filter(function (w) { return !STOP_WORDS.has(w); });
    return kept.length ? kept : words;
  }

  /* --- 2. the site's own words --------------------------------------------------------- */

  function loadVocabulary(data) {
    (data.words || []).forEach(function (pair) {
      var key = fold(pair[0]);
      var known = vocabulary.words.get(key);
      if (!known || known.count < pair[1]) {
        vocabulary.words.set(key, { word: pair[0], count: pair[1] });
      }
    });
    vocabulary.words.forEach(function (entry, key) {
      (vocabulary.byLength[key.length] = vocabulary.byLength[key.length] || []).push(key);
    });
  }

  function isPrefix(key) {
    if (key.length < MIN_PREFIX) { return false; }
    var found = false;
    vocabulary.words.forEach(function (entry, word) {
      if (!found && word.length > key.length && word.lastIndexOf(key, 0) === 0) { found = true; }
    });
    return found;
  }

  /* Optimal string alignment distance (a swap of two letters counts once), capped. */
  function distance(a, b, cap) {
    var rows = [], i, j;
    for (i = 0; i <= a.length; i++) { rows.push([i]); }
    for (j = 1; j <= b.length; j++) { rows[0][j] = j; }
    for (i = 1; i <= a.length; i++) {
      var best = Infinity;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          d = Math.min(d, rows[i - 2][j - 2] + 1);
        }
        rows[i][j] = d;
        best = Math.min(best, d);
      }
      if (best > cap) { return cap + 1; }
    }
    return rows[a.length][b.length];
  }

  function nearest(key) {
    var cap = key.length < 8 ? 1 : 2;
    var best = null;
    for (var length = key.length - cap; length <= key.length + cap; length++) {
      (vocabulary.byLength[length] || []).forEach(function (word) {
        var entry = vocabulary.words.get(word);
        if (word[0] !== key[0] || STOP_WORDS.has(entry.word)) { return; } /* typos keep the first letter */
        var d = distance(key, word, cap);
        if (d <= cap && (!best || d < best.d || (d === best.d && entry.count > best.count))) {
          best = { d: d, word: entry.word, count: entry.count };
        }
      });
    }
    return best && best.word;
  }

  /* What to ask Pagefind: the words kept, those corrected, those left out. */
  function plan(query) {
    var result = { words: [], corrected: [], missing: [] };
    meaningful(wordsOf(query)).forEach(function (word) {
      var key = fold(word);
      if (!vocabulary.words.size || vocabulary.words.has(key) || isPrefix(key)) {
        result.words.push(word);
        return;
      }
      var near = nearest(key);
      if (near) {
        result.words.push(near);
        result.corrected.push(near);
      } else {
        result.missing.push(word);
      }
    });
    return result;
  }

  /* --- 3. ranking ------------------------------------------------------------------------ */

  /* The words of the page that Pagefind matched, folded. */
  function matched(data) {
    var tokens = data.content.split(/\s+/);
    var words = new Set();
    (data.locations || []).forEach(function (at) {
      var token = (tokens[at] || "").toLowerCase().replace(/[’`]/g, "'");
      words.add(fold(token.replace(/^[^\w]+|[^\w]+$/g, "").replace(ELISION, "")));
    });
    return words;
  }

  /* Whether the page holds `key` as a whole word (or in its title or keywords), not only
     as the beginning of a longer word (a plural's letter or two aside). */
  function whole(words, key) {
    if (!words.size) { return true; }
    var found = false;
    words.forEach(function (w) {
      if (w.length <= key.length + 2 || w.lastIndexOf(key, 0) !== 0) { found = true; }
    });
    return found;
  }

  function ranked(search, words) {
    return Promise.all(search.results.slice(0, POOL).map(function (r) {
      return r.data().then(function (data) {
        var factor = parseFloat((data.meta && data.meta.rank) || "1") || 1;
        var found = matched(data);
        words.forEach(function (word) {
          if (!whole(found, fold(word))) { factor *= PREFIX_ONLY; }
        });
        return { data: data, score: r.score * factor, words: 1 };
      });
    })).then(function (items) {
      return items.sort(function (a, b) { return b.score - a.score; });
    });
  }

  /* --- 4. searching ----------------------------------------------------------------------- */

  function chosenFilters() {
    var filters = {};
    selects.forEach(function (select) {
      if (select.value) { filters[select.dataset.filter] = select.value; }
    });
    return filters;
  }

  function searchWords(words) {
    return pagefind.search(words.join(" "), { filters: chosenFilters() }).then(function (search) {
      return ranked(search, words);
    });
  }

  /* Pages holding most of the words, when none holds them all. */
  function partial(words) {
    return Promise.all(words.map(function (w) { return searchWords([w]); })).then(function (lists) {
      var pages = new Map();
      lists.forEach(function (items) {
        items.forEach(function (item) {
          var known = pages.get(item.data.url);
          if (known) { known.words += 1; known.score += item.score; } else { pages.set(item.data.url, item); }
        });
      });
      return Array.from(pages.values()).sort(function (a, b) {
        return (b.words - a.words) || (b.score - a.score);
      });
    });
  }

  function find(query) {
    var wanted = plan(query);
    var words = wanted.words;
    if (!words.length) {
      return Promise.resolve({ plan: wanted, items: [], complete: false });
    }
    return searchWords(words).then(function (items) {
      if (items.length || words.length === 1) {
        return { plan: wanted, items: items, complete: !wanted.missing.length };
      }
      return partial(words).then(function (found) {
        return { plan: wanted, items: found, complete: false };
      });
    });
  }

  /* --- showing ------------------------------------------------------------------------------ */

  function quoted(words) { return "« " + words.join(" ") + " »"; }

  function suggestion(words) {
    var p = text("p", "search-suggestion");
    p.appendChild(document.createTextNode("Vouliez-vous dire "));
    var link = text("a", "", words.join(" "));
    link.href = "?q=" + encodeURIComponent(words.join(" "));
    p.appendChild(link);
    p.appendChild(document.createTextNode(" ? Voici les résultats pour ce mot."));
    return p;
  }

  function explain(found) {
    note.replaceChildren();
    var plan = found.plan;
    if (plan.corrected.length && found.items.length) { note.appendChild(suggestion(plan.corrected)); }
    if (plan.missing.length && found.items.length) {
      note.appendChild(text("p", "", "Aucune page ne contient " + quoted(plan.missing) +
        " : voici les pages qui contiennent vos autres mots."));
    } else if (!found.complete && found.items.length) {
      note.appendChild(text("p", "", "Aucune page ne contient tous vos mots : voici celles qui en contiennent le plus."));
    }
    note.hidden = !note.childNodes.length;
  }

  function show(items, query) {
    results.replaceChildren();
    items.slice(0, SHOWN).forEach(function (item) {
      var data = item.data;
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
    var count = Math.min(items.length, SHOWN);
    status.textContent = count
      ? count + (count > 1 ? " résultats" : " résultat") + " pour « " + query + " »"
      : "Aucun résultat pour « " + query + " ».";
  }

  function offerHelp(query, visible) {
    help.hidden = !visible;
    if (ask) {
      var subject = ask.dataset.subject + " " + query;
      ask.href = ask.dataset.mailto + "?subject=" + encodeURIComponent(subject);
    }
  }

  /* The web server's log keeps what was asked and not found: one request per query. */
  function remember(query) {
    if (logged.has(query)) { return; }
    logged.add(query);
    var url = new URL(script.dataset.missed, root);
    url.searchParams.set("q", query);
    fetch(url.href, { credentials: "omit", cache: "no-store", keepalive: true }).catch(function () {});
  }

  function scheduleLog(query, now) {
    clearTimeout(logTimer);
    if (now) { remember(query); } else { logTimer = setTimeout(function () { remember(query); }, LOG_PAUSE_MS); }
  }

  function run(settled) {
    var query = input.value.trim();
    var params = new URLSearchParams();
    if (query) { params.set("q", query); }
    selects.forEach(function (select) { if (select.value) { params.set(select.name, select.value); } });
    history.replaceState(null, "", "?" + params.toString());
    clearTimeout(logTimer);
    var id = ++current;
    if (!query) {
      results.replaceChildren();
      note.hidden = true;
      help.hidden = true;
      delete results.dataset.query;
      status.textContent = "Tapez un ou plusieurs mots : un service, un besoin, un mot du glossaire.";
      return Promise.resolve();
    }
    return find(query).then(function (found) {
      if (id !== current) { return; }
      show(found.items, query);
      explain(found);
      var answered = found.complete && found.items.length > 0;
      offerHelp(query, !answered);
      results.dataset.outcome = answered ? "complete" : (found.items.length ? "partial" : "none");
      results.dataset.query = query;
      if (!answered) { scheduleLog(query, settled); }
    });
  }

  function typed() {
    clearTimeout(timer);
    clearTimeout(logTimer);
    var words = plan(input.value).words;
    if (words.length) { pagefind.preload(words.join(" ")); }
    timer = setTimeout(function () { run(false); }, TYPING_PAUSE_MS);
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

  function start() {
    form = document.querySelector("[data-search-form]");
    input = form.querySelector("input[name=q]");
    status = document.querySelector("[data-search-status]");
    note = document.querySelector("[data-search-note]");
    results = document.querySelector("[data-search-results]");
    help = document.querySelector("[data-search-help]");
    ask = help.querySelector("[data-search-ask]");
    selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
    input.value = new URLSearchParams(location.search).get("q") || "";
    status.textContent = "Chargement de la recherche…";
    var words = fetch(new URL(script.dataset.words, root).href)
      .then(function (response) { return response.ok ? response.json() : { words: [] }; })
      .then(loadVocabulary, function () {});
    import(new URL(script.dataset.index + "pagefind.js", root).href).then(function (module) {
      pagefind = module;
      return pagefind.options({ baseUrl: root.pathname, ranking: { metaWeights: { keywords: 8, synonyms: 6 } } })
        .then(function () { return pagefind.init(); });
    }).then(function () {
      return Promise.all([pagefind.filters(), words]);
    }).then(function (loaded) {
      fillFilters(loaded[0]);
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        clearTimeout(timer);
        run(true);
      });
      input.addEventListener("input", typed);
      selects.forEach(function (select) { select.addEventListener("change", function () { run(true); }); });
      return run(true);
    }).then(function () {
      document.documentElement.dataset.searchReady = "true";
    }).catch(function () {
      status.textContent = "La recherche n'est pas disponible pour le moment. Parcourez le catalogue des services ou le glossaire.";
      help.hidden = false;
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
