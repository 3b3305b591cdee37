"""``extract_tables_batch``: the tables of many PDFs written to disk, resumable after a crash.

Each input gets a folder ``out_dir/<stem>/`` holding ``table-<k>.csv|.md|.html`` per table and
``tables.json`` (the whole :class:`~perception.document.DocumentTables`). Every file is written
atomically (temp file in the same folder, fsync, ``os.replace``), so a reader never sees half a file.
A journal, ``out_dir/.tilepilot-journal.jsonl``, gets one fsynced line per finished input, keyed by
the resolved path, size, mtime and the options that shape the output; a rerun skips what the
journal lists as done and redoes the rest. Bad inputs become failure records and the batch goes on.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Generic, Literal, Protocol, TypeAlias, TypeVar

from pydantic import Field

from model.errors import (
    ConfigError,
    CorruptDocument,
    EmptyDocument,
    InputError,
    TilepilotError,
)
from perception.document import DocumentTables
from perception.pdf import check_pages
from perception.types import Frozen
from tools.pdf._journal import Journal, JournalEntry, fsync_dir, write_atomic
from tools.pdf._pool import run_pool
from tools.pdf.tables import extract_tables

__all__ = [
    "BatchEvent",
    "BatchReport",
    "BatchStarted",
    "FileError",
    "FileFailed",
    "FileFinished",
    "FileResult",
    "FileSkipped",
    "FileStarted",
    "Format",
    "PageDone",
    "extract_tables_batch",
]

logger = logging.getLogger(__name__)

Format = Literal["csv", "json", "md", "html"]
"""Output formats: per-table ``csv``/``md``/``html`` files, and ``json`` for the document's ``tables.json``."""

_FORMATS: tuple[Format, ...] = ("csv", "json", "md", "html")
_EXPORT = {"csv": "to_csv", "md": "to_markdown", "html": "to_html"}


class FileError(Frozen):
    """Why one input failed: the error class (``"EncryptedDocument"``), its message, and the reason alone."""

    type: str
    message: str
    reason: str


class FileResult(Frozen):
    """One input's outcome. ``outputs`` are the files written (or found, when skipped)."""

    path: str = Field(description="The input as given (a folder's PDFs as folder/name).")
    status: Literal["ok", "failed", "skipped"]
    n_pages: int = Field(default=0, ge=0, description="Pages in the file.")
    pages: int = Field(default=0, ge=0, description="Pages read.")
    tables: int = Field(default=0, ge=0)
    seconds: float = Field(default=0.0, ge=0, description="Time spent on it in this run.")
    outputs: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    error: FileError | None = None


class BatchReport(Frozen):
    """The outcome of :func:`extract_tables_batch`, one :class:`FileResult` per input in input order."""

    out_dir: str
    journal: str
    files: tuple[FileResult, ...]
    seconds: float = Field(ge=0)

    @property
    def ok(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "ok"]

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "failed"]

    @property
    def skipped(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "skipped"]

    @property
    def all_ok(self) -> bool:
        """True when no input failed (skipped inputs were done by an earlier run)."""
        return not self.failed

    @property
    def n_tables(self) -> int:
        return sum(f.tables for f in self.files)


class BatchStarted(Frozen):
    """The inputs are known: ``files`` lists them in the order they are reported."""

    kind: Literal["batch_started"] = "batch_started"
    files: tuple[str, ...]
    out_dir: str


class FileStarted(Frozen):
    """Input ``index`` (0-based) of ``total`` is being read."""

    kind: Literal["file_started"] = "file_started"
    path: str
    index: int = Field(ge=0)
    total: int = Field(ge=1)


class PageDone(Frozen):
    """Page ``page`` (1-based number) of ``path`` was read: the ``done``-th of the ``total`` selected."""

    kind: Literal["page_done"] = "page_done"
    path: str
    page: int = Field(ge=1)
    done: int = Field(ge=1)
    total: int = Field(ge=1)


class FileFinished(Frozen):
    """An input was read and its outputs written (``result.status == "ok"``)."""

    kind: Literal["file_finished"] = "file_finished"
    result: FileResult


class FileFailed(Frozen):
    """An input could not be used; ``result.error`` says why. The batch goes on."""

    kind: Literal["file_failed"] = "file_failed"
    result: FileResult


class FileSkipped(Frozen):
    """The journal shows this input done with the same options; its outputs are still there."""

    kind: Literal["file_skipped"] = "file_skipped"
    result: FileResult


BatchEvent: TypeAlias = Annotated[
    BatchStarted | FileStarted | PageDone | FileFinished | FileFailed | FileSkipped, Field(discriminator="kind")
]
"""What ``on_event`` receives; ``kind`` tells them apart (``TypeAdapter(BatchEvent)`` reads them back)."""

_Emit: TypeAlias = Callable[[BatchEvent], None]
_Pages: TypeAlias = str | tuple[int, ...] | None


@dataclass(frozen=True)
class _Options:
    formats: tuple[Format, ...]
    pages: _Pages
    password: str | None

    def key_data(self) -> dict[str, Any]:
        """What shapes the output. The password does not: any password that opens the file reads the same."""
        pages = list(self.pages) if isinstance(self.pages, tuple) else self.pages
        return {"formats": sorted(self.formats), "pages": pages}


class _KeyedOptions(Protocol):
    def key_data(self) -> dict[str, Any]: ...


_O = TypeVar("_O", bound=_KeyedOptions)


@dataclass(frozen=True)
class BatchJob(Generic[_O]):
    """One file of a batch: where it is, the folder it writes, its journal key and the batch's options."""

    index: int
    path: str
    source: str
    folder: Path
    key: str | None
    opts: _O


_Job: TypeAlias = "BatchJob[_Options]"


class _CallbackFailed(Exception):
    """Carries an exception raised by the caller's ``on_event`` through the per-file error handling."""

    def __init__(self, error: Exception) -> None:
        super().__init__(error)
        self.error = error


def extract_tables_batch(
    paths: str | Path | Iterable[str | Path],
    *,
    out_dir: str | Path,
    formats: str | Iterable[Format] = ("csv", "json", "md"),
    pages: str | Iterable[int] | None = None,
    password: str | None = None,
    workers: int = 1,
    on_event: Callable[[BatchEvent], None] | None = None,
) -> BatchReport:
    """Extract the tables of every PDF in ``paths`` into ``out_dir``; return a :class:`BatchReport`.

    ``paths`` holds files and folders (a folder stands for its ``*.pdf`` files, sorted). ``formats``
    picks the outputs (``"csv,md"`` works too); ``pages`` and ``password`` apply to every file as in
    :func:`~tools.pdf.extract_tables`. ``workers > 1`` reads files in that many spawned processes (so a
    script calling it needs the usual ``if __name__ == "__main__":`` guard). ``on_event``
    receives :data:`BatchEvent` values as the work goes. A bad input (missing, corrupt, encrypted,
    empty, a folder without PDFs) becomes a ``failed`` :class:`FileResult` and the batch goes on;
    a rerun skips inputs the journal lists as done. Raises :class:`~model.errors.ConfigError` before
    any work for bad options, an unusable ``out_dir``, or one another batch is writing to.

    >>> report = extract_tables_batch(["invoices/"], out_dir="out", formats=("csv",))  # doctest: +SKIP
    >>> [(f.path, f.status, f.tables) for f in report.files]  # doctest: +SKIP
    [('invoices/a.pdf', 'ok', 2), ('invoices/b.pdf', 'failed', 0)]
    """
    started = time.perf_counter()
    opts = _Options(formats=check_formats(formats, _FORMATS), pages=_check_pages(pages), password=password)
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ConfigError(f"workers={workers!r}: must be a whole number >= 1", name="workers", value=workers)
    items = _expand([paths] if isinstance(paths, str | Path) else list(paths))
    if not items:
        raise ConfigError("paths: no input given (pass PDF files or folders of PDFs)", name="paths", value=paths)
    out = Path(out_dir)
    emit: _Emit = on_event or _ignore
    return run_batch(items, opts, out, workers=workers, emit=emit, started=started, run_job=_run_job, skipped=_skipped,
                     journal_entry=lambda job, key, result: _entry(job, key, result, out=out,
                                                                   options=opts.key_data()))


def run_batch(
    items: list[tuple[str, InputError | None]],
    opts: _O,
    out: Path,
    *,
    workers: int,
    emit: _Emit,
    started: float,
    run_job: Callable[[BatchJob[_O], Callable[[PageDone], None]], FileResult],
    skipped: Callable[[str, JournalEntry, Path], FileResult],
    journal_entry: Callable[[BatchJob[_O], str, FileResult], JournalEntry],
) -> BatchReport:
    """Drive a batch of files: journal, skips, events, one process per file (``workers`` > 1) and crashes.

    Every PDF batch (tables, charts) shares it; ``run_job`` reads and writes one file (a module-level
    function, so worker processes can run it), ``skipped`` rebuilds a result from the journal,
    ``journal_entry`` is the journal line of a finished file.
    """
    results: dict[int, FileResult] = {}
    with Journal.open(out) as journal:
        emit(BatchStarted(files=tuple(p for p, _ in items), out_dir=str(out)))
        jobs: list[BatchJob[_O]] = []
        claimed = journal.folders()
        for index, (path, error) in enumerate(items):
            if error is not None:
                results[index] = _failed(path, error, 0.0)
                emit(FileFailed(result=results[index]))
                continue
            source, key = _identity(path, opts)
            entry = journal.done(key) if key else None
            if entry is not None and all((out / o).is_file() for o in entry.outputs):
                results[index] = skipped(path, entry, out)
                emit(FileSkipped(result=results[index]))
                continue
            name = journal.folder_of(source) or _free_name(Path(path).stem, source, claimed)
            claimed[name.lower()] = source
            jobs.append(BatchJob(index=index, path=path, source=source, folder=out / name, key=key, opts=opts))

        def finish(job: BatchJob[_O], result: FileResult) -> None:
            results[job.index] = result
            if job.key is not None:
                journal.append(journal_entry(job, job.key, result))
            emit(FileFinished(result=result) if result.status == "ok" else FileFailed(result=result))

        def start(job: BatchJob[_O]) -> None:
            emit(FileStarted(path=job.path, index=job.index, total=len(items)))

        def crashed(job: BatchJob[_O]) -> None:
            reason = "made the reading process die twice (the PDF library crashed, or it was killed)"
            finish(job, _failed(job.path, CorruptDocument(job.path, reason), 0.0))

        if workers == 1 or len(jobs) <= 1:
            for job in jobs:
                start(job)
                try:
                    result = run_job(job, emit)
                except _CallbackFailed as exc:  # the caller's on_event raised: theirs to handle
                    raise exc.error from None
                finish(job, result)
        else:
            run_pool(jobs, work=run_job, workers=workers, label=lambda j: j.path, on_start=start,
                     on_message=lambda m: emit(m) if isinstance(m, PageDone) else None, on_result=finish,
                     on_crash=crashed)
    files = tuple(results[i] for i in range(len(items)))
    return BatchReport(out_dir=str(out), journal=str(journal.path), files=files, seconds=time.perf_counter() - started)


def _ignore(event: BatchEvent) -> None:
    return None


_F = TypeVar("_F", bound=str)


def check_formats(formats: str | Iterable[str], known: tuple[_F, ...]) -> tuple[_F, ...]:
    """The chosen export formats (a list, or comma-separated text) in ``known``'s order; ConfigError names a bad one."""
    given = [f.strip() for f in formats.split(",") if f.strip()] if isinstance(formats, str) else list(formats)
    bad = [f for f in given if f not in known]
    if bad or not given:
        raise ConfigError(
            f"formats={given!r}: {'unknown ' + repr(bad[0]) if bad else 'none given'}; choose from {', '.join(known)}",
            name="formats",
            value=formats,
        )
    return tuple(f for f in known if f in given)


def _check_pages(pages: str | Iterable[int] | None) -> _Pages:
    """Validate the selection's syntax once, before any file, so a typo does not fail every input."""
    check_pages(pages)
    if pages is None:
        return None
    return pages.replace(" ", "") if isinstance(pages, str) else tuple(pages)


def _expand(paths: list[str | Path]) -> list[tuple[str, InputError | None]]:
    """Inputs as ``(path, error)``: folders become their PDFs, repeats of one file are dropped."""
    items: list[tuple[str, InputError | None]] = []
    seen: set[Path] = set()
    for given in paths:
        p = Path(given)
        if p.is_dir():
            pdfs = sorted(c for c in p.iterdir() if c.suffix.lower() == ".pdf" and c.is_file())
            if not pdfs:
                items.append((str(p), EmptyDocument(p, "is a folder with no *.pdf files")))
            members = pdfs
        else:
            members = [p]
        for m in members:
            if (r := m.resolve()) not in seen:
                seen.add(r)
                items.append((str(m), None))
    return items


def _identity(path: str, opts: _KeyedOptions) -> tuple[str, str | None]:
    """The resolved path and the journal key, or no key when the file cannot be stat'ed."""
    source = Path(path).resolve()
    try:
        st = source.stat()
    except OSError:
        return str(source), None
    data = {"source": str(source), "size": st.st_size, "mtime_ns": st.st_mtime_ns, **opts.key_data()}
    return str(source), hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:32]


def _free_name(stem: str, source: str, claimed: dict[str, str]) -> str:
    """``stem``, or ``stem-<hash>`` when another input (now or in the journal) owns that folder."""
    if claimed.get(stem.lower(), source) == source:
        return stem
    return f"{stem}-{hashlib.sha256(source.encode()).hexdigest()[:8]}"


def _skipped(path: str, entry: JournalEntry, out: Path) -> FileResult:
    return FileResult(path=path, status="skipped", n_pages=entry.n_pages, pages=entry.pages, tables=entry.tables,
                      outputs=tuple(str(out / o) for o in entry.outputs), warnings=entry.warnings)


def _entry(job: _Job, key: str, result: FileResult, *, out: Path, options: dict[str, Any]) -> JournalEntry:
    return JournalEntry(
        key=key, source=job.source, folder=job.folder.name, status="ok" if result.status == "ok" else "failed",
        options=options, n_pages=result.n_pages, pages=result.pages, tables=result.tables, warnings=result.warnings,
        outputs=tuple(Path(o).relative_to(out).as_posix() for o in result.outputs), seconds=result.seconds,
        error=result.error.message if result.error else None, at=time.time(),
    )


def _failed(path: str, exc: BaseException, seconds: float) -> FileResult:
    if isinstance(exc, InputError):
        error = FileError(type=type(exc).__name__, message=str(exc), reason=exc.reason)
    else:
        error = FileError(type=type(exc).__name__, message=f"{path}: {exc}", reason=str(exc))
    return FileResult(path=path, status="failed", seconds=seconds, error=error)


_D = TypeVar("_D")


def run_file(
    job: BatchJob[Any],
    on_page: Callable[[PageDone], None],
    *,
    read: Callable[[Callable[[int, int, int], None]], _D],
    write: Callable[[_D], tuple[str, ...]],
    result: Callable[[_D, float, tuple[str, ...]], FileResult],
) -> FileResult:
    """Read one PDF (``read(on_page)``) and write its outputs; every failure comes back as a ``failed`` result.

    Shared by every batch's per-file job; runs in the caller's process or in a pool worker, where
    ``on_page`` sends the event back. ``result`` builds the ok result from the document, the seconds
    taken and the outputs written; an exception from ``on_page`` (the caller's ``on_event``) escapes.
    """
    t0 = time.perf_counter()

    def page_done(page: int, done: int, total: int) -> None:
        try:
            on_page(PageDone(path=job.path, page=page, done=done, total=total))
        except Exception as exc:
            raise _CallbackFailed(exc) from exc

    try:
        doc = read(page_done)
        outputs = write(doc)
    except _CallbackFailed:
        raise
    except (TilepilotError, OSError) as exc:
        logger.info("%s failed: %s", job.path, exc)
        return _failed(job.path, exc, time.perf_counter() - t0)
    except Exception as exc:  # a bug or a library error on a hostile file must not end the batch
        logger.warning("%s failed unexpectedly: %r", job.path, exc, exc_info=True)
        return _failed(job.path, exc, time.perf_counter() - t0)
    return result(doc, time.perf_counter() - t0, outputs)


def _run_job(job: _Job, on_page: Callable[[PageDone], None]) -> FileResult:
    opts = job.opts

    def result(doc: DocumentTables, seconds: float, outputs: tuple[str, ...]) -> FileResult:
        logger.info("%s: %d tables from %d pages in %.2fs", job.path, len(doc.tables), len(doc.pages), seconds)
        return FileResult(path=job.path, status="ok", n_pages=doc.n_pages, pages=len(doc.pages),
                          tables=len(doc.tables), seconds=seconds, outputs=outputs, warnings=doc.warnings)  # fmt: skip

    return run_file(job, on_page, result=result,
                    read=lambda on: extract_tables(job.path, pages=opts.pages, password=opts.password, on_page=on),
                    write=lambda doc: _write_outputs(doc, job.folder, opts.formats))  # fmt: skip


def _write_outputs(doc: DocumentTables, folder: Path, formats: tuple[Format, ...]) -> tuple[str, ...]:
    """Write the chosen exports atomically, then drop outputs an earlier run left that this one did not write."""
    return write_exports(folder, doc.tables, item="table", formats=formats, export=_EXPORT, whole=doc.to_json,
                         known=_FORMATS)  # fmt: skip


def write_exports(
    folder: Path, items: Sequence[Any], *, item: str, formats: Sequence[str], export: Mapping[str, str],
    whole: Callable[[], str], known: Sequence[str],
) -> tuple[str, ...]:  # fmt: skip
    """``<item>-<k>.<fmt>`` per item and format (``export[fmt]`` names its method) and ``<item>s.json`` from
    ``whole`` when ``json`` is chosen, each written atomically; outputs of an earlier run not written now go."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for k, one in enumerate(items, 1):
        for fmt in formats:
            if fmt != "json":
                write_atomic(target := folder / f"{item}-{k}.{fmt}", getattr(one, export[fmt])())
                written.append(target)
    if "json" in formats:
        write_atomic(target := folder / f"{item}s.json", whole())
        written.append(target)
    for old in [*folder.glob(f"{item}-*.*"), folder / f"{item}s.json"]:
        if old not in written and old.suffix.lstrip(".") in known and old.is_file():
            old.unlink()
    fsync_dir(folder)
    fsync_dir(folder.parent)
    return tuple(str(p) for p in written)
