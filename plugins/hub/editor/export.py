"""`invoke edit-export`: the editor's page for production, saving to the company's GitLab.

The folder written holds `admin/` only (the page, its configuration and Decap's bundle from
`node_modules/`, without source maps), to be served apart from the published site with the
policy that `policy()` gives; it holds no secret (docs/editeur.md).
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path

from hub.department import Department
from hub.editor import config
from hub.editor.server import (
    DECAP_DIST,
    MODEL_SCRIPT,
    OWN_FILES,
    STATIC,
    bundle_files,
    model_script,
    policy,
)

GITLAB_PREFIX = "content/"  # the content folder inside the hub's repository
POLICY_FILE = "content-security-policy.txt"  # the header the web server must send
STYLESHEET = "hub.css"  # the theme's stylesheet, beside the page, for the preview pane


def export(target: Path, backend: config.Backend, audiences: Mapping[str, str],
           css: Path, department: Department | None = None, logo_url: str = "") -> Path:
    """Write the editor into `target/admin/` and return that folder (`css`: the theme's
    stylesheet, self-contained; the site's department and logo from its site file)."""
    if not bundle_files():
        raise FileNotFoundError(DECAP_DIST)
    admin = target / "admin"
    if admin.exists():
        shutil.rmtree(admin)
    admin.mkdir(parents=True)
    (admin / "config.yml").write_text(
        config.config_yml(config.config(audiences, backend, department=department,
                                        logo_url=logo_url)), encoding="utf-8")
    (admin / MODEL_SCRIPT).write_bytes(model_script(STYLESHEET))
    shutil.copyfile(css, admin / STYLESHEET)
    for name in OWN_FILES:
        shutil.copyfile(STATIC / name, admin / name)
    for name in sorted(bundle_files()):
        shutil.copyfile(DECAP_DIST / name, admin / name)
    (admin / POLICY_FILE).write_text(policy(backend.gitlab_url.rstrip("/")) + "\n",
                                     encoding="utf-8")
    return admin
