"""The batch journal and atomic writes: what makes :func:`~tools.pdf.extract_tables_batch` resumable.

The journal is JSON Lines, one fsynced line per finished input. A run killed mid-line leaves a
partial last line; the next run cuts it off before appending. Output files are written to a temp
file in their folder, fsynced and renamed over the target, so they are whole or absent; temp files
a killed run left behind are removed when the next run opens the journal. A lock file keeps two
batches from writing to one folder at once (POSIX; the lock goes away with the process, even on
SIGKILL).
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError

from model.errors import ConfigError, OutputError
from perception.types import Frozen

if sys.platform != "win32":
    import fcntl

__all__ = ["JOURNAL_NAME", "Journal", "JournalEntry", "fsync_dir", "write_atomic"]

logger = logging.getLogger(__name__)

JOURNAL_NAME = ".tilepilot-journal.jsonl"
_LOCK_NAME = ".tilepilot-journal.lock"
_TMP_PREFIX = ".tp-tmp-"


class JournalEntry(Frozen):
    """One finished input. ``outputs`` are relative to the output folder, so the folder can move."""

    v: Literal[1] = 1
    key: str
    source: str = Field(description="The input's resolved path.")
    folder: str
    status: Literal["ok", "failed"]
    options: dict[str, Any]
    n_pages: int = Field(ge=0)
    pages: int = Field(ge=0)
    tables: int = Field(ge=0)
    outputs: tuple[str, ...]
    warnings: tuple[str, ...] = ()
    error: str | None = None
    seconds: float = Field(ge=0)
    at: float = Field(description="Unix time the line was written.")


class Journal:
    """The journal of one output folder, open for one batch: read at start, appended per input."""

    def __init__(self, out: Path, entries: list[JournalEntry], fd: int, lock_fd: int | None) -> None:
        self.out, self.path = out, out / JOURNAL_NAME
        self._entries, self._fd, self._lock_fd = entries, fd, lock_fd

    @classmethod
    @contextlib.contextmanager
    def open(cls, out: Path) -> Iterator[Journal]:
        """Create ``out`` if needed, lock it, repair and read its journal; unlock on exit.

        Raises :class:`ConfigError` when ``out`` is a file, :class:`OutputError` when it cannot be
        created or used, or another batch holds it.
        """
        try:
            out.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError):
            raise ConfigError(f"out_dir={str(out)!r} is a file; give a folder", name="out_dir", value=str(out)) from None
        except OSError as exc:
            raise OutputError(out, f"cannot be created ({exc.strerror})") from exc
        lock_fd = _lock(out)
        try:
            _sweep_temp_files(out)
            path = out / JOURNAL_NAME
            entries = _read(path)
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        except OSError as exc:
            if lock_fd is not None:
                os.close(lock_fd)
            raise OutputError(out, f"cannot use its journal ({exc})") from exc
        journal = cls(out, entries, fd, lock_fd)
        try:
            yield journal
        finally:
            os.close(fd)
            if lock_fd is not None:
                os.close(lock_fd)  # closing the descriptor releases the flock

    def done(self, key: str) -> JournalEntry | None:
        """The latest ``ok`` entry for ``key`` (same file, same options), if any."""
        return next((e for e in reversed(self._entries) if e.key == key and e.status == "ok"), None)

    def folder_of(self, source: str) -> str | None:
        """The folder an earlier run used for ``source``, so a changed file is rewritten in place."""
        return next((e.folder for e in reversed(self._entries) if e.source == source), None)

    def folders(self) -> dict[str, str]:
        """Every folder the journal knows (lower-cased, for case-insensitive file systems) → its source."""
        return {e.folder.lower(): e.source for e in self._entries}

    def append(self, entry: JournalEntry) -> None:
        """Append one line and fsync: once this returns, a crash cannot lose the entry."""
        self._entries.append(entry)
        os.write(self._fd, (entry.model_dump_json() + "\n").encode())
        os.fsync(self._fd)


def write_atomic(target: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``target`` so that it is whole or untouched, never half-written.

    Call :func:`fsync_dir` on the folder afterwards to make the rename itself survive a power cut.
    """
    tmp = target.with_name(f"{_TMP_PREFIX}{target.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # mode as umask allows, like open()
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def fsync_dir(folder: Path) -> None:
    """Make renames in ``folder`` durable (POSIX; Windows cannot open folders for fsync)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _lock(out: Path) -> int | None:
    if sys.platform == "win32":
        return None
    fd = os.open(out / _LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise OutputError(out, "is in use by another running batch; wait for it or choose another folder") from None
    return fd


def _sweep_temp_files(out: Path) -> None:
    for tmp in [*out.glob(f"{_TMP_PREFIX}*"), *out.glob(f"*/{_TMP_PREFIX}*")]:
        logger.info("removing %s, left by an interrupted run", tmp)
        tmp.unlink(missing_ok=True)


def _read(path: Path) -> list[JournalEntry]:
    """Read the journal, cutting a half-written last line (a run killed while appending) off the file."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return []
    if data and not data.endswith(b"\n"):
        keep = data.rfind(b"\n") + 1
        logger.warning("%s: dropped a half-written last line (%d bytes) left by an interrupted run",
                       path, len(data) - keep)
        os.truncate(path, keep)
        data = data[:keep]
    entries = []
    for n, line in enumerate(data.decode("utf-8", errors="replace").splitlines(), 1):
        if not line.strip():
            continue
        try:
            entries.append(JournalEntry.model_validate_json(line))
        except ValidationError:
            logger.warning("%s line %d is not a journal entry of this version; ignored", path, n)
    return entries
