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

from hub.build.state import run_of

F = TypeVar("F", bound=Callable[..., Any])


def timed(step: str) -> Callable[[F], F]:
    """Decorator: add the wall time of each call to `step`, in the run's `timings`.

    The run is found from the call's first argument: a generator or a Pelican instance
    (their `settings`), or the list of generators of `all_generators_finalized`."""

    def wrap(function: F) -> F:
        @functools.wraps(function)
        def run(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent = run_of(_settings_of(args[0])).timings
                spent[step] = spent.get(step, 0.0) + time.perf_counter() - start

        return run  # type: ignore[return-value]

    return wrap


def _settings_of(first: Any) -> dict[str, Any]:
    if isinstance(first, list):
        first = first[0]
    settings: dict[str, Any] = first.settings
    return settings


def write(pelican: Any) -> None:
    """`finalized` (connected last): write the figures where HUB_TIMINGS says."""
    target = os.environ.get("HUB_TIMINGS")
    if target:
        with open(target, "w", encoding="utf-8") as handle:
            json.dump(run_of(pelican.settings).timings, handle, indent=2, sort_keys=True)
