"""Replay on real Chromium: a run on page v1 replayed on v2, whose ids are renamed and elements moved.

v2 also draws its Login button's caption on a canvas (no text in the DOM), so that step can only
be healed from the pixels: OCR finds the word, and the target is snapped to the button under it.
The page checks the credentials itself and says who signed in.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.async_api import Page as PwPage

from agent._replayfile import load_replay
from agent.replay import replay
from agent.sdk import Agent
from tests.localsite import Request, html, local_sites
from tools.browser import Session

if TYPE_CHECKING:
    from model.cpu import CpuBackend

CHECK = """<script>
function signIn(event, user, pass, out) {
  event.preventDefault();
  const ok = document.getElementById(user).value === 'kiera' && document.getElementById(pass).value === 'x9f';
  document.getElementById(out).textContent = ok ? 'Welcome, kiera' : 'Wrong password';
}
</script>"""

V1 = f"""<!doctype html><html><head><title>Sign in</title></head><body>{CHECK}
<form onsubmit="signIn(event, 'u', 'p', 'msg')">
  <label for="u">Username</label> <input id="u"><br>
  <label for="p">Password</label> <input id="p" type="password"><br>
  <button id="go" type="submit">Login</button>
</form><p id="msg"></p></body></html>"""

V2 = f"""<!doctype html><html><head><title>Sign in</title></head><body>{CHECK}
<header style="height: 120px; background: #eef"><h1>Members</h1><nav><a href="#news">News</a></nav></header>
<main style="display: flex; gap: 40px; padding: 20px">
  <section style="width: 300px"><h2>Latest news</h2><p>The shop opens on Monday.</p></section>
  <form style="order: -1; display: grid; gap: 8px" onsubmit="signIn(event, 'login-name', 'login-secret', 'status')">
    <div><label for="login-name">Username</label> <input id="login-name" name="who"></div>
    <div><label for="login-secret">Password</label> <input id="login-secret" type="password"></div>
    <button id="b7" type="submit" style="padding: 0; border: 1px solid #888; background: #fff">
      <canvas id="caption" width="140" height="44"></canvas></button>
  </form>
</main><p id="status"></p>
<script>
  const g = document.getElementById('caption').getContext('2d');
  g.fillStyle = '#fff'; g.fillRect(0, 0, 140, 44); g.fillStyle = '#111'; g.font = 'bold 26px sans-serif';
  g.fillText('Login', 32, 31);
</script></body></html>"""


@pytest.fixture
def site() -> Iterator[tuple[dict[str, str], str]]:
    version = {"page": V1}

    def route(request: Request) -> tuple[int, dict[str, str], bytes]:
        return html(version["page"])

    with local_sites(route) as (url,):
        yield version, url + "/"


TASK = "Enter 'kiera' as the username and '{{pw}}' as the password, then press Login"


async def test_replay_heals_after_the_layout_changed(
    page: PwPage, site: tuple[dict[str, str], str], tmp_path: Path, cpu_model: CpuBackend
) -> None:
    version, url = site
    await page.goto(url)
    agent = Agent.from_page(page, secrets={"pw": "x9f"}, replay_dir=tmp_path, backend=cpu_model)
    first = await agent.run(TASK)
    assert first.ok, first.message
    assert await page.inner_text("#msg") == "Welcome, kiera"
    path = Path(first.replay_path or "")
    stored = load_replay(path)
    assert [s.target.selector for s in stored.steps if s.target] == ["#u", "#p", "#go"]
    assert "x9f" not in path.read_text(encoding="utf-8")

    same = await replay(Session.from_page(page), path, secrets={"pw": "x9f"}, backend=cpu_model, save=False)
    assert same.ok and all(s.healed is None for s in same.steps), [s.healed for s in same.steps]

    version["page"] = V2
    await page.goto("about:blank")
    healed = await replay(Session.from_page(page), path, secrets={"pw": "x9f"}, backend=cpu_model)
    assert healed.ok, healed.message
    assert await page.inner_text("#status") == "Welcome, kiera"
    notes = [s.healed for s in healed.steps]
    assert notes[0] == "selector → dom: #u → #login-name"
    assert notes[1] == "selector → dom: #p → #login-secret"
    assert notes[2] in ("selector → ocr → dom: #go → #b7", "selector → model → dom: #go → #b7")

    again = load_replay(path)
    assert [s.healed for s in again.steps] == [[n] for n in notes]
    assert [s.target.selector for s in again.steps if s.target] == ["#login-name", "#login-secret", "#b7"]
    assert "x9f" not in path.read_text(encoding="utf-8")

    await page.goto("about:blank")
    quiet = await replay(Session.from_page(page), path, secrets={"pw": "x9f"}, backend=cpu_model)
    assert quiet.ok and all(s.healed is None for s in quiet.steps)  # the healed selectors hold now
    assert [len(s.healed) for s in load_replay(path).steps] == [1, 1, 1]
