"""The Agent SDK on real Chromium: approvals, secrets, allowed domains, the model planner, the sync twin."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.async_api import Page as PwPage

from agent._records import ApprovalNeeded
from agent.sdk import Agent, SyncAgent
from model.errors import ConfigError, NavigationError
from tests.localsite import Answer, Request, html, local_sites
from tests.scripted import ScriptedModel

if TYPE_CHECKING:
    from model.cpu import CpuBackend

LOGIN = """<!doctype html><html><head><title>Login</title></head><body>
<form onsubmit="event.preventDefault(); const u = document.getElementById('u').value,
      p = document.getElementById('p').value;
      document.getElementById('msg').textContent = (u === 'kiera' && p === 'x9f') ? 'Welcome, ' + u : 'Wrong password';">
  <label for="u">Username</label> <input id="u" name="user"><br>
  <label for="p">Password</label> <input id="p" type="password"><br>
  <button type="submit">Login</button>
</form><p id="msg"></p></body></html>"""

ROWS = """<!doctype html><html><body><table id="t"><thead><tr><th>Name</th><th>Action</th></tr></thead><tbody>
<tr><td>Bob</td><td><button onclick="this.closest('tr').remove(); m.textContent='Deleted Bob'">Delete</button></td></tr>
<tr><td>Ann</td><td><button onclick="this.closest('tr').remove(); m.textContent='Deleted Ann'">Delete</button></td></tr>
</tbody></table><p id="m"></p></body></html>"""


async def test_a_sensitive_step_waits_for_approval(page: PwPage) -> None:
    await page.set_content(ROWS)
    agent = Agent.from_page(page)
    events = [e async for e in agent.stream("Delete the row for Bob")]
    asked = [e for e in events if isinstance(e, ApprovalNeeded)]
    assert len(asked) == 1 and asked[0].action.kind == "click" and "sensitive" in asked[0].reason
    result = agent.last_result
    assert result is not None and result.status == "interrupted" and not result.ok
    assert result.pending is not None and "approve()" in result.message
    assert await page.inner_text("#m") == ""  # nothing was clicked yet
    done = await agent.approve()
    assert done.ok and done.status == "done", done.message
    assert await page.inner_text("#m") == "Deleted Bob"
    assert "Ann" in await page.inner_text("#t") and "Bob" not in await page.inner_text("#t")
    with pytest.raises(ConfigError, match="no run is waiting"):
        await agent.approve()
    with pytest.raises(ConfigError, match="thread_id='elsewhere' is not waiting"):
        await agent.reject(thread_id="elsewhere")


async def test_a_rejected_step_ends_the_run_with_the_reason(page: PwPage) -> None:
    await page.set_content(ROWS)
    agent = Agent.from_page(page)
    paused = await agent.run("Delete the row for Ann")
    assert paused.status == "interrupted"
    result = await agent.reject(reason="Ann stays")
    assert not result.ok and result.status == "failed"
    assert "rejected" in result.message and "Ann stays" in result.message
    assert result.steps[-1].status == "rejected"
    assert await page.inner_text("#m") == "" and "Ann" in await page.inner_text("#t")


async def test_approvals_never_runs_sensitive_steps_unasked(page: PwPage) -> None:
    await page.set_content(ROWS)
    result = await Agent.from_page(page, approvals="never").run("Delete the row for Ann")
    assert result.ok, result.message
    assert await page.inner_text("#m") == "Deleted Ann"


async def test_two_sensitive_steps_are_asked_one_at_a_time(page: PwPage) -> None:
    await page.set_content(ROWS)
    agent = Agent.from_page(page)
    first = await agent.run("Delete the row for Bob, then delete the row for Ann")
    assert first.status == "interrupted" and first.pending is not None
    second = await agent.approve()
    assert second.status == "interrupted", second.message  # the second delete asks again
    assert await page.inner_text("#m") == "Deleted Bob"
    result = await agent.reject(reason="keep Ann")
    assert result.status == "failed" and [s.status for s in result.steps] == ["ok", "rejected"]
    assert "Ann" in await page.inner_text("#t") and "keep Ann" in result.message


GET_LOGIN = """<!doctype html><html><head><title>Login</title></head><body>
<form action="/welcome" method="get">
  <label for="u">Username</label> <input id="u" name="user"><br>
  <label for="p">Password</label> <input id="p" name="pw" type="password"><br>
  <button type="submit">Login</button>
</form></body></html>"""


async def test_a_secret_in_a_url_never_reaches_a_log_record(page: PwPage) -> None:
    """A GET form puts the password in the URL that the browser tools log: the record is redacted as made."""
    seen: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record.getMessage())

    def answer(request: Request) -> Answer:
        return html(GET_LOGIN if request.path == "/" else "<title>Welcome</title><p>Welcome</p>")

    root, keep = logging.getLogger(), Keep(level=logging.DEBUG)
    loggers = [root, *(logging.getLogger(name) for name in ("agent", "tools", "perception", "model"))]
    levels = [each.level for each in loggers]  # (the CLI, run in-process by other tests, sets these)
    root.addHandler(keep)
    for each in loggers:
        each.setLevel(logging.DEBUG)
    try:
        with local_sites(answer) as (url,):
            await page.goto(url)
            agent = Agent.from_page(page, secrets={"pw": "s3cr3tpw"})
            result = await agent.run("Enter 'kiera' as the username and '{{pw}}' as the password, then press Login")
    finally:
        root.removeHandler(keep)
        for each, level in zip(loggers, levels, strict=True):
            each.setLevel(level)
    assert "pw=s3cr3tpw" in page.url  # the secret really was in a URL the tools saw
    assert result.ok, result.message
    assert any("welcome" in m for m in seen), seen  # the navigation was logged...
    assert not [m for m in seen if "s3cr3tpw" in m]  # ...redacted


async def test_secrets_are_typed_but_never_written(page: PwPage, tmp_path: Path) -> None:
    await page.set_content(LOGIN)
    agent = Agent.from_page(page, secrets={"pw": "x9f"}, run_dir=tmp_path / "runs")
    result = await agent.run("Enter 'kiera' as the username and '{{pw}}' as the password, then press Login")
    assert result.ok, result.message
    assert await page.inner_text("#msg") == "Welcome, kiera"  # the real value reached the field
    assert "x9f" not in result.model_dump_json()
    assert result.run_dir is not None and result.replay_path is not None
    written = [p for p in Path(result.run_dir).rglob("*") if p.is_file() and p.suffix in (".json", ".jsonl")]
    assert {p.name for p in written} >= {"run.json", "events.jsonl", "replay.json", "000.json"}
    for path in written:
        assert "x9f" not in path.read_text(encoding="utf-8"), path
    assert any(p.suffix == ".png" for p in Path(result.run_dir).rglob("*"))  # a trace has screenshots
    assert "{{pw}}" in Path(result.replay_path).read_text(encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown secret"):
        await agent.run("Type '{{pin}}' in the password field")


@pytest.fixture
def two_sites() -> Iterator[list[str]]:
    def home(request: Request) -> tuple[int, dict[str, str], bytes]:
        return html("<title>home</title><p>home page</p>")

    def other(request: Request) -> tuple[int, dict[str, str], bytes]:
        return html("<title>other</title><p>elsewhere</p>")

    with local_sites(home, other) as urls:
        yield urls


async def test_allowed_domains_block_a_navigation_elsewhere(page: PwPage, two_sites: list[str]) -> None:
    home, other = two_sites
    agent = Agent.from_page(page, allowed_domains=[home.removeprefix("http://")])
    await agent.goto(home + "/")
    with pytest.raises(NavigationError):
        await agent.goto(other + "/")
    result = await agent.run(f"Go to {other}/")
    assert not result.ok and result.status == "failed"
    assert "home page" in await page.inner_text("body")
    await agent.close()


async def test_a_phrase_the_compiler_cannot_read_goes_to_the_model(page: PwPage, cpu_model: CpuBackend) -> None:
    await page.set_content(
        LOGIN
        + """<button onclick="document.body.style.background='gold';
        document.getElementById('msg').textContent = 'festive'">Sparkle</button>"""
    )
    model = ScriptedModel(
        ['{"kind": "click", "target": "the Sparkle button"}', '{"kind": "done", "summary": "it sparkles"}']
    )
    agent = Agent.from_page(page, model=model, backend=cpu_model)
    result = await agent.run("Type 'kiera' in the username field. Then make the page look festive")
    assert result.ok, result.message
    assert [s.action.kind for s in result.steps] == ["type", "click", "done"]
    assert [s.instruction for s in result.steps][1:] == ["Then make the page look festive"] * 2
    assert await page.inner_text("#msg") == "festive"
    assert len(model.requests) == 2 and "festive" in model.requests[0].prompt
    assert model.requests[0].images  # the model plans from a screenshot
    assert "type" in model.requests[1].prompt.lower()  # the history of steps goes along


async def test_act_observe_and_extract_tables(page: PwPage) -> None:
    await page.set_content(ROWS)
    agent = Agent.from_page(page, approvals="never")
    tables = await agent.extract_tables()
    assert len(tables) == 1 and tables[0].to_rows()[:2] == [["Name", "Action"], ["Bob", "Delete"]]
    assert tables[0].header_rows == 1
    observed = await agent.observe()
    assert any(e.label == "Delete" for e in observed.elements)
    record = await agent.act("Delete the row for Bob")
    assert record.status == "ok" and record.verified and "Deleted Bob" in record.evidence
    assert record.target is not None and record.target.role == "button"


def test_sync_agent_runs_the_same_steps(tmp_path: Path) -> None:
    with local_sites(lambda request: html(LOGIN)) as (url,), SyncAgent.launch(replay_dir=tmp_path) as agent:
        agent.goto(url + "/")
        kinds = [e.kind for e in agent.stream("Type 'kiera' in the username field")]
        assert kinds[0] == "step_started" and kinds[-1] == "finished"
        result = agent.run("Enter 'kiera' as the username and 'x9f' as the password, then press Login")
        assert result.ok, result.message
        assert result.replay_path is not None and Path(result.replay_path).parent == tmp_path
        assert (
            json.loads(Path(result.replay_path).read_text(encoding="utf-8"))["steps"][0]["target"]["selector"] == "#u"
        )
        assert agent.observe().title == "Login"


async def test_the_model_sees_a_failed_action_and_plans_again(page: PwPage, cpu_model: CpuBackend) -> None:
    await page.set_content("""<button onclick="document.getElementById('m').textContent = 'festive'">Sparkle</button>
        <p id="m"></p>""")
    model = ScriptedModel([
        '{"kind": "click", "target": "the Confetti button"}',
        '{"kind": "click", "target": "the Sparkle button"}',
        '{"kind": "done", "summary": "it sparkles"}',
    ])  # fmt: skip
    agent = Agent.from_page(page, model=model, backend=cpu_model, max_attempts=1)
    result = await agent.run("Make the page look festive")
    assert result.ok, result.message
    assert [s.status for s in result.steps] == ["failed", "ok", "ok"]
    assert await page.inner_text("#m") == "festive"
    assert "Confetti" in model.requests[1].prompt  # the failure went back to the model
