"""A child process that dies with its parent (the runner's workers and the solver processes).

`die_with_parent(pid)` sets PR_SET_PDEATHSIG to SIGKILL through ctypes on Linux (and exits at
once if the parent is already gone); elsewhere a watchdog thread polls the parent's pid.
Standard library only and cheap to import: every solver process runs it first.
"""
from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1


def die_with_parent(parent_pid: int, group: bool = False) -> None:
    """End this process (its whole process group with group=True) as soon as `parent_pid` dies."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                if os.getppid() != parent_pid:  # the parent died before prctl took effect
                    os.kill(os.getpid(), signal.SIGKILL)
                return
        except (OSError, AttributeError):
            pass

    def watch():
        while os.getppid() == parent_pid:
            time.sleep(0.2)
        if group:
            os.killpg(0, signal.SIGKILL)
        os.kill(os.getpid(), signal.SIGKILL)

    threading.Thread(target=watch, daemon=True, name="die-with-parent").start()
