"""agent/_replayfile.py: replay files from step records with real resolved targets, round trip, heal notes, errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Page

from agent._records import ResolvedTarget, StepRecord, StepStatus
from agent._replayfile import REPLAY_VERSION, ReplayFile, ReplayFileError, load_replay, save_replay
from agent.actions import parse_action
from model.errors import InputError, TilepilotError
from perception.screen import observe

FORM = """<!DOCTYPE html><html><body style="font: 16px sans-serif">
<label>Email <input id="email" type="email"></label>
<label><input type="checkbox" id="terms"> I agree</label>
<button id="send" aria-label="Send the form">Send</button></body></html>"""

SECRET = "pw-Zq81-secret"


async def records_from_page(page: Page) -> list[StepRecord]:
    """Step records whose targets are the page's real elements (selector, box, text, role) as observed."""
    await page.set_content(FORM)
    obs = await observe(page, ocr="off")
    by_id = {e.attributes.get("id"): e for e in obs.elements}
    steps: list[tuple[str, dict[str, Any], str, StepStatus]] = [
        ("Type 'ada@example.com' in Email", {"kind": "type", "target": "Email", "text": "ada@example.com"}, "email", "ok"),
        ("Close the cookie banner if there is one",
         {"kind": "click", "target": "the cookie banner's close button", "optional": True}, "", "skipped"),
        ("Check I agree", {"kind": "check", "target": "I agree"}, "terms", "ok"),
        ("Click Send", {"kind": "click", "target": "Send", "sensitive": True}, "send", "failed"),
    ]  # fmt: skip
    records = []
    for i, (instruction, data, elem_id, status) in enumerate(steps):
        target = None
        if elem_id:
            e = by_id[elem_id]
            target = ResolvedTarget(source="dom", bbox=e.bbox, label=e.label, role=e.role, text=e.text[:200],
                                    selector=f"#{elem_id}", query=str(data["target"]), score=0.9)  # fmt: skip
        records.append(
            StepRecord(
                index=i,
                instruction=instruction,
                action=parse_action(data),
                status=status,
                target=target,
                point=target.bbox.center if target else None,
                url_before=page.url,
                url_after=page.url,
                verified=status == "ok",
                healed="selector → dom: #mail → #email" if i == 0 else None,
            )
        )
    return records


async def test_from_records_keeps_what_ran_and_round_trips(page: Page, tmp_path: Path) -> None:
    records = await records_from_page(page)
    replay = ReplayFile.from_records("Fill the form", "http://127.0.0.1:9/form", records)
    assert replay.version == REPLAY_VERSION
    assert [(s.index, s.action.kind) for s in replay.steps] == [(0, "type"), (1, "click"), (2, "check")]  # no failed
    first = replay.steps[0]
    assert first.instruction == "Type 'ada@example.com' in Email"
    assert first.target is not None and first.target.selector == "#email" and first.target.role == "textbox"
    assert first.target.bbox.space == "css_px" and first.target.bbox.width > 0
    assert first.url == page.url and first.healed == ["selector → dom: #mail → #email"]
    assert replay.steps[1].target is None and replay.steps[1].action.optional
    assert [s.index for s in replay.healed_steps] == [0]

    path = save_replay(tmp_path / "deep" / "replay.json", replay)
    assert path == tmp_path / "deep" / "replay.json"
    assert load_replay(path) == replay
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["version"] == 1 and data["steps"][2]["action"]["kind"] == "check"
    assert [p.name for p in path.parent.iterdir()] == ["replay.json"]  # no temporary file left


async def test_heal_notes_accumulate_over_replays(page: Page) -> None:
    records = await records_from_page(page)
    first = ReplayFile.from_records("t", "u", records)
    healed_again = [r.model_copy(update={"healed": "vision → dom: 'I agree' → #terms"}) if r.index == 2 else
                    r.model_copy(update={"healed": None}) for r in records]  # fmt: skip
    second = ReplayFile.from_records("t", "u", healed_again, previous=first)
    assert [s.healed for s in second.steps] == [
        ["selector → dom: #mail → #email"], [], ["vision → dom: 'I agree' → #terms"],
    ]  # fmt: skip


def test_save_replay_redacts_every_string(tmp_path: Path) -> None:
    step = StepRecord(index=0, instruction=f"Type {SECRET} in the password field",
                      action=parse_action({"kind": "type", "target": "password", "text": SECRET}), status="ok")  # fmt: skip
    replay = ReplayFile.from_records(f"log in with {SECRET}", "http://127.0.0.1/", [step])
    path = save_replay(tmp_path / "r.json", replay, redact=lambda s: s.replace(SECRET, "{{password}}"))
    raw = path.read_bytes()
    assert SECRET.encode() not in raw
    back = load_replay(path)
    assert back.task == "log in with {{password}}"
    assert back.steps[0].action.kind == "type" and back.steps[0].action.text == "{{password}}"


def good_file() -> dict[str, Any]:
    step = {"index": 0, "instruction": "Click Send", "action": {"kind": "click", "target": {"query": "Send"}}}
    return {"version": 1, "task": "t", "start_url": "http://x/", "created_at": "2026-01-02T03:04:05Z", "steps": [step]}


def write(tmp_path: Path, name: str, content: bytes | str | dict[str, Any] | list[Any]) -> Path:
    path = tmp_path / name
    if isinstance(content, dict | list):
        content = json.dumps(content)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def with_step(**step: Any) -> dict[str, Any]:
    data = good_file()
    data["steps"] = [data["steps"][0], {**data["steps"][0], "index": 1, **step}]
    return data


@pytest.mark.parametrize(
    ("name", "content", "reason", "step", "field"),
    [
        ("missing.json", None, "no such file", None, None),
        ("folder", "DIR", "is a folder, not a replay file", None, None),
        ("latin1.json", b'{"task": "caf\xe9"}', "is not UTF-8 text (byte 13)", None, None),
        ("torn.json", '{"version": 1, "steps": [', "is not JSON: Expecting value at line 1, column 26", None, None),
        ("list.json", [1, 2], "is not a replay file: the JSON is a list, expected an object", None, None),
        ("noversion.json", {"task": "t", "steps": []}, "is not a replay file: it has no 'version' field", None, None),
        ("v2.json", {**good_file(), "version": 2}, "has replay format version 2; this tilepilot reads version 1",
         None, None),
        ("vstr.json", {**good_file(), "version": "1"}, "has replay format version '1'", None, None),
        ("badkind.json", with_step(action={"kind": "teleport"}), "does not match any of the expected tags", 1,
         "action"),
        ("notarget.json", with_step(action={"kind": "click"}), "Field required", 1, "action.target"),
        ("badbox.json", with_step(target={"source": "dom", "bbox": {"x0": 5, "y0": 0, "x1": 1, "y1": 1}}),
         "box corners out of order", 1, "target.bbox"),
        ("extra.json", with_step(colour="red"), "Extra inputs are not permitted", 1, "colour"),
        ("badtop.json", {**good_file(), "steps": "none"}, "field 'steps': Input should be a valid list", None, None),
    ],
)  # fmt: skip
def test_load_errors_name_the_file_and_what_is_wrong(
    tmp_path: Path, name: str, content: Any, reason: str, step: int | None, field: str | None
) -> None:
    if content == "DIR":
        (path := tmp_path / name).mkdir()
    elif content is None:
        path = tmp_path / name
    else:
        path = write(tmp_path, name, content)
    with pytest.raises(ReplayFileError) as info:
        load_replay(path)
    exc = info.value
    assert isinstance(exc, InputError) and isinstance(exc, TilepilotError)
    assert str(exc).startswith(f"{path}: ")
    assert reason in str(exc) and exc.path == str(path)
    assert (exc.step, exc.field) == (step, field)
    if step is not None:
        assert f"step {step}, field {field!r}: " in str(exc)


def test_a_good_file_written_by_hand_loads(tmp_path: Path) -> None:
    replay = load_replay(write(tmp_path, "ok.json", good_file()))
    assert replay.steps[0].action.kind == "click" and replay.steps[0].target is None
    assert replay.created_at.year == 2026
