"""agent/report.py and ``tilepilot report``: self-contained HTML from real run folders, killed runs, folders of runs."""

from __future__ import annotations

import base64
import io
import json
import statistics
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image
from playwright.async_api import Page

from agent._records import ActionTaken, ApprovalNeeded, RunResult, StepRecord, StepStarted, Timings
from agent.actions import parse_action
from agent.report import RunsSection, find_runs, write_report
from agent.trace import TraceWriter
from model.errors import InputError
from tests.agent.test_trace import LOGIN, SECRET, record_run, redact
from tools.pdf.report import Report, TablesSection

ROOT = Path(__file__).resolve().parents[2]
NASTY = 'Click <script>alert("x")</script> & <b>bold</b>'


@dataclass
class Parsed(HTMLParser):
    """Every start tag with its attributes, and the text, of an HTML page."""

    tags: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def all(self, tag: str) -> list[dict[str, str]]:
        return [a for t, a in self.tags if t == tag]

    @property
    def joined(self) -> str:
        return " ".join(" ".join(self.text).split())


def parse(path: Path) -> Parsed:
    p = Parsed()
    p.feed(path.read_text(encoding="utf-8"))
    p.close()
    return p


def assert_self_contained(doc: Parsed) -> None:
    for tag, attrs in doc.tags:
        assert tag not in ("link", "iframe", "object", "embed"), tag
        assert tag != "script", "the report runs no script"
        if "src" in attrs:
            assert tag == "img" and attrs["src"].startswith("data:image/png;base64,"), (tag, attrs["src"][:40])
            Image.open(io.BytesIO(base64.b64decode(attrs["src"].split(",", 1)[1]))).verify()
        if "href" in attrs:
            assert attrs["href"].startswith("#"), attrs["href"]
    ids = {a["id"] for _, a in doc.tags if "id" in a}
    assert {a["href"][1:] for a in doc.all("a")} <= ids  # every link lands in the page


def step_ids(doc: Parsed) -> list[str]:
    return [a["id"] for a in doc.all("div") if "tp-step" in a.get("class", "").split()]


def hand_step(index: int, instruction: str, shot: bytes, writer: TraceWriter, *, total_s: float) -> StepRecord:
    rec = StepRecord(index=index, instruction=instruction, action=parse_action({"kind": "press", "keys": ["Enter"]}),
                     status="ok", verified=True, evidence="the form was sent", timings=Timings(total_s=total_s))  # fmt: skip
    return writer.write_step(rec, screenshot=shot, scale_factor=2)


async def killed_run(page: Page, run_dir: Path) -> None:
    """Two steps written, a third started and acted on, then nothing: what a SIGKILL leaves."""
    await page.set_content(LOGIN)
    shot = await page.screenshot()
    w = TraceWriter(run_dir)
    w.start("Send the form twice", start_url="http://127.0.0.1:1/")
    for i in range(2):
        hand_step(i, f"Press Enter #{i + 1}", shot, w, total_s=0.1 * (i + 1))
    a = parse_action({"kind": "click", "target": "the Sign in button"})
    w.write_event(StepStarted(index=2, t_s=1.5, instruction="Click Sign in", action=a))
    w.write_event(ActionTaken(index=2, t_s=1.7, action=a, act_s=0.2))


async def test_a_run_renders_one_self_contained_page_with_a_card_per_step(page: Page, tmp_path: Path) -> None:
    run_dir = tmp_path / "run"
    writer = TraceWriter(run_dir, redact=redact)
    records = await record_run(page, writer)
    shot = (run_dir / "steps" / "000.png").read_bytes()
    hand_step(3, NASTY, shot, writer, total_s=0.5)  # after finish: a 4th step with markup in its instruction
    path = write_report(run_dir)
    assert path == run_dir / "report.html"
    doc = parse(path)
    assert_self_contained(doc)
    assert step_ids(doc) == [f"agentruns-r1-s{i}" for i in (1, 2, 3, 4)]
    imgs = doc.all("img")
    assert len(imgs) == 4
    # the first image is step 1's annotated screenshot, byte for byte
    assert base64.b64decode(imgs[0]["src"].split(",", 1)[1]) == (run_dir / "steps" / "000.png").read_bytes()
    text = doc.joined
    assert NASTY in text  # shown as text: escaped, not parsed as markup
    assert "script" not in {t for t, _ in doc.tags}
    assert "Sign in as ada with the token {{token}}" in text and SECRET not in path.read_text(encoding="utf-8")
    assert "4 / 4 steps ok" in text
    p50 = statistics.median([r.timings.total_s for r in records] + [0.5])
    assert f"p50 step {p50 * 1000:.0f} ms" in text
    assert "Type 'ada' in the username field" in text and "#user" in text and "✓ verified" in text
    assert "type the username field — 'ada'" in text  # the action: kind, target, value
    assert "did not finish" not in text


async def test_a_killed_run_renders_with_the_step_that_was_running(page: Page, tmp_path: Path) -> None:
    run_dir = tmp_path / "killed"
    await killed_run(page, run_dir)
    doc = parse(write_report(run_dir, out=tmp_path / "k.html"))
    assert_self_contained(doc)
    text = doc.joined
    assert "This run did not finish (run.json records no end)" in text
    assert "2 / 3 steps ok" in text and "time ≥ 1.70 s" in text and "p50 step 150 ms" in text
    assert step_ids(doc) == ["agentruns-r1-s1", "agentruns-r1-s2", "agentruns-r1-s3"]
    assert "Click Sign in" in text and "did not finish: acted, not verified (1.50 s into the run)" in text
    assert len(doc.all("img")) == 2
    # no run.json at all (killed before it was written): still a report, from the steps alone
    (run_dir / "run.json").unlink()
    text = parse(write_report(run_dir, out=tmp_path / "k2.html")).joined
    assert "This run did not finish (no run.json)" in text and "(no task recorded)" in text


async def test_a_folder_of_runs_gets_an_index_in_start_order(page: Page, tmp_path: Path) -> None:
    runs = tmp_path / "runs"
    await record_run(page, TraceWriter(runs / "zz-first"))
    await killed_run(page, runs / "nested" / "second")
    (runs / "empty").mkdir()
    assert find_runs(runs) == [runs / "zz-first", runs / "nested" / "second"]
    doc = parse(write_report(runs))
    assert_self_contained(doc)
    rows = [a["href"] for a in doc.all("a") if a["href"].startswith("#agentruns-r")]
    assert rows == ["#agentruns-r1", "#agentruns-r2"]
    articles = [a["id"] for a in doc.all("article")]
    assert articles == ["agentruns-r1", "agentruns-r2"]
    text = doc.joined
    assert text.index("Sign in as ada") < text.index("Send the form twice")
    assert "did not finish" in text and "done" in text
    assert len(step_ids(doc)) == 3 + 3
    with pytest.raises(InputError, match="holds no agent run"):
        write_report(runs / "empty")
    with pytest.raises(InputError, match="no such folder"):
        find_runs(tmp_path / "nowhere")


async def test_runs_and_pdf_tables_share_one_report(page: Page, tmp_path: Path) -> None:
    await record_run(page, TraceWriter(tmp_path / "runs" / "en"))
    out = Report(title="demo").add(TablesSection([])).add(RunsSection([tmp_path / "runs"])).save(tmp_path / "r.html")
    doc = parse(out)
    assert_self_contained(doc)
    assert [t for t in doc.text if t in ("PDF tables", "Agent runs")][-2:] == ["PDF tables", "Agent runs"]
    assert len(step_ids(doc)) == 3


_CLI = textwrap.dedent(
    """
    import contextlib, io, json, sys
    from agent.cli import main
    answers = []
    for argv in json.loads(sys.argv[1]):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as exc:  # a usage error
                code = exc.code
        answers.append([code, out.getvalue(), err.getvalue()])
    print(json.dumps(answers))
    """
)


def tilepilot(*calls: list[str | Path]) -> list[tuple[int, str, str]]:
    """``(exit status, stdout, stderr)`` of each ``tilepilot`` call, all in one process (one import of the CLI)."""
    argvs = json.dumps([[str(a) for a in argv] for argv in calls])
    done = subprocess.run([sys.executable, "-c", _CLI, argvs], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, check=True)  # fmt: skip
    return [(int(code), out, err) for code, out, err in json.loads(done.stdout.splitlines()[-1])]


async def test_the_report_command_exit_codes(page: Page, tmp_path: Path) -> None:
    await record_run(page, TraceWriter(tmp_path / "runs" / "a"))
    await killed_run(page, tmp_path / "runs" / "b")
    ok, both, missing, usage = tilepilot(
        ["report", tmp_path / "runs" / "a"],
        ["report", tmp_path / "runs", "--out", tmp_path / "out" / "all.html"],
        ["report", tmp_path / "nowhere"],
        ["report"],
    )
    assert ok[0] == 0, ok[2]
    assert ok[1].strip() == f"report: {tmp_path / 'runs' / 'a' / 'report.html'} (1 run, 3 steps)"
    assert step_ids(parse(tmp_path / "runs" / "a" / "report.html"))
    assert both[0] == 0, both[2]
    assert both[1].strip() == f"report: {tmp_path / 'out' / 'all.html'} (2 runs, 1 did not finish, 5 steps)"
    assert missing[0] == 1
    assert missing[2].strip() == f"tilepilot report: InputError: {tmp_path / 'nowhere'}: no such folder"
    assert usage[0] == 2 and "the following arguments are required: RUN_DIR" in usage[2]


def test_a_run_waiting_for_approval_says_what_waits(tmp_path: Path) -> None:
    w = TraceWriter(tmp_path / "run")
    w.start("Delete the draft")
    a = parse_action({"kind": "click", "target": "the Delete button", "sensitive": True})
    w.write_event(ApprovalNeeded(index=0, t_s=0.4, action=a, reason="deletes data"))
    w.finish(RunResult(ok=False, status="interrupted", pending=a, replay_path="runs/x/replay.json", time_s=0.4))
    doc = parse(write_report(tmp_path / "run"))
    assert_self_contained(doc)
    text = doc.joined
    assert "Waiting for approval: click the Delete button (sensitive): deletes data" in text
    assert "interrupted" in text and "0 / 0 steps ok" in text and "replay file runs/x/replay.json" in text
    assert "No step was recorded." in text and "did not finish" not in text
