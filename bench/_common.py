"""What every benchmark records about its run: when, which commit, which machine, and how it was called."""

from __future__ import annotations

import os
import platform
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


def git(*args: str) -> str:
    """``git ARGS`` in the repository, or "" when git is missing or fails."""
    try:
        return subprocess.run(
            ["git", *args], check=False, cwd=REPO, capture_output=True, text=True, timeout=10
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def run_info(argv: list[str], **extra: Any) -> dict[str, Any]:
    """The header of a results file: date (UTC), commit and whether the tree was dirty, Python, CPUs, argv."""
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "git": git("rev-parse", "--short", "HEAD"),
        "dirty": bool(git("status", "--porcelain")),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "argv": argv,
        **extra,
    }
