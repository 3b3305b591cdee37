"""The ``tilepilot`` command, run as a subprocess: exit statuses 0/1/2, status lines, summary, outputs."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from tests.tools.conftest import SECRET, BadCase, write_bad_inputs, write_table_pdf

ROOT = Path(__file__).resolve().parents[2]
TILEPILOT = Path(sys.executable).parent / "tilepilot"


def tilepilot(*args: str | Path, script: bool = False) -> subprocess.CompletedProcess[str]:
    """Run the command (``python -m agent.cli``, or the installed console script) and capture its output."""
    head = [str(TILEPILOT)] if script else [sys.executable, "-m", "agent.cli"]
    return subprocess.run([*head, *map(str, args)], check=False, cwd=ROOT, capture_output=True, text=True, timeout=120)


def status_lines(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.startswith(("ok ", "skipped ", "failed "))]


def read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pdfs")
    write_table_pdf(folder / "alpha.pdf", label="alpha", pages=2)
    write_table_pdf(folder / "beta.pdf", label="beta")
    return folder


@pytest.fixture(scope="module")
def bad(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BadCase]:
    return write_bad_inputs(tmp_path_factory.mktemp("bad"))


def test_version_from_the_console_script() -> None:
    if not TILEPILOT.exists():
        pytest.skip(f"no console script at {TILEPILOT}: pip install -e .")
    run = tilepilot("--version", script=True)
    assert run.returncode == 0
    assert run.stdout.strip() == f"tilepilot {metadata.version('tilepilot')}"


def test_all_files_ok_exits_0_with_status_lines_summary_and_outputs(pdfs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run = tilepilot("tables", pdfs, "--out", out, "--format", "csv,json,md,html")
    assert run.returncode == 0, run.stderr
    alpha, beta = status_lines(run.stdout)
    assert re.fullmatch(rf"ok      {re.escape(str(pdfs / 'alpha.pdf'))}: 2 tables from 2 pages in \d+\.\d\ds", alpha)
    assert re.fullmatch(rf"ok      {re.escape(str(pdfs / 'beta.pdf'))}: 1 table from 1 page in \d+\.\d\ds", beta)
    rows = [line.split("│")[1:-1] for line in run.stdout.splitlines() if line.startswith("│")]
    assert [[c.strip() for c in r][:4] for r in rows] == [["alpha.pdf", "2", "2", "ok"], ["beta.pdf", "1", "1", "ok"]]
    assert "2 files: 2 ok, 0 skipped, 0 failed; 3 tables in" in run.stdout
    assert read_csv(out / "alpha" / "table-2.csv")[1] == ["alpha-p2-r1", "2", "2.50"]
    assert "| beta-p1-r3 | 3 | 3.75 |" in (out / "beta" / "table-1.md").read_text()
    assert "<td>beta-p1-r2</td>" in (out / "beta" / "table-1.html").read_text()
    assert '"beta-p1-r1"' in (out / "beta" / "tables.json").read_text()

    again = tilepilot("tables", pdfs, "--out", out, "--format", "html,md,json,csv")
    assert again.returncode == 0
    assert [line.split()[0] for line in status_lines(again.stdout)] == ["skipped", "skipped"]
    assert "done by an earlier run" in again.stdout


def test_bad_inputs_exit_1_naming_each_file_and_reason(bad: dict[str, BadCase], pdfs: Path, tmp_path: Path) -> None:
    run = tilepilot("tables", *(c.path for c in bad.values()), pdfs / "beta.pdf", "--out", tmp_path / "out")
    assert run.returncode == 1
    lines = status_lines(run.stdout)
    assert len(lines) == len(bad) + 1
    for case in bad.values():
        (line,) = [x for x in lines if f" {case.path}:" in x]
        assert line.startswith(f"failed  {case.error}: {case.path}: ") and case.reason in line
    assert f"ok      {pdfs / 'beta.pdf'}: 1 table from 1 page" in run.stdout
    assert f"{len(bad) + 1} files: 1 ok, 0 skipped, {len(bad)} failed" in run.stdout
    assert "Traceback" not in run.stderr
    assert read_csv(tmp_path / "out" / "beta" / "table-1.csv")[0] == ["Item", "Qty", "Price"]


def test_password_opens_encrypted_pdfs(bad: dict[str, BadCase], tmp_path: Path) -> None:
    run = tilepilot("tables", bad["encrypted"].path, "--out", tmp_path / "out", "--password", SECRET, "--format", "csv")
    assert run.returncode == 0, run.stdout
    assert read_csv(tmp_path / "out" / "encrypted" / "table-1.csv")[1] == ["enc-p1-r1", "1", "1.25"]
    wrong = tilepilot("tables", bad["encrypted"].path, "--out", tmp_path / "out2", "--password", "nope")
    assert wrong.returncode == 1
    assert "EncryptedDocument" in wrong.stdout and "the password given does not open it" in wrong.stdout


def test_pages_and_workers(pdfs: Path, tmp_path: Path) -> None:
    run = tilepilot("tables", pdfs, "--out", tmp_path / "out", "--pages", "2", "--workers", "2", "--format", "csv")
    assert run.returncode == 1  # beta.pdf has no page 2
    assert f"ok      {pdfs / 'alpha.pdf'}: 1 table from 1 page" in run.stdout
    assert f"failed  ConfigError: {pdfs / 'beta.pdf'}: pages='2' selects no page of a 1-page document" in run.stdout
    assert read_csv(tmp_path / "out" / "alpha" / "table-1.csv")[1] == ["alpha-p2-r1", "2", "2.50"]
    assert not (tmp_path / "out" / "alpha" / "table-2.csv").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "tilepilot: error: choose a command"),
        (["tables", "--out", "{out}"], "the following arguments are required: PATH"),
        (["tables", "{pdf}"], "the following arguments are required: --out"),
        (["tables", "{pdf}", "--out", "{out}", "--format", "csv,xls"], "unknown 'xls'; choose from csv, json, md, html"),
        (["tables", "{pdf}", "--out", "{out}", "--pages", "3-1"], "pages='3-1': '3-1' is not an increasing"),
        (["tables", "{pdf}", "--out", "{out}", "--pages", "1,x"], "pages='1,x': cannot read 'x'"),
        (["tables", "{pdf}", "--out", "{out}", "--workers", "0"], "argument --workers: '0' is not a whole number"),
        (["tables", "{pdf}", "--out", "{pdf}"], "is a file; give a folder"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
    ],
)
def test_usage_errors_exit_2_with_one_line(pdfs: Path, tmp_path: Path, args: list[str], message: str) -> None:
    out = tmp_path / "out"
    run = tilepilot(*(a.format(pdf=pdfs / "beta.pdf", out=out) for a in args))
    assert run.returncode == 2
    errors = [line for line in run.stderr.splitlines() if "error:" in line]
    assert len(errors) == 1 and message in errors[0], run.stderr
    assert "Traceback" not in run.stderr and run.stdout == ""
    assert not out.exists()


def test_debug_adds_the_traceback(pdfs: Path, tmp_path: Path) -> None:
    run = tilepilot("tables", pdfs, "--out", tmp_path / "out", "--pages", "x", "--debug")
    assert run.returncode == 2
    assert "Traceback" in run.stderr and "ConfigError" in run.stderr
    assert "tilepilot tables: error: pages='x': cannot read 'x'" in run.stderr
