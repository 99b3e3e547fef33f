/* The hub's editor: registers one custom format per content type (hub-format.js), the
 * hub's stylesheet for the preview pane, and a check before each save of the keys that a
 * condition makes required (Decap's own `required` covers the others); then starts Decap.
 * window.HUB_EDITOR comes from hub-model.js, generated from the content model.
 */
(function () {
  'use strict';
  var hub = window.HUB_EDITOR;
  var formats = {};
  Object.keys(hub.formats).forEach(function (name) {
    var format = window.hubFormat(hub.formats[name]);
    formats[hub.formats[name].collection] = format;
    CMS.registerCustomFormat(name, 'md', {fromFile: format.fromFile, toFile: format.toFile});
  });
  CMS.registerPreviewStyle(new URL(hub.stylesheet, document.baseURI).href);
  CMS.registerEventListener({
    name: 'preSave',
    handler: function (event) {
      var entry = event.entry;
      var format = formats[entry.get('collection')];
      var missing = format ? format.missing(entry.get('data').toJS()) : [];
      if (missing.length) {
        throw new Error(missing.join(' '));
      }
    },
  });
  CMS.init();
})();
