/* decap-server's file-system mode (MODE=fs) answering the editor's own page only.
 * decap-server itself has no authentication, and its default CORS lets any port of
 * localhost in; so, before any of its middlewares, every request must
 * - be addressed to this computer's API port (HUB_API_HOSTS: a name made to point at
 *   127.0.0.1 by DNS rebinding is refused),
 * - come from the editor's page (HUB_EDITOR_ORIGINS: its origins; another port or another
 *   application is refused, and so is a request with no origin),
 * - be a JSON POST to the API (a cross-site form or "simple" request has another type),
 * - carry the token handed to the editor's page when `./hub edit` started
 *   (HUB_EDITOR_TOKEN, in the X-Hub-Token header).
 * Preflight requests (OPTIONS) are answered here for the editor's origins only; CORS
 * headers name the page's own origin, never another. Every refusal is one French line on
 * the terminal. Run by plugins/hub/editor/server.py with GIT_REPO_DIRECTORY (the content
 * folder), PORT and BIND_HOST.
 */
'use strict';
const crypto = require('node:crypto');
const path = require('node:path');

const modules = process.env.HUB_NODE_MODULES;
const express = require(path.join(modules, 'express'));
const {registerLocalFs} = require(path.join(modules, 'decap-server', 'dist', 'middlewares.js'));

const host = process.env.BIND_HOST || '127.0.0.1';
const port = parseInt(process.env.PORT || '8081', 10);
const list = (name) => (process.env[name] || '').split(',').filter(Boolean);
const hosts = new Set(list('HUB_API_HOSTS').map((h) => h.toLowerCase()));
const origins = new Set(list('HUB_EDITOR_ORIGINS'));
const token = Buffer.from(process.env.HUB_EDITOR_TOKEN || '', 'utf8');
const API = '/api/v1';
const TOKEN_HEADER = 'x-hub-token';
const EDITOR = [...origins][0] || '';

if (!hosts.size || !origins.size || token.length < 32) {
  console.error("Le serveur d'écriture de l'éditeur n'a pas reçu sa configuration : " +
                'relancez « ./hub edit ».');
  process.exit(1);
}

/** The shown form of a value from a request: printable ASCII, short. */
function shown(value) {
  return String(value || '').replace(/[^\x20-\x7e]/g, '?').slice(0, 80);
}

/** Why this request is refused (French), or '' when it may go on to decap-server. */
function refusal(request) {
  const origin = request.headers.origin;
  if (!hosts.has(String(request.headers.host || '').toLowerCase())) {
    return `elle était adressée à « ${shown(request.headers.host)} » et non à ${host}:${port}`;
  }
  if (!origin) {
    return "elle ne vient pas d'une page web (aucune origine)";
  }
  if (!origins.has(origin)) {
    return `elle vient de la page ${shown(origin)} et non de l'éditeur (${EDITOR})`;
  }
  if (request.method === 'OPTIONS') {
    return '';
  }
  const type = String(request.headers['content-type'] || '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') {
    return `son contenu est de type « ${shown(type)} » et non application/json`;
  }
  const given = Buffer.from(String(request.headers[TOKEN_HEADER] || ''), 'utf8');
  if (given.length !== token.length || !crypto.timingSafeEqual(given, token)) {
    return "elle n'a pas le jeton remis à la page de l'éditeur";
  }
  return '';
}

const app = express();
app.disable('x-powered-by');
app.use((request, response, next) => {
  if (!['POST', 'OPTIONS'].includes(request.method) || request.path !== API) {
    response.status(404).end();  // nothing else is served (a browser asks for its icon)
    return;
  }
  const why = refusal(request);
  if (why) {
    console.error(`Éditeur : requête refusée, ${why}.`);
    response.status(403).json({error: "Requête refusée : seule la page de l'éditeur peut écrire."});
    return;
  }
  response.set('Access-Control-Allow-Origin', request.headers.origin);
  response.set('Vary', 'Origin');
  if (request.method === 'OPTIONS') {
    response.set('Access-Control-Allow-Methods', 'POST');
    response.set('Access-Control-Allow-Headers', `Content-Type, ${TOKEN_HEADER}`);
    response.set('Access-Control-Max-Age', '600');
    response.status(204).end();
    return;
  }
  next();
});

registerLocalFs(app, {logLevel: process.env.LOG_LEVEL || 'warn'}).then(() => {
  app.listen(port, host);
}).catch((error) => {
  console.error(error);
  process.exit(1);
});
