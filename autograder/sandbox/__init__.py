"""Sandboxed execution of submissions (bubblewrap + rlimits + wall-clock timeout)."""

from .bwrap import SandboxResult, SandboxUnavailable, check_available, run_notebook
from .limits import Limits

__all__ = ["Limits", "SandboxResult", "SandboxUnavailable", "check_available", "run_notebook"]
