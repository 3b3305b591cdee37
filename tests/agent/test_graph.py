"""The planner graph on real Chromium pages: plan → observe → ground → act → verify, retries, budgets, resume.

Every page records what happened to it (a message it shows, or a count kept by the local server),
and the tests assert on that, not only on what the agent says.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import textwrap
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.async_api import Browser as PwBrowser
from playwright.async_api import Page as PwPage

from agent._records import ActionTaken, Finished, StepFinished, StepStarted, Verified
from agent.compile import CompileError
from agent.sdk import Agent
from tests.localsite import Request, html, local_sites

if TYPE_CHECKING:
    from model.cpu import CpuBackend

ROOT = Path(__file__).resolve().parents[2]

LOGIN = """<!doctype html><html><body>
<form onsubmit="event.preventDefault(); const u = document.getElementById('u').value,
      p = document.getElementById('p').value;
      document.getElementById('msg').textContent = (u === 'kiera' && p === 'x9f') ? 'Welcome, ' + u : 'Wrong password';">
  <label for="u">Username</label> <input id="u" name="user"><br>
  <label for="p">Password</label> <input id="p" type="password"><br>
  <button type="submit">Login</button>
</form><p id="msg"></p></body></html>"""


async def test_login_runs_every_step_with_evidence(page: PwPage) -> None:
    await page.set_content(LOGIN)
    agent = Agent.from_page(page)
    result = await agent.run("Enter 'kiera' as the username and 'x9f' as the password, then press Login")
    assert await page.inner_text("#msg") == "Welcome, kiera"
    assert result.ok and result.status == "done", result.message
    assert [s.action.kind for s in result.steps] == ["type", "type", "click"]
    assert all(s.verified and s.status == "ok" for s in result.steps)
    assert "kiera" in result.steps[0].evidence
    assert "Welcome, kiera" in result.steps[2].evidence
    assert result.steps[0].target is not None and result.steps[0].target.selector == "#u"
    assert all(s.timings.total_s > 0 and s.timings.act_s > 0 for s in result.steps)
    assert result.replay_path is not None and Path(result.replay_path).is_file()


async def test_stream_yields_typed_events_in_order(page: PwPage) -> None:
    await page.set_content(LOGIN)
    agent = Agent.from_page(page)
    events = [e async for e in agent.stream("Type 'kiera' in the username field and click Login")]
    kinds = [e.kind for e in events]
    assert kinds == ["step_started", "action_taken", "verified", "step_finished"] * 2 + ["finished"]
    assert isinstance(events[0], StepStarted) and events[0].action.kind == "type"
    assert isinstance(events[1], ActionTaken) and events[1].act_s > 0 and events[1].target is not None
    assert isinstance(events[2], Verified) and events[2].ok
    assert isinstance(events[3], StepFinished) and events[3].record.index == 0
    assert isinstance(events[-1], Finished) and events[-1].status == "done"
    stamps = [e.t_s for e in events]
    assert stamps == sorted(stamps)
    assert await page.inner_text("#msg") == "Wrong password"  # it typed no password: the page said so


async def test_no_done_without_evidence(page: PwPage, cpu_model: CpuBackend) -> None:
    await page.set_content("<button>Inert</button><p>nothing happens here</p>")
    agent = Agent.from_page(page, verify_timeout_s=0.3, backend=cpu_model)
    result = await agent.run("Click Inert")
    assert not result.ok and result.status == "failed"
    assert result.steps[0].status == "failed" and not result.steps[0].verified
    assert "nothing on the page changed" in result.message


async def test_retry_takes_the_next_candidate(page: PwPage, cpu_model: CpuBackend) -> None:
    await page.set_content("""<button id="a">Continue</button>
        <button id="b" onclick="document.getElementById('m').textContent = 'moved on'">Continue</button>
        <p id="m"></p>""")
    agent = Agent.from_page(page, verify_timeout_s=0.3, backend=cpu_model)
    result = await agent.run("Click Continue")
    assert result.ok, result.message
    step = result.steps[0]
    assert step.attempts == 2 and step.target is not None and step.target.selector == "#b"
    assert await page.inner_text("#m") == "moved on"


async def test_a_target_only_in_pixels_is_found_by_ocr_on_retry(page: PwPage, cpu_model: CpuBackend) -> None:
    await page.set_content("""<canvas id="c" width="300" height="80"></canvas><p id="m"></p><script>
        const c = document.getElementById('c'), g = c.getContext('2d');
        g.fillStyle = '#fff'; g.fillRect(0, 0, 300, 80); g.fillStyle = '#000'; g.font = '32px sans-serif';
        g.fillText('Checkout', 20, 50);
        c.addEventListener('click', e => { if (e.offsetX < 200) document.getElementById('m').textContent = 'paid'; });
        </script>""")
    agent = Agent.from_page(page, approvals="never", backend=cpu_model)
    result = await agent.run("Click Checkout")
    assert result.ok, result.message
    step = result.steps[0]
    assert step.attempts >= 2 and step.target is not None and step.target.source in ("ocr", "model")
    assert await page.inner_text("#m") == "paid"


async def test_optional_step_is_skipped_when_its_condition_is_absent(page: PwPage) -> None:
    await page.set_content(LOGIN)
    agent = Agent.from_page(page)
    result = await agent.run("If there is a cookie banner, close it. Type 'kiera' in the username field")
    assert result.ok, result.message
    assert [s.status for s in result.steps] == ["skipped", "ok"]


async def test_step_and_time_budgets(page: PwPage) -> None:
    await page.set_content(LOGIN)
    result = await Agent.from_page(page, max_steps=1).run("Type 'a' in the username field and 'b' in the password")
    assert result.status == "budget_exceeded" and not result.ok
    assert len(result.steps) == 1 and "max_steps=1" in result.message
    slow = await Agent.from_page(page, time_budget_s=1e-6).run("Type 'a' in the username field")
    assert slow.status == "budget_exceeded" and "time budget" in slow.message


async def test_uncompilable_text_without_a_model_raises(page: PwPage) -> None:
    await page.set_content(LOGIN)
    with pytest.raises(CompileError, match="frobnicate"):
        await Agent.from_page(page).run("Click Login, then frobnicate the widget")


# -- resume after SIGKILL -------------------------------------------------------------------------------
class Shop:
    """Four buttons, each posting to the server, which counts every hit; ``/hit/plum`` hangs until released."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.release = threading.Event()
        self.lock = threading.Lock()

    def route(self, request: Request) -> tuple[int, dict[str, str], bytes]:
        if request.path.startswith("/hit/"):
            name = request.path.removeprefix("/hit/")
            with self.lock:
                self.hits[name] += 1
            if name == "plum":
                self.release.wait(timeout=20)
            return html(f"{name} added")
        buttons = "".join(
            f"<button onclick=\"fetch('/hit/{n}').then(r => r.text()).then(t => "
            f"document.getElementById('log').insertAdjacentHTML('beforeend', '<li>' + t + '</li>'))\">Add {n}</button>"
            for n in ("apple", "pear", "plum", "fig")
        )
        return html(f"<!doctype html><html><body>{buttons}<ul id='log'></ul></body></html>")


@pytest.fixture
def shop() -> Iterator[tuple[Shop, str]]:
    site = Shop()
    with local_sites(site.route) as (url,):
        yield site, url
    site.release.set()


RUNNER = textwrap.dedent("""
    import asyncio, sys
    from agent.sdk import Agent

    async def main(url: str, checkpoint: str, task: str) -> None:
        async with Agent.launch(checkpoint=checkpoint, verify_timeout_s=30) as agent:
            await agent.goto(url)
            await agent.run(task, thread_id="shop-1")

    asyncio.run(main(*sys.argv[1:4]))
""")

TASK = "Click 'Add apple', then click 'Add pear', then click 'Add plum', then click 'Add fig'"


async def test_a_killed_run_resumes_from_its_last_finished_step(
    page: PwPage, shop: tuple[Shop, str], tmp_path: Path
) -> None:
    site, url = shop
    checkpoint = tmp_path / "runs.sqlite"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", RUNNER, url + "/", str(checkpoint), TASK, cwd=ROOT, env=env, start_new_session=True,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while site.hits["plum"] == 0:
            if proc.returncode is not None:
                output = await proc.stdout.read() if proc.stdout else b""
                pytest.fail(f"the runner ended early: {output.decode()[-2000:]}")
            assert time.monotonic() < deadline, "the run never reached its third step"
            await asyncio.sleep(0.05)
        os.killpg(proc.pid, signal.SIGKILL)  # the runner and its Chromium, mid-step
        await asyncio.wait_for(proc.wait(), 10)
    finally:
        if proc.returncode is None:
            os.killpg(proc.pid, signal.SIGKILL)
            await proc.wait()
    site.release.set()
    assert dict(site.hits) == {"apple": 1, "pear": 1, "plum": 1}

    agent = Agent.from_page(page, checkpoint=checkpoint)
    result = await agent.resume("shop-1")
    assert result.ok, result.message
    assert [s.index for s in result.steps] == [0, 1, 2, 3]
    assert dict(site.hits) == {"apple": 1, "pear": 1, "plum": 2, "fig": 1}  # finished steps were not redone
    assert "fig added" in await page.inner_text("#log")

    again = await Agent.from_page(page, checkpoint=checkpoint).run(TASK, thread_id="shop-1")
    assert again.ok and dict(site.hits) == {"apple": 1, "pear": 1, "plum": 2, "fig": 1}


async def test_a_value_the_page_formats_still_counts(page: PwPage) -> None:
    await page.set_content("""<label for="t">Phone</label> <input id="t" oninput="const d = this.value.replace(/\\D/g, '');
        this.value = [d.slice(0, 3), d.slice(3, 7), d.slice(7, 11)].filter(Boolean).join('-')">""")
    result = await Agent.from_page(page).run("Type '01055512345' in the phone field")
    assert result.ok, result.message
    assert await page.input_value("#t") == "010-5551-2345"
    assert "010-5551-2345" in result.steps[0].evidence


async def test_the_next_steps_follow_a_tab_the_step_opened(page: PwPage) -> None:
    def route(request: Request) -> tuple[int, dict[str, str], bytes]:
        if request.path == "/help":
            return html("<title>Help</title><h1>Help center</h1><input aria-label='Question'>")
        return html("<title>Home</title><a href='/help' target='_blank'>Open help</a>")

    with local_sites(route) as (url,):
        await page.goto(url + "/")
        agent = Agent.from_page(page)
        result = await agent.run(
            "Click 'Open help'. Make sure 'Help center' is shown. Type 'refunds' in the question box"
        )
        assert result.ok, (result.message, [(s.evidence, s.url_after) for s in result.steps], agent.session.events)
        assert "new tab" in result.steps[0].evidence
        assert agent.session.page is not page and agent.session.page.url == url + "/help"
        assert await agent.session.page.input_value("input") == "refunds"
        await agent.session.page.close()


FORM = """<!doctype html><html><body>
<header><a href="#top">Home</a> <a href="#signin">Sign in</a></header>
<h2>Profile</h2>
<form onsubmit="event.preventDefault(); document.getElementById('ask').hidden = false">
  <label for="n">Username</label> <input id="n"><br>
  <label for="l">Language</label> <select id="l"><option>English</option><option>Deutsch</option></select><br>
  <span id="cl">Country</span>
  <button type="button" id="cb" aria-haspopup="listbox" aria-controls="cs" aria-labelledby="cl"
          onclick="document.getElementById('cs').hidden = !document.getElementById('cs').hidden">Choose ▾</button>
  <ul role="listbox" id="cs" hidden>
    <li role="option" onclick="document.getElementById('cb').textContent = this.textContent; this.parentElement.hidden = true">Japan</li>
    <li role="option" onclick="document.getElementById('cb').textContent = this.textContent; this.parentElement.hidden = true">Germany</li>
  </ul><br>
  <button type="submit">Sign in</button>
</form>
<div id="ask" role="dialog" hidden style="position: fixed; inset: 0; background: rgba(0,0,0,.4)">
  <div style="background: #fff; margin: 100px auto; width: 300px; padding: 20px"><p>Save this profile?</p>
    <button onclick="document.getElementById('ask').hidden = true">Cancel</button>
    <button onclick="document.getElementById('ask').hidden = true; document.getElementById('m').textContent =
      [document.getElementById('n').value, document.getElementById('l').value, document.getElementById('cb').textContent].join('/')">
      Save</button></div></div>
<p id="m"></p></body></html>"""


async def test_dropdowns_the_form_being_filled_and_a_confirmation(page: PwPage) -> None:
    await page.set_content(FORM)
    agent = Agent.from_page(page)
    result = await agent.run("Type 'kiera' in the username field. Set the language to Deutsch. Pick Germany. "
                             "Click Sign in. Confirm.")  # fmt: skip
    assert result.ok, result.message
    assert await page.inner_text("#m") == "kiera/Deutsch/Germany"
    sign_in = result.steps[3].target
    assert sign_in is not None and sign_in.role == "button"  # the form's, not the header link


async def test_a_plain_cookie_banner_is_found_and_a_filled_field_commits(page: PwPage) -> None:
    await page.set_content("""<p id="log"></p>
        <div id="ban" style="position: fixed; bottom: 0; left: 0; right: 0; background: #eee; padding: 20px">
          We use cookies to improve the shop <button onclick="ban.remove(); log.textContent += 'consent;'">Accept all</button>
        </div>
        <label>Quantity <input type="number" value="1" onchange="log.textContent += 'qty ' + this.value + ';'"></label>""")
    agent = Agent.from_page(page)
    result = await agent.run("If there is a cookie banner, accept it. Then set the quantity to 3")
    assert result.ok, result.message
    assert [s.status for s in result.steps] == ["ok", "ok"]
    assert await page.inner_text("#log") == "consent;qty 3;"  # the page heard the change, as if the user moved on
    again = await agent.run("If there is a cookie banner, accept it")
    assert [s.status for s in again.steps] == ["skipped"]


async def test_a_browser_dialog_the_session_accepted_counts_as_confirmed(page: PwPage) -> None:
    await page.set_content("""<button onclick="if (confirm('Leave the list?')) document.getElementById('m').textContent = 'left'">
        Leave list</button><p id="m"></p>""")
    result = await Agent.from_page(page).run("Click Leave list, then accept the confirmation")
    assert result.ok, result.message
    assert await page.inner_text("#m") == "left"
    assert "dialog" in result.steps[0].evidence and "accepted" in result.steps[1].evidence


TICKER = """<!doctype html><html><body><button id="save" onclick="{save}">Save</button><p id="t">0</p><p id="msg"></p>
<script>let n = 0; setInterval(() => {{ document.getElementById('t').textContent = String(++n); }}, 4);</script>
</body></html>"""


async def test_a_ticking_text_is_no_evidence_for_a_click(page: PwPage) -> None:
    await page.set_content(TICKER.format(save=""))
    inert = await Agent.from_page(page, verify_timeout_s=0.3, max_attempts=1).run("Click Save")
    assert not inert.ok and not inert.steps[0].verified, inert.steps[0].evidence
    await page.set_content(TICKER.format(save="document.getElementById('msg').textContent = 'Saved'"))
    saved = await Agent.from_page(page, verify_timeout_s=0.3).run("Click Save")
    assert saved.ok and "Saved" in saved.steps[0].evidence, saved.message


CUSTOM_LIST = """<!doctype html><html><body>
<div id="dd" role="combobox" aria-expanded="false" aria-controls="lb" tabindex="0"
     onclick="document.getElementById('lb').hidden = false; this.setAttribute('aria-expanded', 'true')">Country</div>
<div id="lb" role="listbox" hidden aria-label="Country">
  <button role="option" onclick="{pick}">Germany</button><button role="option" onclick="{pick}">France</button>
</div></body></html>"""
PICK = "const d = document.getElementById('dd'); d.textContent = this.textContent; document.getElementById('lb').hidden = true"


async def test_a_list_that_only_opened_is_not_a_choice(page: PwPage) -> None:
    await page.set_content(CUSTOM_LIST.format(pick=""))
    opened = await Agent.from_page(page, verify_timeout_s=0.3, max_attempts=1).run(
        "Select Germany from the Country list"
    )
    assert not opened.ok and not opened.steps[0].verified, opened.steps[0].evidence
    await page.set_content(CUSTOM_LIST.format(pick=PICK))
    chosen = await Agent.from_page(page, verify_timeout_s=0.3).run("Select Germany from the Country list")
    assert chosen.ok, chosen.message
    assert await page.inner_text("#dd") == "Germany"


def _never_answers(request: Request) -> tuple[int, dict[str, str], bytes]:
    if request.path == "/slow":
        request.stop.wait(timeout=60)  # a page that never loads (until the test ends)
    return html("<!doctype html><p>home</p>")


async def test_a_page_that_never_loads_ends_within_the_time_budget(page: PwPage) -> None:
    with local_sites(_never_answers) as (url,):
        started = time.monotonic()
        result = await Agent.from_page(page, time_budget_s=2.0).run(f"Go to {url}/slow")
        took_s = time.monotonic() - started
    assert not result.ok and result.status in ("failed", "budget_exceeded")
    assert took_s < 6.0, f"the run took {took_s:.1f}s against a 2s budget"
    assert f"{url}/slow" in result.message and "time budget" in result.message, result.message


async def test_a_closed_page_fails_at_once_and_says_so(page: PwPage, chromium: PwBrowser) -> None:
    ctx = await chromium.new_context()
    gone = await ctx.new_page()
    await gone.set_content("<button>Go</button>")
    agent = Agent.from_page(gone)
    await ctx.close()
    result = await agent.run("Click Go")
    assert not result.ok and result.steps[0].attempts == 1
    assert "closed" in result.message and "Click Go" in result.message, result.message


async def test_an_ok_button_on_the_page_is_clicked_after_a_browser_dialog(page: PwPage) -> None:
    await page.set_content("""<button onclick="if (confirm('Archive the list?')) note.hidden = false">Archive list</button>
        <div id="note" hidden>Archived. <button onclick="m.textContent = 'seen'">OK</button></div><p id="m"></p>""")
    result = await Agent.from_page(page).run("Click 'Archive list', then click OK")
    assert result.ok, result.message
    assert await page.inner_text("#m") == "seen"  # the page's own OK was clicked, not taken for the dialog's


OVERLAY = """<form>{fields}</form><p id="m"></p>
<div id="ov" style="position: fixed; inset: 0; background: rgba(0,0,0,.5)"><div style="background: #fff; margin: 80px auto;
  width: 320px; padding: 16px">{body}</div></div>"""


async def test_confirm_takes_an_overlay_button_only_when_the_overlay_asks(page: PwPage) -> None:
    fields = "".join(f"<label>Field {i} <input></label><br>" for i in range(6))
    await page.set_content(
        OVERLAY.format(
            fields=fields,
            body="""We use cookies.
        <button onclick="ov.remove(); m.textContent = 'cookies accepted'">Accept all</button>""",
        )
    )
    banner = await Agent.from_page(page, max_attempts=1).run("Click Confirm")
    assert not banner.ok and await page.inner_text("#m") == ""  # a cookie notice is not the confirmation asked for
    await page.set_content(
        OVERLAY.format(
            fields=fields,
            body="""Send the form?
        <button onclick="ov.remove()">Cancel</button> <button onclick="ov.remove(); m.textContent = 'sent'">Send</button>""",
        )
    )
    asked = await Agent.from_page(page).run("Click Confirm")
    assert asked.ok, asked.message
    assert await page.inner_text("#m") == "sent"


async def test_a_group_named_like_one_of_its_choices_selects_the_choice_asked_for(page: PwPage) -> None:
    await page.set_content("""<fieldset><legend>전반적인 만족도</legend>
        <input type="radio" name="sat" id="s5"><label for="s5">매우 만족</label>
        <input type="radio" name="sat" id="s4"><label for="s4">만족</label>
        <input type="radio" name="sat" id="s2"><label for="s2">불만족</label></fieldset>""")
    result = await Agent.from_page(page, max_attempts=1).run("만족도는 '매우 만족'을 선택하세요")
    assert result.ok, result.message  # the first try: not the radio "만족" that the group's word "만족도" is closest to
    assert await page.is_checked("#s5") and not await page.is_checked("#s4")
