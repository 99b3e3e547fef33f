"""Time spent in the hub's own steps of a build, for the benchmark script.

Only recorded when the environment variable HUB_TIMINGS names a file: the figures are
then written there as JSON at the end of the build.
"""

from __future__ import annotations

import functools
import json
import os
import time
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])
_spent: dict[str, float] = {}


def timed(step: str) -> Callable[[F], F]:
    """Decorator: add the wall time of each call to `step`."""

    def wrap(function: F) -> F:
        @functools.wraps(function)
        def run(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                _spent[step] = _spent.get(step, 0.0) + time.perf_counter() - start

        return run  # type: ignore[return-value]

    return wrap


def write(*_: Any) -> None:
    """`finalized` (connected last): write the figures where HUB_TIMINGS says."""
    target = os.environ.get("HUB_TIMINGS")
    if target:
        with open(target, "w", encoding="utf-8") as handle:
            json.dump(_spent, handle, indent=2, sort_keys=True)
    _spent.clear()
