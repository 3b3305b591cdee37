"""agent/trace.py: a run folder from real Chromium screenshots, its annotations, redaction, SIGKILL and resume."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from PIL import Image
from playwright.async_api import Page

from agent._records import (
    ActionTaken,
    Finished,
    ResolvedTarget,
    RunResult,
    StepFinished,
    StepRecord,
    StepStarted,
    Timings,
    Verified,
)  # fmt: skip
from agent.actions import Action, parse_action
from agent.trace import RunInfo, TraceWriter, read_trace
from model.errors import ConfigError, InputError, OutputError
from perception.screen import observe
from perception.types import BBox, Observation, TextSpan

ROOT = Path(__file__).resolve().parents[2]

SECRET = "s3cr3t-Tok3n-8841"
SECRET_KO = "비밀열쇠-७७-한글"
PLACEHOLDER = "{{token}}"

LOGIN = """<!DOCTYPE html><html lang="en"><body style="font: 18px sans-serif; margin: 40px">
<h1 id="title">Sign in</h1>
<label>Username <input id="user" name="user" style="font-size: 18px"></label><br><br>
<label>API token <input id="token" name="token" style="font-size: 18px; width: 300px"></label><br><br>
<button id="go" style="font-size: 18px; padding: 6px 18px"
        onclick="document.getElementById('title').textContent = 'Welcome ' + user.value">Sign in</button>
<p>Need help? <a href="#help">Contact support</a></p>
</body></html>"""


def redact(text: str) -> str:
    return text.replace(SECRET, PLACEHOLDER).replace(SECRET_KO, "{{ko}}")


def action(data: dict[str, object]) -> Action:
    return parse_action(data)


async def box_of(page: Page, selector: str) -> BBox:
    b = await page.locator(selector).bounding_box()
    assert b is not None
    return BBox(x0=b["x"], y0=b["y"], x1=b["x"] + b["width"], y1=b["y"] + b["height"], space="css_px")


def target(box: BBox, *, label: str, selector: str | None, source: str = "dom", role: str | None = None,
           text: str = "", score: float | None = 0.93) -> ResolvedTarget:  # fmt: skip
    return ResolvedTarget.model_validate(
        {"source": source, "bbox": box.model_dump(), "label": label, "role": role, "text": text,
         "selector": selector, "query": label, "score": score}
    )  # fmt: skip


async def record_run(page: Page, writer: TraceWriter, *, secret_in_page: bool = False) -> list[StepRecord]:
    """Sign in on the real login page, three steps, each written with the observation after it."""
    await page.set_content(LOGIN)
    url = page.url
    t0 = time.perf_counter()
    writer.start(f"Sign in as ada with the token {SECRET}", start_url=url, thread_id="t-1")
    plan: list[tuple[str, dict[str, object], str]] = [
        ("Type 'ada' in the username field", {"kind": "type", "target": "the username field", "text": "ada"}, "#user"),
        (f"Type {PLACEHOLDER} in the API token field",
         {"kind": "type", "target": "the API token field", "text": PLACEHOLDER}, "#token"),
        ("Click Sign in", {"kind": "click", "target": "the Sign in button"}, "#go"),
    ]  # fmt: skip
    records = []
    for i, (instruction, data, selector) in enumerate(plan):
        a = action(data)
        writer.write_event(StepStarted(index=i, t_s=time.perf_counter() - t0, instruction=instruction, action=a))
        box = await box_of(page, selector)
        t_act = time.perf_counter()
        point = box.center
        if a.kind == "type":
            await page.fill(selector, SECRET if data["text"] == PLACEHOLDER and secret_in_page else str(data["text"]))
        else:
            await page.mouse.click(*point)
        act_s = time.perf_counter() - t_act
        tgt = target(
            box, label=str(data["target"]), selector=selector, role="textbox" if a.kind == "type" else "button"
        )
        writer.write_event(ActionTaken(index=i, t_s=time.perf_counter() - t0, action=a, target=tgt, point=point,
                                       act_s=act_s))  # fmt: skip
        t_obs = time.perf_counter()
        after = await observe(page, ocr="off")
        observe_s = time.perf_counter() - t_obs
        evidence = f"value of the field is {SECRET!r}" if i == 1 else "the step's effect was seen"
        writer.write_event(Verified(index=i, t_s=time.perf_counter() - t0, ok=True, evidence=evidence, verify_s=0.001))
        rec = StepRecord(
            index=i, instruction=instruction, action=a, status="ok", target=tgt, point=point, url_before=url,
            url_after=page.url, verified=True, evidence=evidence,
            timings=Timings(observe_s=observe_s, act_s=act_s, verify_s=0.001, total_s=observe_s + act_s + 0.001),
        )  # fmt: skip
        rec = writer.write_step(rec, observation=after)
        writer.write_event(StepFinished(index=i, t_s=time.perf_counter() - t0, record=rec))
        records.append(rec)
    result = RunResult(ok=True, status="done", steps=records, message=f"signed in ({SECRET_KO})", thread_id="t-1",
                       time_s=time.perf_counter() - t0)  # fmt: skip
    writer.write_event(Finished(index=-1, t_s=result.time_s, status="done", time_s=result.time_s))
    writer.finish(result)
    return records


def png_at(path: Path) -> Image.Image:
    return Image.open(io.BytesIO(path.read_bytes())).convert("RGB")


def near(pixel: tuple[int, ...], colour: tuple[int, int, int], tol: int = 40) -> bool:
    return all(abs(int(p) - c) <= tol for p, c in zip(pixel, colour, strict=False))


async def test_a_run_folder_holds_run_json_step_files_pngs_and_events(page: Page, tmp_path: Path) -> None:
    run_dir = tmp_path / "run"
    records = await record_run(page, TraceWriter(run_dir))
    assert sorted(p.name for p in run_dir.iterdir()) == ["events.jsonl", "run.json", "steps"]
    assert sorted(p.name for p in (run_dir / "steps").iterdir()) == [
        "000.json", "000.png", "001.json", "001.png", "002.json", "002.png",
    ]  # fmt: skip
    info = RunInfo.model_validate_json((run_dir / "run.json").read_bytes())
    assert info.status == "done" and info.ended_at is not None and info.started_at <= info.ended_at
    assert info.task.startswith("Sign in as ada") and info.thread_id == "t-1" and info.start_url == page.url
    assert info.result is not None and [s.screenshot for s in info.result.steps] == [
        "steps/000.png", "steps/001.png", "steps/002.png",
    ]  # fmt: skip
    for r in records:
        assert StepRecord.model_validate_json((run_dir / "steps" / f"{r.index:03d}.json").read_bytes()) == r
    lines = (run_dir / "events.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["kind"] for line in lines] == [
        *["step_started", "action_taken", "verified", "step_finished"] * 3, "finished",
    ]  # fmt: skip
    trace = read_trace(run_dir)
    assert trace.finished and not trace.problems
    assert trace.steps == records and len(trace.events) == 13
    # the screenshot is the page after the step, at device scale factor 2
    last = png_at(run_dir / "steps" / "002.png")
    assert last.size == (1600, 1200)
    title = await box_of(page, "#title")
    assert await page.text_content("#title") == "Welcome ada"
    assert title.width > 0  # the page really changed before the last screenshot


async def test_the_png_shows_the_target_box_the_click_point_and_the_ocr_spans_used(page: Page, tmp_path: Path) -> None:
    await page.set_content(LOGIN)
    box = await box_of(page, "#go")
    link = await box_of(page, "a")
    after = await observe(page, ocr="off")
    span_in = TextSpan(text="Sign in", bbox=BBox(x0=box.x0 + 4, y0=box.y0 + 3, x1=box.x1 - 4, y1=box.y1 - 3,
                                                 space="css_px"))  # fmt: skip
    span_out = TextSpan(text="Contact support", bbox=link)
    after = after.model_copy(update={"text_spans": (span_in, span_out)})
    point = (box.x0 + 10, box.y0 + box.height / 2)
    rec = StepRecord(index=4, instruction="Click Sign in", action=action({"kind": "click", "target": "Sign in"}),
                     status="ok", target=target(box, label="Sign in", selector=None, source="ocr"), point=point)  # fmt: skip
    written = TraceWriter(tmp_path / "run").write_step(rec, observation=after)
    assert written.screenshot == "steps/004.png"
    img = png_at(tmp_path / "run" / "steps" / "004.png")
    f = 2
    red, blue = (220, 30, 60), (0, 140, 255)
    # the target's border: red along its left edge
    x0, ym = round(box.x0 * f), round((box.y0 + box.height * 0.75) * f)
    assert any(near(img.getpixel((x, ym)), red) for x in range(x0 - 2, x0 + 3))  # type: ignore[arg-type]
    # the OCR span inside the target is drawn (blue), the one elsewhere is not: only the spans used
    sx, sy = round(span_in.bbox.x1 * f), round((span_in.bbox.y0 + span_in.bbox.height / 2) * f)
    assert any(near(img.getpixel((x, sy)), blue) for x in range(sx - 3, sx + 3))  # type: ignore[arg-type]
    lx, ly = round(link.x1 * f), round((link.y0 + link.height / 2) * f)
    assert not any(near(img.getpixel((x, ly)), blue) for x in range(lx - 3, lx + 3))  # type: ignore[arg-type]
    # the click point: a red crosshair centred on it, clear of the box border
    px, py = round(point[0] * f), round(point[1] * f)
    assert sum(near(img.getpixel((px, y)), red) for y in range(py - 30, py + 30)) >= 6  # type: ignore[arg-type]
    # a raw screenshot (no observation) works too, boxes scaled by the given factor
    raw = TraceWriter(tmp_path / "raw").write_step(rec.model_copy(update={"index": 0}), screenshot=after.screenshot,
                                                   scale_factor=2.0)  # fmt: skip
    img2 = png_at(tmp_path / "raw" / "steps" / "000.png")
    assert raw.screenshot == "steps/000.png" and img2.size == img.size
    assert any(near(img2.getpixel((x, ym)), red) for x in range(x0 - 2, x0 + 3))  # type: ignore[arg-type]


async def test_a_secret_never_reaches_any_file_of_the_run_folder(page: Page, tmp_path: Path) -> None:
    run_dir = tmp_path / "run"
    writer = TraceWriter(run_dir, redact=redact)
    await record_run(page, writer, secret_in_page=True)  # the token is typed for real and shows in the field
    writer.write_event(Verified(index=2, t_s=1, ok=False, evidence=f"log line {SECRET} {SECRET_KO}", verify_s=0))
    from agent._replayfile import ReplayFile

    writer.write_replay(ReplayFile.from_records(f"task {SECRET}", "http://127.0.0.1/", read_trace(run_dir).steps))
    forms = [SECRET, SECRET_KO, json.dumps(SECRET_KO)[1:-1], SECRET[:12]]
    files = [p for p in run_dir.rglob("*") if p.is_file()]
    assert {p.name for p in files} >= {"run.json", "events.jsonl", "replay.json", "001.png", "001.json"}
    for p in files:
        data = p.read_bytes()
        for form in forms:
            assert form.encode("utf-8") not in data, f"{p.relative_to(run_dir)} holds {form!r}"
    assert PLACEHOLDER in (run_dir / "steps" / "001.json").read_text(encoding="utf-8")
    assert "{{ko}}" in (run_dir / "run.json").read_text(encoding="utf-8")
    # the field that shows the secret is blacked out in every screenshot taken after it was typed
    token = await box_of(page, "#token")
    inside = [(token.x0 + token.width * fx, token.y0 + token.height * fy) for fx, fy in ((0.8, 0.3), (0.2, 0.7))]
    for stem in ("001", "002"):
        img = png_at(run_dir / "steps" / f"{stem}.png")
        assert [img.getpixel((round(x * 2), round(y * 2))) for x, y in inside] == [(0, 0, 0)] * 2, stem
    before = png_at(run_dir / "steps" / "000.png")  # typed nothing secret yet: the field is white
    assert [before.getpixel((round(x * 2), round(y * 2))) for x, y in inside] == [(255, 255, 255)] * 2


_KILLED = textwrap.dedent(
    """
    import sys, time
    from agent._records import StepRecord, StepStarted, Timings
    from agent.actions import parse_action
    from agent.trace import TraceWriter
    w = TraceWriter(sys.argv[1])
    w.start("count forever", start_url="http://127.0.0.1/")
    i = 0
    while True:
        a = parse_action({"kind": "press", "keys": ["Enter"]})
        w.write_event(StepStarted(index=i, t_s=i * 0.01, instruction=f"press Enter #{i}", action=a))
        rec = StepRecord(index=i, instruction=f"press Enter #{i}", action=a, status="ok", verified=True,
                         evidence="x" * 5000, timings=Timings(total_s=0.01))
        w.write_step(rec, screenshot=open(sys.argv[2], "rb").read(), scale_factor=2)
        print(i, flush=True)
        i += 1
    """
)


@pytest.fixture
async def login_shot(page: Page, tmp_path: Path) -> Path:
    """A real screenshot of the login page, as a PNG file."""
    await page.set_content(LOGIN)
    shot = tmp_path / "shot.png"
    shot.write_bytes(await page.screenshot())
    return shot


def test_a_sigkilled_run_leaves_a_readable_folder_and_a_resume_appends(login_shot: Path, tmp_path: Path) -> None:
    shot = login_shot
    run_dir = tmp_path / "run"
    proc = subprocess.Popen([sys.executable, "-c", _KILLED, str(run_dir), str(shot)], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert proc.stdout is not None
    for _ in range(4):  # four steps written, then killed in the middle of the next ones
        assert proc.stdout.readline().strip()
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    trace = read_trace(run_dir)
    assert not trace.finished and trace.info is not None and trace.info.status == "running"
    assert trace.problems == []  # no torn file: every write was whole
    n = len(trace.steps)
    assert n >= 4 and [s.index for s in trace.steps] == list(range(n))
    assert all(s.evidence == "x" * 5000 for s in trace.steps)
    assert len(trace.events) in (n, n + 1)  # the killed step may have started
    for s in trace.steps:
        if s.screenshot:
            png_at(run_dir / s.screenshot)  # decodes: written whole
    # resume: the same folder, the start kept, the step redone replaced, events appended
    writer = TraceWriter(run_dir)
    info = writer.start("")
    assert info.started_at == trace.info.started_at and len(info.resumed_at) == 1 and info.task == "count forever"
    redo = trace.steps[-1].model_copy(update={"evidence": "redone"})
    writer.write_event(StepStarted(index=redo.index, t_s=9.0, instruction=redo.instruction, action=redo.action))
    writer.write_step(redo)
    writer.finish(RunResult(ok=True, status="done", steps=[*trace.steps[:-1], redo]))
    again = read_trace(run_dir)
    assert again.finished and again.info is not None and again.info.status == "done"
    assert len(again.steps) == n and again.steps[-1].evidence == "redone"
    assert len(again.events) == len(trace.events) + 1
    assert again.info.result is not None and again.info.result.run_dir == str(run_dir)


def test_read_trace_skips_a_torn_event_line_and_a_bad_step_file(tmp_path: Path) -> None:
    writer = TraceWriter(tmp_path / "run")
    a = action({"kind": "press", "keys": ["Enter"]})
    writer.write_event(StepStarted(index=0, t_s=0, instruction="press Enter", action=a))
    with open(tmp_path / "run" / "events.jsonl", "ab") as f:
        f.write(b'{"kind": "step_fin')  # what a torn append would look like
    (tmp_path / "run" / "steps" / "001.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "run" / "steps" / ".001.json.123.tmp").write_text("left over", encoding="utf-8")
    trace = read_trace(tmp_path / "run")
    assert trace.info is None and trace.steps == [] and len(trace.events) == 1
    assert len(trace.problems) == 2
    assert trace.problems[0].startswith("steps/001.json cannot be read")
    assert trace.problems[1].startswith("events.jsonl line 2 cannot be read")


def test_bad_arguments_and_unwritable_folders_raise_named_errors(tmp_path: Path) -> None:
    rec = StepRecord(index=0, instruction="press Enter", action=action({"kind": "press", "keys": ["Enter"]}),
                     status="ok")  # fmt: skip
    obs = Observation(url="about:blank", viewport=(10, 10), screenshot=b"")
    with pytest.raises(ConfigError, match="observation or screenshot, not both"):
        TraceWriter(tmp_path / "a").write_step(rec, observation=obs, screenshot=b"x")
    with pytest.raises(ConfigError, match="scale_factor=0"):
        TraceWriter(tmp_path / "a").write_step(rec, screenshot=b"x", scale_factor=0)
    taken = tmp_path / "taken"
    taken.write_text("a file", encoding="utf-8")
    with pytest.raises(OutputError, match="taken: is a file, not a run folder"):
        TraceWriter(taken).start("x")
    with pytest.raises(InputError, match="nowhere: no such folder"):
        read_trace(tmp_path / "nowhere")
    with pytest.raises(InputError, match="taken: is a file, not a run folder"):
        read_trace(taken)
    # a step without a screenshot writes only its JSON
    assert TraceWriter(tmp_path / "b").write_step(rec).screenshot is None
    assert sorted(p.name for p in (tmp_path / "b" / "steps").iterdir()) == ["000.json"]


async def test_a_raw_screenshot_hides_the_field_a_placeholder_was_typed_into(page: Page, tmp_path: Path) -> None:
    await page.set_content(LOGIN)
    await page.fill("#token", SECRET)  # what typing {{token}} left on the page
    box = await box_of(page, "#token")
    rec = StepRecord(index=0, instruction=f"Type {PLACEHOLDER} in the API token field", status="ok",
                     action=action({"kind": "type", "target": "the API token field", "text": PLACEHOLDER}),
                     target=target(box, label="API token", selector="#token"), point=box.center)  # fmt: skip
    TraceWriter(tmp_path / "run", redact=redact).write_step(rec, screenshot=await page.screenshot(), scale_factor=2)
    img = png_at(tmp_path / "run" / "steps" / "000.png")
    inside = [(box.x0 + box.width * fx, box.y0 + box.height * fy) for fx, fy in ((0.15, 0.5), (0.6, 0.3), (0.9, 0.7))]
    assert [img.getpixel((round(x * 2), round(y * 2))) for x, y in inside] == [(0, 0, 0)] * 3
    # a step that typed plain text keeps its field visible
    plain = rec.model_copy(update={"index": 1, "action": action({"kind": "type", "target": "x", "text": "ada"})})
    TraceWriter(tmp_path / "run").write_step(plain, screenshot=await page.screenshot(), scale_factor=2)
    img = png_at(tmp_path / "run" / "steps" / "001.png")
    assert img.getpixel((round(inside[1][0] * 2), round(inside[1][1] * 2))) != (0, 0, 0)


async def test_the_drawn_label_is_redacted_whole_before_it_is_cut(page: Page, tmp_path: Path) -> None:
    await page.set_content(LOGIN)
    box = await box_of(page, "#go")
    seen: list[str] = []

    def recording(text: str) -> str:
        seen.append(text)
        return redact(text)

    label = "the button whose label reads: " + SECRET  # the 40-character cut falls inside the secret
    rec = StepRecord(index=0, instruction="Click it", action=action({"kind": "click", "target": "it"}), status="ok",
                     target=target(box, label=label, selector="#go"))  # fmt: skip
    TraceWriter(tmp_path / "run", redact=recording).write_step(rec, screenshot=await page.screenshot(), scale_factor=2)
    halves = [t for t in seen if SECRET[:3] in t and SECRET not in t]
    assert halves == [], f"redact saw part of a secret: {halves}"
