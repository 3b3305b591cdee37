"""The examples, the demo and the README's code run as a user would run them, and write what they say.

Each runs in a subprocess with the test's interpreter, from a scratch folder, against the sample
PDFs in ``examples/samples/`` (rebuilt by ``examples/make_samples.py``).
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pymupdf
import pytest

from perception.document import DocumentTables

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
SAMPLES = EXAMPLES / "samples"
SAMPLE_NAMES = ["borderless", "korean", "quarterly", "scanned", "shipments"]  # each holds a table
CHART_SAMPLES = ["figures"]  # vector charts, no table
NANUM = Path("/usr/share/fonts/truetype/nanum/NanumGothic.ttf")  # what make_samples.py builds korean.pdf with
RUN_MARK = "<!-- test: run -->"
"""Put this line right above a ```python block in README.md to have the block executed by the tests."""


def run(args: list[str | Path], cwd: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, f"{args} exited {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done


def check_01(out: Path, stdout: str) -> None:
    rows = list(csv.reader((out / "quarterly.csv").read_text(encoding="utf-8").splitlines()))
    revenue = next(r for r in rows if r[0] == "Revenue")
    assert revenue[1:5] == ["18,240", "19,875", "21,310", "23,460"]
    assert (out / "quarterly_dataframe.csv").stat().st_size > 0
    assert "Revenue by quarter" in stdout


def check_02(out: Path, stdout: str) -> None:
    summary = json.loads((out / "korean_summary.json").read_text(encoding="utf-8"))
    assert summary["매출액"][:2] == ["412,350", "463,480"]
    assert summary["영업이익"][:2] == ["52,690", "73,550"]
    assert "| 구분 |" in (out / "korean.md").read_text(encoding="utf-8")


def check_03(out: Path, stdout: str) -> None:
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<b>CorruptDocument</b>" in html  # the script itself, given as a non-PDF
    assert html.count("data:image/png;base64,") >= 2  # quarterly page 1, shipments page(s)
    assert (out / "quarterly" / "tables.json").exists()


def check_04(out: Path, stdout: str) -> None:
    seen = json.loads((out / "errors.json").read_text(encoding="utf-8"))
    assert [e.get("error") for e in seen] == ["EncryptedDocument", None, "CorruptDocument", "ConfigError"]
    assert seen[1]["tables"] >= 1 and seen[3]["argument"] == "pages"


def check_05(out: Path, stdout: str) -> None:
    result = json.loads((out / "result.json").read_text(encoding="utf-8"))
    found = result["found"]
    assert found["아이디 입력란"] == "아이디" and found["the sign in button"] == "로그인"
    assert found["Buy tickets"] == "Buy tickets"  # canvas pixels, read by OCR
    assert found["the Delete button"] is None  # nothing on the page deletes
    assert result["signed_in"] == "환영합니다 kim" and result["final_title"] == "tickets bought"
    shots = sorted(out.glob("ground-*.png"))
    assert len(shots) == 6 and all(p.read_bytes().startswith(b"\x89PNG") for p in shots)


def _check_agent(out: Path, *, password: str, expected: list[dict[str, object]]) -> None:
    """A scripted-agent example: every run verified, the site saw each outcome, traces and report written."""
    result = json.loads((out / "result.json").read_text(encoding="utf-8"))
    assert {name: r["ok"] for name, r in result["runs"].items()} == dict.fromkeys(
        ["login", "search", "booking", "delete", "download"], True
    )
    seen = iter(result["events"])  # in order, each a subset of one event the site logged
    for want in expected:
        assert any(all(e.get(k) == v for k, v in want.items()) for e in seen), f"the site never logged {want}"
    assert "monthly-report.csv" in result["downloads"]
    for name in result["runs"]:
        run_dir = out / "runs" / name
        assert (run_dir / "replay.json").is_file() and (run_dir / "steps" / "000.png").read_bytes()[:4] == b"\x89PNG"
    written = [p for p in (out / "runs").rglob("*") if p.is_file() and p.suffix in (".json", ".jsonl")]
    # the secret as a word of its own: a short numeric one ("1234") also stands inside timings (0.0819712340…)
    secret = re.compile(rf"(?<![\w.]){re.escape(password)}(?!\w)")
    assert written and not [p for p in written if secret.search(p.read_text(encoding="utf-8"))], "a secret leaked"
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") >= 10 and not re.search(r"""(src|href)=["'](?!data:|#)""", html)


def check_06(out: Path, stdout: str) -> None:
    _check_agent(out, password="x9f", expected=[
        {"event": "login", "user": "kiera"}, {"event": "search", "q": "shoes", "page": 2},
        {"event": "booking", "name": "Ada Lovelace", "date": "2024-03-05", "speed": "express", "country": "Japan"},
        {"event": "delete", "row": "Bob Chen"}, {"event": "download", "file": "monthly-report.csv"},
    ])  # fmt: skip
    assert "approve" in stdout  # the delete paused for approval


def check_07(out: Path, stdout: str) -> None:
    _check_agent(out, password="1234", expected=[
        {"event": "login", "user": "kim", "lang": "ko"}, {"event": "search", "q": "신발", "page": 2},
        {"event": "booking", "name": "홍길동", "date": "2024-05-10", "speed": "express", "country": "부산"},
        {"event": "delete", "row": "이서연"}, {"event": "download", "file": "monthly-report.csv"},
    ])  # fmt: skip
    assert "approve" in stdout


CHECKS: dict[str, Callable[[Path, str], None]] = {
    "01_pdf_tables.py": check_01,
    "02_korean_table.py": check_02,
    "03_batch_report.py": check_03,
    "04_errors.py": check_04,
    "05_screen.py": check_05,
    "06_agent.py": check_06,
    "07_agent_ko.py": check_07,
}


def test_every_numbered_example_has_a_check() -> None:
    assert sorted(p.name for p in EXAMPLES.glob("[0-9][0-9]_*.py")) == sorted(CHECKS)


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_example_runs_and_writes_its_files(name: str, tmp_path: Path) -> None:
    done = run([EXAMPLES / name, "--out", tmp_path / "out"], cwd=tmp_path)
    CHECKS[name](tmp_path / "out", done.stdout)


def test_demo_writes_tables_and_report(tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = run([EXAMPLES / "demo.py", "--out", out], cwd=tmp_path)

    total = 0
    for name in SAMPLE_NAMES:
        doc = DocumentTables.model_validate_json((out / name / "tables.json").read_bytes())
        assert doc.tables, f"no table found in {name}.pdf"
        for k in range(1, len(doc.tables) + 1):
            assert (out / name / f"table-{k}.csv").stat().st_size > 0
            assert (out / name / f"table-{k}.md").read_text(encoding="utf-8").startswith("|")
        total += len(doc.tables)
    html = (out / "report.html").read_text(encoding="utf-8")
    n_charts = sum(len(list((out / "charts" / name).glob("chart-*.csv"))) for name in CHART_SAMPLES)
    assert html.count('class="tp-table"') == total + n_charts  # every table, and every chart's data table
    scanned = DocumentTables.model_validate_json((out / "scanned" / "tables.json").read_bytes())
    assert scanned.pages[0].triage is not None and scanned.pages[0].triage.kind == "scanned"
    assert len(scanned.tables) == 1 and "18,240" in scanned.tables[0].to_dataframe().to_string()  # read by OCR
    for name in CHART_SAMPLES:  # the charts, with their data, and drawn into the report
        charts = json.loads((out / "charts" / name / "charts.json").read_text(encoding="utf-8"))
        assert sorted(p.name for p in (out / "charts" / name).glob("chart-*.csv")) == ["chart-1.csv", "chart-2.csv"]
        assert charts and "306" in (out / "charts" / name / "chart-1.csv").read_text(encoding="utf-8")
        months = (out / "charts" / name / "chart-2.csv").read_text(encoding="utf-8")
        assert "1월" in months and "-8" in months  # keys keep their unit words; negatives stay negative
    assert "2 charts" in html and "100% of 8 values exact" in html
    assert "0 failed" in html and not re.search(r"""(src|href)=["'](?!data:|#)""", html)
    assert "report.html" in done.stdout
    # the English and Korean scripted agents ran too, and their steps are in the same report
    assert done.stdout.count("5/5 agent runs verified") == 2
    steps = sum(len(list((out / lang / "runs").glob("*/steps/*.json"))) for lang in ("agent_en", "agent_ko"))
    assert steps >= 20 and html.count('class="tp-step-grid"') == steps


@pytest.mark.skipif(not NANUM.exists(), reason=f"{NANUM} is missing (Debian: apt-get install fonts-nanum)")
def test_samples_match_their_generator(tmp_path: Path) -> None:
    """The committed PDFs are what ``make_samples.py`` builds (compared by their text, page by page)."""
    run([EXAMPLES / "make_samples.py", "--out", tmp_path], cwd=tmp_path)
    for name in SAMPLE_NAMES + CHART_SAMPLES:
        committed, rebuilt = SAMPLES / f"{name}.pdf", tmp_path / f"{name}.pdf"
        limit = 200_000 if name == "scanned" else 100_000  # a page of pixels
        assert committed.stat().st_size < limit, f"{committed} is over {limit // 1000} KB"
        with pymupdf.open(committed) as a, pymupdf.open(rebuilt) as b:
            assert [p.get_text() for p in a] == [p.get_text() for p in b], f"{committed} is stale: rerun the generator"
    with pymupdf.open(SAMPLES / "shipments.pdf") as doc:
        assert doc.page_count == 2  # the table continued onto a second page
    with pymupdf.open(SAMPLES / "korean.pdf") as doc:
        assert "매출액" in doc[0].get_text() and "영업이익" in doc[0].get_text()


def readme_blocks() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(re.escape(RUN_MARK) + r"\s*\n```python\n(.*?)\n```", text, flags=re.DOTALL)


def test_readme_marks_blocks_to_run() -> None:
    assert len(readme_blocks()) >= 2


@pytest.mark.parametrize("index", range(len(readme_blocks())))
def test_readme_python_block_runs(index: int, tmp_path: Path) -> None:
    """Run from a scratch folder that has ``examples/`` in it, as a user in a clone would."""
    (tmp_path / "examples").symlink_to(EXAMPLES, target_is_directory=True)
    script = tmp_path / f"readme_{index}.py"
    script.write_text(readme_blocks()[index], encoding="utf-8")
    run([script], cwd=tmp_path)
