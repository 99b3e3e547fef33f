"""Work shared between forked processes, for the steps of a build that take long on
thousands of items (Linux: `os.fork`, so a child starts with the parent's memory and
needs nothing sent to it).

`in_parallel(jobs, work)` splits the jobs into one share per core, runs `work` on every
share but the first in a forked child and on the first in the calling process, and
returns the results of every share in order. A child that fails, or whose result
cannot be read, has its share done again by the caller: the result never depends on
whether children were used. Below `MIN_JOBS` jobs, or on one core, nothing is forked
(the preview's rebuild of one page must not pay for processes).
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import tempfile
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

logger = logging.getLogger(__name__)

J = TypeVar("J")
R = TypeVar("R")

MIN_JOBS = 200  # below this, forking costs more than it saves
MAX_PROCESSES = 4


def cores() -> int:
    """Cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def processes_for(count: int, min_jobs: int | None = None) -> int:
    """How many processes `count` jobs are worth (1: do them here); `min_jobs`: at least
    that many jobs to fork at all (`MIN_JOBS` when not given)."""
    min_jobs = MIN_JOBS if min_jobs is None else min_jobs
    if count < min_jobs or not hasattr(os, "fork"):
        return 1
    return max(1, min(cores(), MAX_PROCESSES, count // max(1, min_jobs // 2)))


def shares(jobs: Sequence[J], count: int) -> list[list[J]]:
    """`count` shares of about the same size, each in the jobs' order (job i goes to
    share i % count: neighbouring jobs, often alike in cost, are spread)."""
    return [list(jobs[start::count]) for start in range(count)]


def in_parallel(jobs: Sequence[J], work: Callable[[list[J]], R],
                min_jobs: int | None = None) -> list[R]:
    """`work` applied to each share of `jobs`, in share order (see `shares`)."""
    count = processes_for(len(jobs), min_jobs)
    parts = shares(jobs, count)
    if count == 1:
        return [work(parts[0])]
    children = [_fork(part, work) for part in parts[1:]]
    results = [work(parts[0])]
    for part, child in zip(parts[1:], children, strict=True):
        result = _collect(child)
        results.append(work(part) if result is None else result[0])
    return results


Child = tuple[int, str]  # process id, file of its result


def _fork(part: list[J], work: Callable[[list[J]], R]) -> Child | None:
    handle, name = tempfile.mkstemp(prefix="hub-share-", suffix=".pickle")
    os.close(handle)
    try:
        pid = os.fork()
    except OSError:
        os.unlink(name)
        return None
    if pid == 0:  # the child: its share, its result to the file, and out without clean-up
        code = 1
        try:
            with open(name, "wb") as out:
                pickle.dump((work(part),), out, protocol=pickle.HIGHEST_PROTOCOL)
            code = 0
        except BaseException:  # noqa: BLE001 - the parent does the share again
            code = 1
        finally:
            os._exit(code)
    return pid, name


def _collect(child: Child | None) -> tuple[Any] | None:
    """The child's result, or None when its share has to be done again here."""
    if child is None:
        return None
    pid, name = child
    try:
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            logger.debug("Worker %s failed; its share is done again", pid)
            return None
        with open(name, "rb") as out:
            result: tuple[Any] = pickle.load(out)
        return result
    except (OSError, EOFError, pickle.UnpicklingError):
        return None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(name)
