// The editor's custom format (plugins/hub/editor/static/hub-format.js), run in Node.
// tests/test_editor.py runs it with HUB_EDITOR_FORMATS (the tables the hub generates from
// the model), HUB_EDITOR_CONTENT (a content folder: the sample, or the corpus written from
// the contract alone in tests/unseen/) and HUB_EDITOR_MIN_FILES (how many files it holds).
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const test = require('node:test');

const hubFormat = require('../../plugins/hub/editor/static/hub-format.js');
const tables = JSON.parse(fs.readFileSync(process.env.HUB_EDITOR_FORMATS, 'utf8'));
const content = process.env.HUB_EDITOR_CONTENT;
const atLeast = Number(process.env.HUB_EDITOR_MIN_FILES || '40');

function formatOf(collection) {
  const table = tables['hub-' + collection];
  return {format: hubFormat(table), order: Object.keys(table.keys)};
}

function samples() {
  const found = [];
  for (const table of Object.values(tables)) {
    const folder = path.join(content, table.folder);
    if (!fs.existsSync(folder)) continue;
    for (const name of fs.readdirSync(folder).sort()) {
      if (name.endsWith('.md')) found.push({table, file: path.join(folder, name)});
    }
  }
  return found;
}

test('every sample file read and saved unchanged is byte-identical', () => {
  const files = samples();
  assert.ok(files.length >= atLeast, `only ${files.length} files found in ${content}`);
  for (const {table, file} of files) {
    const text = fs.readFileSync(file, 'utf8');
    const {format, order} = formatOf(table.collection);
    assert.equal(format.toFile(format.fromFile(text), order), text, file);
  }
});

test('a changed value rewrites its line only; unknown keys stay', () => {
  const {format, order} = formatOf('service');
  const text = 'Title: Messagerie\nLifecycle: available\nPrice:   Inclus\nX-Note: à garder\n' +
    'Tags: a,b\n\nLe texte.\n';
  const data = format.fromFile(text);
  assert.equal(data.price, 'Inclus');
  assert.deepEqual(data.tags, ['a', 'b']);
  assert.equal(data['x-note'], 'à garder');
  data.price = '8 € HT par mois';
  assert.equal(format.toFile(data, order), text.replace('Price:   Inclus', 'Price: 8 € HT par mois'));
});

test('continuation lines, CRLF and duplicate keys survive', () => {
  const {format, order} = formatOf('story');
  const text = 'Title: Un titre\r\nSummary: début\r\n    suite\r\nTitle: encore\r\n\r\nTexte\r\n';
  const data = format.fromFile(text);
  assert.equal(data.summary, 'début suite');
  assert.equal(data.title, 'Un titre');
  assert.equal(format.toFile(data, order), text);
  data.feature = 'Une fonction';
  assert.equal(format.toFile(data, order),
    'Title: Un titre\r\nSummary: début\r\n    suite\r\nTitle: encore\r\nFeature: Une fonction\r\n\r\nTexte\r\n');
});

test('a new entry is written as the contract says, in the form order', () => {
  const {format, order} = formatOf('story');
  const text = format.toFile({
    body: '## Avant\n\nTexte', feature: 'Signature', services: ['a', 'b'],
    summary: 'Une\nphrase.', date: '2026-12-01 09:30', title: 'Titre', audience: [], 'image-alt': '',
  }, order);
  assert.equal(text, 'Title: Titre\nDate: 2026-12-01 09:30\nSummary: Une phrase.\n' +
    'Services: a, b\nFeature: Signature\n\n## Avant\n\nTexte\n');
});

test('an emptied key disappears, a condition names the missing key in French', () => {
  const {format, order} = formatOf('service');
  const data = format.fromFile('Title: T\nLifecycle: retiring\nImage: images/a.jpg\n\n');
  data.image = '';
  assert.equal(format.toFile(data, order), 'Title: T\nLifecycle: retiring\n\n');
  assert.deepEqual(format.missing(data), [
    '« Remplacé par » est obligatoire quand le cycle de vie est « En fin de vie » ou « Retiré ».',
    '« Fin du service » est obligatoire quand le cycle de vie est « En fin de vie ».',
  ]);
});

test('a file that is a header alone keeps its last newline, and a body added follows a blank line', () => {
  const {format, order} = formatOf('term');
  const text = 'Title: Application\nDefinition: Un logiciel métier.\n';
  const data = format.fromFile(text);
  assert.equal(format.toFile(data, order), text);
  data.body = 'Un exemple.\n';
  assert.equal(format.toFile(data, order), 'Title: Application\nDefinition: Un logiciel métier.\n\nUn exemple.\n');
});
