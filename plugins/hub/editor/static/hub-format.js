/* The hub's file format for the editor: the contract's Pelican header (`Key: value`
 * lines, comma-separated lists), a blank line, then the Markdown body (CONTENT_MODEL.md).
 *
 * `fromFile` gives Decap a flat object keyed by the lowercase key, the body under `body`,
 * and the header as it was read under HEADER. `toFile` writes every line of that header
 * back as it was unless the form changed its value (a changed value is one line, with the
 * key as the file spelled it); keys the form does not know are kept; new keys follow, in
 * the form's order, spelled as the model spells them. A file read and saved unchanged is
 * byte-identical.
 *
 * `table` (one per content type, from plugins/hub/editor/config.py `formats()`):
 * {keys: {name: "Image-alt"}, lists: [names], conditions: [...], collection: id}.
 * Loaded as a plain script in the editor page (window.hubFormat), or required by Node.
 */
(function (root) {
  'use strict';

  var HEADER = '__header';
  var BODY = 'body';
  var KEY_RE = /^ {0,3}([A-Za-z][A-Za-z0-9_-]*)[ \t]*:(.*)$/;
  var ITEM_RE = /^\s*-\s+(.*)$/;
  var FENCE_RE = /^(-{3}|\.{3})(\s.*)?$/;

  function chomp(line) {
    return line.charAt(line.length - 1) === '\r' ? line.slice(0, -1) : line;
  }

  function isBlank(line) {
    return chomp(line).trim() === '';
  }

  function isContinuation(line) {
    var text = chomp(line).replace(/\t/g, '    ');
    return /^ {4,}\S/.test(text);
  }

  function splitList(value) {
    return String(value).split(',').map(function (v) { return v.trim(); })
      .filter(function (v) { return v !== ''; });
  }

  function isEmpty(value) {
    if (value === null || value === undefined) return true;
    if (Array.isArray(value)) return value.length === 0;
    return String(value).trim() === '';
  }

  /** A form value as it is written after `Key: ` (one line; lists comma-separated). */
  function written(value) {
    if (Array.isArray(value)) {
      return value.map(function (v) { return written(v); })
        .filter(function (v) { return v !== ''; }).join(', ');
    }
    if (value === null || value === undefined) return '';
    return String(value).replace(/\s*[\r\n]+\s*/g, ' ').trim();
  }

  /** The header's lines grouped: a key's entry (with its continuation lines) or another line. */
  function entries(lines) {
    var groups = [];
    var current = null;
    lines.forEach(function (line, index) {
      var text = chomp(line);
      var key = FENCE_RE.test(text) ? null : KEY_RE.exec(text);
      if (key) {
        current = {name: key[1].toLowerCase(), key: key[1], lines: [line],
                   parts: [key[2].trim()], items: []};
        groups.push(current);
        return;
      }
      var item = ITEM_RE.exec(text);
      if (current && item && current.parts[0] === '') {
        current.lines.push(line);
        current.items.push(item[1].trim());
        return;
      }
      if (current && isContinuation(line)) {
        current.lines.push(line);
        current.parts.push(text.trim());
        return;
      }
      current = null;
      groups.push({name: null, lines: [line]});
    });
    groups.forEach(function (group) {
      if (group.name === null) return;
      var parts = group.parts.filter(function (p) { return p !== ''; });
      if (group.items.length) parts.push(group.items.join(', '));
      group.value = parts.join(' ');
    });
    return groups;
  }

  /** Where the header ends: its first blank line (-1: none, the whole file is header). */
  function headerEnd(lines) {
    for (var i = 0; i < lines.length; i++) {
      if (isBlank(lines[i])) return i;
    }
    return -1;
  }

  function hubFormat(table) {
    var lists = {};
    (table.lists || []).forEach(function (name) { lists[name] = true; });

    function parsed(name, value) {
      return lists[name] ? splitList(value) : value;
    }

    function same(name, now, was) {
      if (isEmpty(now)) return String(was).trim() === '';
      if (lists[name]) {
        return splitList(was).join(', ') === written(Array.isArray(now) ? now : splitList(now));
      }
      return written(now) === String(was);
    }

    function fromFile(text) {
      var lines = String(text).split('\n');
      var end = headerEnd(lines);
      var header;
      var data = {};
      if (end >= 0 && end === lines.length - 1 && lines[end] === '') {
        // a header alone, ended by its last newline: no blank line, no body
        header = {lines: lines.slice(0, end), separator: null, ending: '\n'};
        data[BODY] = '';
      } else if (end >= 0) {
        header = {lines: lines.slice(0, end), separator: lines[end]};
        data[BODY] = lines.slice(end + 1).join('\n');
      } else {
        header = {lines: lines, separator: null};
        data[BODY] = '';
      }
      entries(header.lines).forEach(function (group) {
        if (group.name !== null && !(group.name in data)) {
          data[group.name] = parsed(group.name, group.value);
        }
      });
      data[HEADER] = header;
      return data;
    }

    function toFile(data, sortedKeys) {
      var header = data[HEADER] || null;
      var cr = header && header.lines.length && /\r$/.test(header.lines[0]) ? '\r' : '';
      var out = [];
      var seen = {};
      seen[BODY] = seen[HEADER] = true;
      if (header) {
        entries(header.lines).forEach(function (group) {
          if (group.name === null || seen[group.name]) {
            out.push.apply(out, group.lines);
            return;
          }
          seen[group.name] = true;
          var now = data[group.name];
          if (same(group.name, now, group.value)) {
            out.push.apply(out, group.lines);
          } else if (!isEmpty(now)) {
            out.push(group.key + ': ' + written(now) + cr);
          }
        });
      }
      var fresh = (sortedKeys || []).concat(Object.keys(data));
      var added = [];
      fresh.forEach(function (name) {
        if (seen[name]) return;
        seen[name] = true;
        if (!isEmpty(data[name])) {
          added.push((table.keys[name] || name) + ': ' + written(data[name]) + cr);
        }
      });
      if (header && header.lines.length && /^(-{3}|\.{3})\s*\r?$/.test(out[out.length - 1] || '')
          && out.length > 1) {
        out.splice.apply(out, [out.length - 1, 0].concat(added));  // inside the fence
      } else {
        out.push.apply(out, added);
      }
      var body = data[BODY] === undefined || data[BODY] === null ? '' : String(data[BODY]);
      if (!header) {
        return out.join('\n') + '\n\n' + (body && !/\n$/.test(body) ? body + '\n' : body);
      }
      if (header.separator === null) {
        return out.join('\n') + (body ? '\n\n' + body : (header.ending || ''));
      }
      return out.concat([header.separator]).join('\n') + '\n' + body;
    }

    /** The French messages of the keys that a condition makes required and that are empty. */
    function missing(data) {
      return (table.conditions || []).filter(function (cond) {
        var value = data[cond.when];
        var holds = cond.values.length ? cond.values.indexOf(written(value)) >= 0
          : !isEmpty(value);
        return holds && isEmpty(data[cond.name]);
      }).map(function (cond) {
        return '« ' + cond.label + ' » est obligatoire ' + cond.text + '.';
      });
    }

    return {fromFile: fromFile, toFile: toFile, missing: missing};
  }

  hubFormat.HEADER = HEADER;
  hubFormat.BODY = BODY;
  if (typeof module !== 'undefined' && module.exports) {
    module.exports = hubFormat;
  } else {
    root.hubFormat = hubFormat;
  }
})(this);
