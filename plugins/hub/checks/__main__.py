"""`python -m hub.checks`: see `hub.checks.cli`."""

from __future__ import annotations

import sys

from hub.checks.cli import main

sys.exit(main())
