"""Mapping processes that die with the harvest that started them.

A harvest killed with ``kill -9`` cannot stop its pool, and a worker blocked reading its task
queue never sees end-of-file: it holds the queue's write end itself. Without this module the
forkserver and every worker (≈ 140 MB each) outlive the harvest for good. Two guards:

* each worker asks the kernel for ``SIGKILL`` when its parent (the forkserver, whose single
  thread forks every worker) dies (``prctl(PR_SET_PDEATHSIG)``, Linux);
* a watchdog thread, in the forkserver and in each worker, ends the process as soon as its
  parent process is gone (``os.getppid()`` changes): the portable fallback, and the one the
  forkserver needs, since ``PR_SET_PDEATHSIG`` fires when the *thread* that started a process
  ends, and a scheduler starts the forkserver from one of its worker threads.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1
#: Seconds between the watchdog's looks at the parent.
INTERVAL = 0.5


def _die_with_parent_signal() -> bool:
    """``prctl(PR_SET_PDEATHSIG, SIGKILL)`` where the kernel has it; False elsewhere."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent: int) -> None:
    while True:
        time.sleep(INTERVAL)
        if os.getppid() != parent:
            os._exit(1)  # the harvest is gone: nothing here is worth finishing


def guard(*, signal_on_death: bool = True) -> None:
    """End this process when its parent ends (call first thing in a child process)."""
    parent = os.getppid()
    if signal_on_death:
        _die_with_parent_signal()
    if parent == 1 or not _alive(parent):  # the parent died before the guard was set
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), name="parent-watchdog", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
