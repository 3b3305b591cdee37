"""``extract_tables_batch`` on real PDFs: outputs, typed failures, events, the journal, workers, crashes."""

from __future__ import annotations

import csv
import fcntl
import io
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pymupdf
import pytest
from pydantic import TypeAdapter

import tools.pdf
from model.errors import ConfigError, OutputError
from perception.document import DocumentTables
from tests.tools.conftest import SECRET, BadCase, Rows, write_table_pdf
from tools.pdf import BatchEvent, BatchReport, BatchStarted, FileResult, Format, extract_tables_batch

ROOT = Path(__file__).resolve().parents[2]
JOURNAL = ".tilepilot-journal.jsonl"
ALL_FORMATS: tuple[Format, ...] = ("csv", "json", "md", "html")


def read_csv(path: Path) -> Rows:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def journal_lines(out: Path) -> list[dict[str, object]]:
    """The complete lines of the journal (a SIGKILL may leave a partial last one)."""
    path = out / JOURNAL
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    return [json.loads(line) for line in text.split("\n")[:-1] if line]


def result_for(report: BatchReport, path: Path) -> FileResult:
    (r,) = [f for f in report.files if f.path == str(path)]
    return r


def write_long_pdf(path: Path, *, label: str, pages: int) -> Rows:
    """``pages`` copies of one table page (copying is much faster than drawing each page)."""
    rows = write_table_pdf(path, label=label)[0]
    doc = pymupdf.open(path)
    for _ in range(pages - 1):
        doc.fullcopy_page(0)
    doc.saveIncr()
    doc.close()
    return rows


@dataclass(frozen=True)
class Mixed:
    report: BatchReport
    events: list[BatchEvent]
    out: Path
    report_pdf: Path
    report_rows: list[Rows]
    poster_pdf: Path
    poster_rows: list[Rows]


@pytest.fixture(scope="module")
def mixed(bad_inputs: dict[str, BadCase], tmp_path_factory: pytest.TempPathFactory) -> Mixed:
    """One serial batch over two good PDFs with every bad input between them."""
    good = tmp_path_factory.mktemp("good")
    report_rows = write_table_pdf(good / "report.pdf", label="rep", pages=3)
    poster_rows = write_table_pdf(good / "poster.pdf", label="big", size=(5000, 5000), at=(4000, 4500))
    out = tmp_path_factory.mktemp("out")
    events: list[BatchEvent] = []
    paths = [good / "report.pdf", *(c.path for c in bad_inputs.values()), good / "poster.pdf"]
    report = extract_tables_batch(paths, out_dir=out, formats=ALL_FORMATS, on_event=events.append)
    return Mixed(report, events, out, good / "report.pdf", report_rows, good / "poster.pdf", poster_rows)


@pytest.mark.parametrize(
    "case", ["truncated", "garbage", "garbage_header", "empty_file", "encrypted", "zero_pages", "png", "missing",
             "no_pdf_dir"]
)
def test_each_bad_input_is_a_typed_failure_naming_file_and_reason(
    mixed: Mixed, bad_inputs: dict[str, BadCase], case: str
) -> None:
    bad = bad_inputs[case]
    r = result_for(mixed.report, bad.path)
    assert r.status == "failed" and r.error is not None
    assert r.error.type == bad.error
    assert bad.reason in r.error.reason
    assert str(bad.path) in r.error.message and bad.reason in r.error.message
    assert r.outputs == () and r.tables == 0
    assert not (mixed.out / bad.path.stem).exists()


def test_pdf_truncated_mid_file_is_a_typed_failure(tmp_path: Path) -> None:
    write_table_pdf(tmp_path / "whole.pdf", label="cut", pages=2)
    data = (tmp_path / "whole.pdf").read_bytes()
    (tmp_path / "cut.pdf").write_bytes(data[: len(data) * 6 // 10])
    report = extract_tables_batch([tmp_path / "cut.pdf"], out_dir=tmp_path / "out")
    assert report.files[0].status == "failed"


def test_good_files_are_extracted_despite_the_bad_ones(mixed: Mixed) -> None:
    r = result_for(mixed.report, mixed.report_pdf)
    assert (r.status, r.n_pages, r.pages, r.tables) == ("ok", 3, 3, 3)
    folder = mixed.out / "report"
    for k, rows in enumerate(mixed.report_rows, 1):
        assert read_csv(folder / f"table-{k}.csv") == rows
        md = (folder / f"table-{k}.md").read_text()
        assert md.startswith("| Item | Qty | Price |") and f"| {rows[1][0]} | {rows[1][1]} | {rows[1][2]} |" in md
        assert f"<td>{rows[3][0]}</td>" in (folder / f"table-{k}.html").read_text()
    doc = DocumentTables.model_validate_json((folder / "tables.json").read_text())
    assert [t.to_rows() for t in doc.tables] == mixed.report_rows
    expected_files = {f"table-{k}.{f}" for k in (1, 2, 3) for f in ("csv", "md", "html")} | {"tables.json"}
    assert {p.name for p in folder.iterdir()} == expected_files
    assert sorted(r.outputs) == sorted(str(folder / n) for n in expected_files)


def test_a_5000_point_page_works(mixed: Mixed) -> None:
    r = result_for(mixed.report, mixed.poster_pdf)
    assert (r.status, r.tables) == ("ok", 1)
    assert read_csv(mixed.out / "poster" / "table-1.csv") == mixed.poster_rows[0]
    (table,) = DocumentTables.model_validate_json((mixed.out / "poster" / "tables.json").read_text()).tables
    assert table.bbox.x0 == pytest.approx(4000, abs=3) and table.bbox.y0 == pytest.approx(4500, abs=3)


def test_report_lists_inputs_in_order(mixed: Mixed, bad_inputs: dict[str, BadCase]) -> None:
    assert [f.path for f in mixed.report.files] == [
        str(mixed.report_pdf), *(str(c.path) for c in bad_inputs.values()), str(mixed.poster_pdf)
    ]
    assert len(mixed.report.failed) == len(bad_inputs) and len(mixed.report.ok) == 2
    assert not mixed.report.all_ok and mixed.report.n_tables == 4
    assert mixed.report.journal == str(mixed.out / JOURNAL)


def test_events_tell_the_story_of_each_file(mixed: Mixed) -> None:
    first = mixed.events[0]
    assert isinstance(first, BatchStarted) and first.files == tuple(f.path for f in mixed.report.files)
    ends = [e for e in mixed.events if e.kind in ("file_finished", "file_failed", "file_skipped")]
    assert sorted(e.result.path for e in ends) == sorted(f.path for f in mixed.report.files)
    mine = [e for e in mixed.events if getattr(e, "path", None) == str(mixed.report_pdf)
            or (hasattr(e, "result") and e.result.path == str(mixed.report_pdf))]
    assert [e.kind for e in mine] == ["file_started", "page_done", "page_done", "page_done", "file_finished"]
    assert [(e.page, e.done, e.total) for e in mine if e.kind == "page_done"] == [(1, 1, 3), (2, 2, 3), (3, 3, 3)]
    adapter: TypeAdapter[BatchEvent] = TypeAdapter(BatchEvent)
    assert [adapter.validate_json(e.model_dump_json()) for e in mixed.events] == mixed.events


def test_journal_has_one_line_per_finished_file(mixed: Mixed) -> None:
    lines = journal_lines(mixed.out)
    ok = {str(line["source"]) for line in lines if line["status"] == "ok"}
    assert ok == {str(mixed.report_pdf.resolve()), str(mixed.poster_pdf.resolve())}
    assert len([line for line in lines if line["status"] == "ok"]) == 2


def test_password_opens_encrypted_files(bad_inputs: dict[str, BadCase], tmp_path: Path) -> None:
    plain_rows = write_table_pdf(tmp_path / "plain.pdf", label="plain")
    encrypted = bad_inputs["encrypted"].path
    report = extract_tables_batch([encrypted, tmp_path / "plain.pdf"], out_dir=tmp_path / "out", password=SECRET)
    assert [f.status for f in report.files] == ["ok", "ok"]
    assert read_csv(tmp_path / "out" / "encrypted" / "table-1.csv")[1][0] == "enc-p1-r1"
    assert read_csv(tmp_path / "out" / "plain" / "table-1.csv") == plain_rows[0]
    wrong = extract_tables_batch([encrypted], out_dir=tmp_path / "out2", password="not-it")
    error = wrong.files[0].error
    assert error is not None and error.type == "EncryptedDocument" and "password given does not open it" in error.reason


def test_rerun_skips_done_files_and_redoes_changed_ones(tmp_path: Path) -> None:
    a_rows = write_table_pdf(tmp_path / "a.pdf", label="a", pages=3)
    write_table_pdf(tmp_path / "b.pdf", label="b")
    out = tmp_path / "out"
    first = extract_tables_batch([tmp_path], out_dir=out, formats=("csv", "md"))
    assert [f.status for f in first.files] == ["ok", "ok"]
    again = extract_tables_batch([tmp_path], out_dir=out, formats="md,csv")  # same options, other spelling
    assert [f.status for f in again.files] == ["skipped", "skipped"]
    assert [f.outputs for f in again.files] == [f.outputs for f in first.files]
    assert again.files[0].tables == 3 and again.n_tables == 4
    assert len(journal_lines(out)) == 2

    time.sleep(0.01)  # a new mtime even on coarse clocks
    new_rows = write_table_pdf(tmp_path / "a.pdf", label="a2", pages=1)  # the file changed: one table now
    third = extract_tables_batch([tmp_path], out_dir=out, formats=("csv", "md"))
    assert [f.status for f in third.files] == ["ok", "skipped"]
    assert read_csv(out / "a" / "table-1.csv") == new_rows[0] != a_rows[0]
    assert sorted(p.name for p in (out / "a").iterdir()) == ["table-1.csv", "table-1.md"]  # stale tables gone

    fourth = extract_tables_batch([tmp_path], out_dir=out, formats=("json",))  # other options: redo, drop old formats
    assert [f.status for f in fourth.files] == ["ok", "ok"]
    assert sorted(p.name for p in (out / "b").iterdir()) == ["tables.json"]

    (out / "b" / "tables.json").unlink()  # an output the journal lists is gone: redo that file
    fifth = extract_tables_batch([tmp_path], out_dir=out, formats=("json",))
    assert [f.status for f in fifth.files] == ["skipped", "ok"]
    assert (out / "b" / "tables.json").is_file()


def test_leftovers_of_an_interrupted_run_are_cleaned(tmp_path: Path) -> None:
    rows = write_table_pdf(tmp_path / "a.pdf", label="a")
    out = tmp_path / "out"
    (out / "a").mkdir(parents=True)
    (out / "a" / ".tp-tmp-table-1.csv.1a2b3c4d.tmp").write_text("Item,Qty")  # an atomic write cut short
    (out / JOURNAL).write_text('{"v":1,"key":"abc","source":"/x.pdf","fol')  # an append cut short
    report = extract_tables_batch([tmp_path / "a.pdf"], out_dir=out, formats=("csv",))
    assert report.files[0].status == "ok"
    assert read_csv(out / "a" / "table-1.csv") == rows[0]
    assert not list(out.rglob(".tp-tmp-*"))
    assert [line["status"] for line in journal_lines(out)] == ["ok"]
    assert (out / JOURNAL).read_text().endswith("\n")


def test_an_out_dir_in_use_by_another_batch_is_refused(tmp_path: Path) -> None:
    write_table_pdf(tmp_path / "a.pdf", label="a")
    out = tmp_path / "out"
    out.mkdir()
    fd = os.open(out / ".tilepilot-journal.lock", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with pytest.raises(OutputError, match="in use by another running batch") as info:
            extract_tables_batch([tmp_path / "a.pdf"], out_dir=out)
        assert info.value.path == str(out)
    finally:
        os.close(fd)
    assert extract_tables_batch([tmp_path / "a.pdf"], out_dir=out).all_ok


@pytest.mark.parametrize(
    ("options", "name", "match"),
    [
        ({"formats": ("csv", "xls")}, "formats", "unknown 'xls'; choose from csv, json, md, html"),
        ({"formats": ""}, "formats", "none given"),
        ({"pages": "3-1"}, "pages", "pages='3-1': '3-1' is not an increasing"),
        ({"pages": "1-2,x"}, "pages", "pages='1-2,x': cannot read 'x'"),
        ({"pages": [0]}, "pages", "0 is not a 1-based page number"),
        ({"workers": 0}, "workers", "workers=0"),
        ({"paths": []}, "paths", "no input given"),
    ],
)
def test_bad_options_raise_before_any_work(tmp_path: Path, options: dict[str, object], name: str, match: str) -> None:
    write_table_pdf(tmp_path / "a.pdf", label="a")
    kwargs: dict[str, object] = {"paths": [tmp_path / "a.pdf"], "out_dir": tmp_path / "out", **options}
    with pytest.raises(ConfigError, match=match) as info:
        extract_tables_batch(**kwargs)  # type: ignore[arg-type]
    assert info.value.name == name
    assert not (tmp_path / "out").exists()


def test_an_out_dir_that_is_a_file_is_refused(tmp_path: Path) -> None:
    write_table_pdf(tmp_path / "a.pdf", label="a")
    (tmp_path / "out").write_text("a file")
    with pytest.raises(ConfigError, match="is a file; give a folder"):
        extract_tables_batch([tmp_path / "a.pdf"], out_dir=tmp_path / "out")


def test_page_selection_applies_to_every_file(tmp_path: Path) -> None:
    rows = write_table_pdf(tmp_path / "three.pdf", label="t", pages=3)
    write_table_pdf(tmp_path / "one.pdf", label="o")
    report = extract_tables_batch([tmp_path / "three.pdf", tmp_path / "one.pdf"], out_dir=tmp_path / "out",
                                  pages="2-3", formats=("csv",))
    three, one = report.files
    assert (three.status, three.pages, three.n_pages, three.tables) == ("ok", 2, 3, 2)
    assert read_csv(tmp_path / "out" / "three" / "table-1.csv") == rows[1]
    assert one.status == "failed" and one.error is not None and one.error.type == "ConfigError"
    assert str(tmp_path / "one.pdf") in one.error.message and "selects no page of a 1-page document" in one.error.message


def test_repeated_inputs_run_once_and_same_names_get_own_folders(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    x_rows = write_table_pdf(tmp_path / "x" / "doc.pdf", label="x")
    y_rows = write_table_pdf(tmp_path / "y" / "doc.pdf", label="y")
    out = tmp_path / "out"
    report = extract_tables_batch([tmp_path / "x", tmp_path / "x" / "doc.pdf", tmp_path / "y"], out_dir=out)
    assert [f.path for f in report.files] == [str(tmp_path / "x" / "doc.pdf"), str(tmp_path / "y" / "doc.pdf")]
    folders = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert folders[0] == "doc" and folders[1].startswith("doc-") and len(folders) == 2
    assert read_csv(out / "doc" / "table-1.csv") == x_rows[0]
    assert read_csv(out / folders[1] / "table-1.csv") == y_rows[0]
    again = extract_tables_batch([tmp_path / "y", tmp_path / "x"], out_dir=out)  # order changed: folders stay
    assert [f.status for f in again.files] == ["skipped", "skipped"]
    assert again.files[0].outputs[0].startswith(str(out / folders[1]))


def test_workers_give_the_same_results_and_events(tmp_path: Path, bad_inputs: dict[str, BadCase]) -> None:
    expected = {f"w{i}": write_table_pdf(tmp_path / f"w{i}.pdf", label=f"w{i}", pages=i + 1) for i in range(4)}
    paths = [*(tmp_path / f"{name}.pdf" for name in expected), bad_inputs["png"].path]
    events: list[BatchEvent] = []
    report = extract_tables_batch(paths, out_dir=tmp_path / "out", formats=("csv",), workers=2,
                                  on_event=events.append)
    assert [f.status for f in report.files] == ["ok", "ok", "ok", "ok", "failed"]
    for name, rows in expected.items():
        assert [read_csv(tmp_path / "out" / name / f"table-{k}.csv") for k in range(1, len(rows) + 1)] == rows
    for path in paths[:4]:
        mine = [e for e in events if getattr(e, "path", None) == str(path)
                or (hasattr(e, "result") and e.result.path == str(path))]
        n = result_for(report, path).pages
        assert [e.kind for e in mine] == ["file_started", *["page_done"] * n, "file_finished"]
    assert report.files[4].error is not None and report.files[4].error.type == "CorruptDocument"


def test_a_dying_worker_fails_only_its_file(tmp_path: Path) -> None:
    """Kill every worker whenever the long file reports a page: it fails (twice dead), the others are retried.

    The long file is long enough (2000 pages, seconds of reading) that its worker cannot finish it between
    reporting a page and being killed; the retry's reports come on a fresh queue, so it is killed as well.
    """
    write_long_pdf(tmp_path / "long.pdf", label="long", pages=2000)
    short = {f"s{i}": write_table_pdf(tmp_path / f"s{i}.pdf", label=f"s{i}") for i in range(3)}
    paths = [tmp_path / "long.pdf", *(tmp_path / f"{n}.pdf" for n in short)]

    def kill_workers(event: BatchEvent) -> None:
        if event.kind == "page_done" and event.path == str(tmp_path / "long.pdf"):
            for child in multiprocessing.active_children():
                os.kill(child.pid or 0, signal.SIGKILL)

    report = extract_tables_batch(paths, out_dir=tmp_path / "out", formats=("json",), workers=2,
                                  on_event=kill_workers)
    long = report.files[0]
    assert long.status == "failed" and long.error is not None and long.error.type == "CorruptDocument"
    assert "die twice" in long.error.reason and str(tmp_path / "long.pdf") in long.error.message
    assert [f.status for f in report.files[1:]] == ["ok", "ok", "ok"]
    for name, rows in short.items():
        doc = DocumentTables.model_validate_json((tmp_path / "out" / name / "tables.json").read_text())
        assert [t.to_rows() for t in doc.tables] == rows


def test_progress_keeps_coming_after_a_worker_dies(tmp_path: Path) -> None:
    """A worker killed mid-message must not silence the workers after it (they write to a fresh queue)."""
    write_long_pdf(tmp_path / "long.pdf", label="long", pages=2000)
    for i in range(3):
        write_table_pdf(tmp_path / f"s{i}.pdf", label=f"s{i}", pages=2)
    paths = [tmp_path / "long.pdf", *(tmp_path / f"s{i}.pdf" for i in range(3))]
    events: list[BatchEvent] = []
    killed: list[bool] = []

    def kill_once(event: BatchEvent) -> None:
        events.append(event)
        if event.kind == "page_done" and event.path == str(tmp_path / "long.pdf") and not killed:
            killed.append(True)
            for child in multiprocessing.active_children():
                os.kill(child.pid or 0, signal.SIGKILL)

    report = extract_tables_batch(paths, out_dir=tmp_path / "out", formats=("json",), workers=2, on_event=kill_once)
    assert [f.status for f in report.files] == ["ok", "ok", "ok", "ok"]
    assert killed
    for path in paths:  # the attempt that finished reported every page, whether it ran before the kill or after
        last = max(i for i, e in enumerate(events) if e.kind == "file_started" and e.path == str(path))
        done = [e for e in events[last:] if e.kind == "page_done" and e.path == str(path)]
        assert {e.page for e in done} == set(range(1, result_for(report, path).pages + 1)), path.name


def test_an_exception_in_on_event_ends_the_batch_and_a_rerun_finishes(tmp_path: Path) -> None:
    for i in range(3):
        write_table_pdf(tmp_path / f"f{i}.pdf", label=f"f{i}", pages=2)

    def boom(event: BatchEvent) -> None:
        if event.kind == "page_done" and event.path.endswith("f1.pdf"):
            raise RuntimeError("renderer broke")

    with pytest.raises(RuntimeError, match="renderer broke"):
        extract_tables_batch([tmp_path], out_dir=tmp_path / "out", on_event=boom)
    assert [line["source"] for line in journal_lines(tmp_path / "out")] == [str((tmp_path / "f0.pdf").resolve())]
    report = extract_tables_batch([tmp_path], out_dir=tmp_path / "out")
    assert [f.status for f in report.files] == ["skipped", "ok", "ok"]


def test_public_names_are_exported() -> None:
    for name in ("extract_tables_batch", "BatchReport", "FileResult", "BatchEvent", "BatchStarted", "FileStarted",
                 "PageDone", "FileFinished", "FileFailed", "FileSkipped"):
        assert name in tools.pdf.__all__ and hasattr(tools.pdf, name)


def test_sigkill_mid_batch_then_rerun_does_each_file_exactly_once(tmp_path: Path) -> None:
    """Run the CLI over 12 PDFs, SIGKILL it once some (not all) are journaled, rerun, check everything."""
    src = tmp_path / "in"
    src.mkdir()
    expected = {f"doc{i:02d}": write_long_pdf(src / f"doc{i:02d}.pdf", label=f"d{i}", pages=25) for i in range(12)}
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "agent.cli", "tables", str(src), "--out", str(out), "--workers", "1",
           "--format", "csv,json"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    try:
        while not 1 <= len(journal_lines(out)) < 12:
            assert proc.poll() is None, f"the batch ended before it could be killed: {proc.communicate()[1]!r}"
            assert time.monotonic() < deadline, "the journal never showed progress"
            time.sleep(0.002)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    done_before = {str(line["source"]) for line in journal_lines(out)}
    assert 1 <= len(done_before) < 12

    rerun = subprocess.run(cmd, check=False, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert rerun.returncode == 0, rerun.stderr
    status = [line.split()[0] for line in rerun.stdout.splitlines() if line.startswith(("ok ", "skipped ", "failed "))]
    assert sorted(status) == sorted(["skipped"] * len(done_before) + ["ok"] * (12 - len(done_before)))

    lines = journal_lines(out)
    assert len(lines) == 12 and all(line["status"] == "ok" for line in lines)
    assert sorted(str(line["source"]) for line in lines) == sorted(str((src / f"{n}.pdf").resolve()) for n in expected)
    assert not list(out.rglob(".tp-tmp-*"))
    for name, rows in expected.items():
        folder = out / name
        assert sorted(p.name for p in folder.iterdir()) == sorted(
            [*(f"table-{k}.csv" for k in range(1, 26)), "tables.json"]
        )
        assert all(read_csv(folder / f"table-{k}.csv") == rows for k in range(1, 26))
        doc = DocumentTables.model_validate_json((folder / "tables.json").read_text())
        assert len(doc.tables) == 25 and doc.tables[-1].to_rows() == rows
