/* decap-server's file-system mode (MODE=fs) behind a check of the Host header: only
 * requests addressed to 127.0.0.1:PORT are answered, so that a web page whose name is
 * made to point at this machine (DNS rebinding) cannot write into the content folder;
 * decap-server itself has no authentication. Run by plugins/hub/editor/server.py with
 * GIT_REPO_DIRECTORY (the content folder), PORT and BIND_HOST.
 */
'use strict';
const path = require('node:path');

const modules = process.env.HUB_NODE_MODULES;
const express = require(path.join(modules, 'express'));
const {registerLocalFs} = require(path.join(modules, 'decap-server', 'dist', 'middlewares.js'));

const host = process.env.BIND_HOST || '127.0.0.1';
const port = parseInt(process.env.PORT || '8081', 10);
const expected = `${host}:${port}`;

const app = express();
app.use((request, response, next) => {
  if (request.headers.host !== expected) {
    response.status(403).json({error: 'Host not allowed'});
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
