"""The command's output files: one run writes a file at a time.

Two runs given the same ``-o`` file would overwrite each other's lines (or,
both resuming, write the same pages twice). :func:`exclusive_output` takes an
advisory lock on the file itself before anything reads, truncates or writes
it, and a second run refuses to start, naming the first one's process.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator

from .errors import CleanscrapeError

try:  # POSIX; elsewhere nothing is locked
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["OutputBusy", "exclusive_output"]


class OutputBusy(CleanscrapeError):
    """Another process is writing the output file."""


def _owner(path: str) -> str:
    try:
        with open(f"{path}.pid", encoding="ascii") as f:
            pid = f.read().strip()
    except OSError:
        return "another process"
    return f"another cleanscrape run (pid {pid})" if pid.isdigit() else "another process"


@contextlib.contextmanager
def exclusive_output(path: str) -> Iterator[None]:
    """Hold the lock on ``path`` (created if missing, never truncated here) for the block.

    Beside the file, ``PATH.pid`` names the holder while it runs, so that a
    second run can say who it is waiting for.

    Raises:
        OutputBusy: another process holds the lock.
        OSError: the file cannot be created or opened.
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o666)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # /dev/stdout, a pipe: nothing to guard
            yield
            return
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise OutputBusy(f"{path}: {_owner(path)} is writing this file") from None
        pid_file = f"{path}.pid"
        with contextlib.suppress(OSError), open(pid_file, "w", encoding="ascii") as f:
            f.write(f"{os.getpid()}\n")
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                os.unlink(pid_file)
    finally:
        os.close(fd)  # releases the lock
