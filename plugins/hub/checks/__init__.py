"""`invoke check`: the hub's link and consistency checker, sources and built output.

Modules, in the order a check runs:
  sources   body-level checks of every Markdown source (links, images, unsafe HTML,
            jargon), on top of the header and reference checks of `corpus.scan()`
  output    every HTML page and feed of the build, parsed once with lxml on all cores
  mapping   output page → Markdown source, the line that wrote a link, a page's anchors
  external  links to other sites, only with `--external`
  render    the report: French text grouped by file, JSON, JUnit
  cli       command line (`python -m hub.checks`), exit codes 0 / 1 / 2
"""

from __future__ import annotations

from hub.checks.run import CheckOptions, Result, check

__all__ = ["CheckOptions", "Result", "check"]
