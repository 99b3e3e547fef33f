/* The hub's editor: registers one custom format per content type (hub-format.js), a
 * preview in the hub's markup and stylesheet, and a check before each save of the keys
 * that a condition makes required (Decap's own `required` covers the others); then starts
 * Decap.
 * window.HUB_EDITOR comes from hub-model.js, generated from the content model. Locally,
 * the page's <meta name="hub-api"> holds decap-server's address and the token it asks of
 * every call: Decap's proxy backend sends plain fetch() calls, so the token is added to
 * those (and to no other request).
 */
(function () {
  'use strict';
  var hub = window.HUB_EDITOR;
  var api = document.querySelector('meta[name="hub-api"]');
  if (api) {
    var apiUrl = api.getAttribute('content');
    var token = api.getAttribute('data-token');
    var send = window.fetch.bind(window);
    window.fetch = function (input, init) {
      var url = typeof input === 'string' ? input : (input && input.url) || String(input);
      if (url !== apiUrl) {
        return send(input, init);
      }
      var options = Object.assign({}, init);
      var headers = new Headers(options.headers || {});
      headers.set('X-Hub-Token', token);
      options.headers = headers;
      return send(input, options);
    };
  }
  var formats = {};
  Object.keys(hub.formats).forEach(function (name) {
    var format = window.hubFormat(hub.formats[name]);
    formats[hub.formats[name].collection] = format;
    CMS.registerCustomFormat(name, 'md', {fromFile: format.fromFile, toFile: format.toFile});
  });
  CMS.registerPreviewStyle(new URL(hub.stylesheet, document.baseURI).href);

  /** `base` with `over`'s phrases put in, key by key, at any depth. */
  function merged(base, over) {
    var out = Object.assign({}, base);
    Object.keys(over).forEach(function (key) {
      out[key] = over[key] && typeof over[key] === 'object' && base && typeof base[key] === 'object'
        ? merged(base[key], over[key]) : over[key];
    });
    return out;
  }
  // Decap's French, completed where it lacks words or left them in English (messages.py).
  CMS.registerLocale('fr', merged(CMS.getLocale('fr') || {}, hub.phrases || {}));

  function plain(value) {
    return value && typeof value.toJS === 'function' ? value.toJS() : value;
  }

  /** A value as the site shows it: the French label of a choice, lists comma-separated. */
  function shown(field, value) {
    var labels = {};
    var options = plain(field.get('options')) || [];
    options.forEach(function (option) { labels[option.value] = option.label; });
    var values = [].concat(plain(value));
    return values.map(function (v) { return labels[v] || String(v); }).join(', ');
  }

  function preview(props) {
    var h = window.h;
    var data = props.entry.get('data');
    var facts = [];
    props.fields.forEach(function (field) {
      var name = field.get('name');
      var value = plain(data.get(name));
      if (['title', 'summary', 'body'].indexOf(name) >= 0 || value === undefined
          || value === null || value === '' || (Array.isArray(value) && !value.length)) {
        return;
      }
      facts.push(h('div', {key: name}, h('dt', {}, field.get('label')),
                   h('dd', {}, shown(field, value))));
    });
    return h('main', {id: 'contenu'},
      h('article', {className: props.collection.get('name')},
        h('header', {className: 'item-header'},
          h('p', {className: 'item-kicker'}, props.collection.get('label_singular')),
          h('h1', {}, data.get('title') || ''),
          data.get('summary') ? h('p', {className: 'lead'}, data.get('summary')) : null),
        facts.length ? h('dl', {className: 'story-facts'}, facts) : null,
        h('div', {className: 'prose'}, props.widgetFor('body'))));
  }

  /* Dates typed and shown day first (JJ/MM/AAAA, and HH:MM when the key takes a time),
   * whatever the browser's language; written as the contract's YYYY-MM-DD (HH:MM). */
  var DAY_FIRST = /^\s*(\d{1,2})[\/.\-](\d{1,2})[\/.\-](\d{4})(?:\s+(\d{1,2})[:h](\d{2}))?\s*$/;
  var ISO = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}))?$/;

  function two(n) { return (n < 10 ? '0' : '') + Number(n); }

  function toContract(text, time) {
    var m = DAY_FIRST.exec(text || '');
    if (!m || (m[4] && !time)) { return null; }
    var day = Number(m[1]), month = Number(m[2]), year = Number(m[3]);
    var check = new Date(Date.UTC(year, month - 1, day));
    if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) { return null; }
    if (m[4] && (Number(m[4]) > 23 || Number(m[5]) > 59)) { return null; }
    return year + '-' + two(month) + '-' + two(day) + (m[4] ? ' ' + two(m[4]) + ':' + m[5] : '');
  }

  function toShown(value) {
    var m = ISO.exec(plain(value) || '');
    if (!m) { return plain(value) || ''; }
    return m[3] + '/' + m[2] + '/' + m[1] + (m[4] ? ' ' + m[4] + ':' + m[5] : '');
  }

  var DateControl = window.createClass({
    getInitialState: function () { return {text: toShown(this.props.value)}; },
    time: function () { return Boolean(this.props.field.get('time')); },
    handleChange: function (event) {
      var text = event.target.value;
      this.setState({text: text});
      var written = toContract(text, this.time());
      this.props.onChange(written !== null ? written : text);
    },
    isValid: function () {
      var value = plain(this.props.value);
      if (!value || ISO.test(value) && (this.time() || value.length === 10)) { return true; }
      var key = this.time() ? 'editor-datetime-invalid' : 'editor-date-invalid';
      return {error: {message: hub.texts[key]}};
    },
    render: function () {
      return window.h('input', {
        type: 'text', id: this.props.forID, className: this.props.classNameWrapper,
        value: this.state.text, onChange: this.handleChange, inputMode: 'numeric',
        onFocus: this.props.setActiveStyle, onBlur: this.props.setInactiveStyle,
        placeholder: hub.texts[this.time() ? 'editor-datetime-placeholder'
                                           : 'editor-date-placeholder']});
    },
  });
  CMS.registerWidget('hub-date', DateControl, function (props) {
    return window.h('span', {}, toShown(props.value));
  });

  Object.keys(hub.formats).forEach(function (name) {
    CMS.registerPreviewTemplate(hub.formats[name].collection, preview);
  });
  CMS.registerEventListener({
    name: 'preSave',
    handler: function (event) {
      var entry = event.entry;
      var format = formats[entry.get('collection')];
      var missing = format ? format.missing(entry.get('data').toJS()) : [];
      if (missing.length) {
        throw missing.join(' ');  // shown as it is in Decap's message (an Error adds "Error:")
      }
    },
  });
  CMS.init();
})();
