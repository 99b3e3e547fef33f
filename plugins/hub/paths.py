"""Where the project lives: the repository root and the plugin folder, declared once."""

from __future__ import annotations

from pathlib import Path

PLUGINS_DIR = Path(__file__).resolve().parent.parent  # plugins/
REPO_ROOT = PLUGINS_DIR.parent
