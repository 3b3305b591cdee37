"""The pages the action tests act on, served by two local HTTP servers (two sites: 127.0.0.1 and localhost).

Every page records what happened to it in ``window.events`` (the tests assert on that, on the real
page), so no test looks at tilepilot's own idea of what it did.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from tests.localsite import Answer, Request, Route, html, local_sites

SLOW_S = 8.0
CSV = b"id,total\n1,9.50\n2,12.00\n"

_HEAD = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font:16px/1.4 sans-serif;margin:24px}} button{{margin:6px 8px;padding:8px 14px;font-size:16px}}</style>
<script>window.events = []; function log(s) {{ window.events.push(s); }}</script></head><body>"""


def _page(title: str, body: str, *, lang: str = "en") -> str:
    return _HEAD.format(lang=lang, title=title) + body + "</body></html>"


_FORM_JS = """
<script>
const combo = document.getElementById('color'), list = document.getElementById('colors');
combo.addEventListener('click', () => {
  list.hidden = !list.hidden; combo.setAttribute('aria-expanded', String(!list.hidden));
});
for (const li of list.querySelectorAll('[role=option]')) li.addEventListener('click', () => {
  combo.textContent = li.textContent; list.hidden = true; combo.setAttribute('aria-expanded', 'false');
  log('color:' + li.textContent);
});
const track = document.getElementById('track'), thumb = document.getElementById('thumb');
const setLevel = v => {
  v = Math.max(0, Math.min(10, v)); thumb.setAttribute('aria-valuenow', String(v));
  thumb.style.left = (v / 10 * 300 - 6) + 'px';
};
const fromX = x => Math.round((x - track.getBoundingClientRect().left) / 300 * 10);
let dragging = false;
thumb.addEventListener('pointerdown', e => { dragging = true; thumb.setPointerCapture(e.pointerId); });
thumb.addEventListener('pointermove', e => { if (dragging) setLevel(fromX(e.clientX)); });
thumb.addEventListener('pointerup', e => { dragging = false; setLevel(fromX(e.clientX)); log('level'); });
thumb.addEventListener('keydown', e => {
  const v = Number(thumb.getAttribute('aria-valuenow'));
  if (e.key === 'ArrowRight') setLevel(v + 1); if (e.key === 'ArrowLeft') setLevel(v - 1);
});
document.getElementById('news').addEventListener('click', e => {
  const t = e.currentTarget; t.setAttribute('aria-checked', t.getAttribute('aria-checked') === 'true' ? 'false' : 'true');
});
document.getElementById('email').addEventListener('keydown', e => log('key:' + e.key));
document.addEventListener('keydown', e => { if (e.ctrlKey || e.metaKey) log('chord:' + e.key.toLowerCase()); });
</script>"""

PAGES: dict[str, str] = {
    "/buttons": _page("Buttons", """<h1>Toolbar</h1>
<button id="save" onclick="log('save@' + Math.round(event.clientX) + ',' + Math.round(event.clientY))">Save</button>
<button id="open" ondblclick="log('open')">Open file</button>
<button id="menu" oncontextmenu="event.preventDefault(); log('menu')">Row actions</button>
<button id="tip" onmouseenter="log('hover')">Help</button>
<button id="off" disabled onclick="log('off')">Archive</button>
<p><a href="/nav2">Next page</a></p>"""),
    "/modal": _page("Modal", """<h1>Account</h1><button onclick="log('delete')">Delete account</button>
<div id="backdrop" style="position:fixed;inset:0;background:rgba(0,0,0,.4)">
<div role="dialog" aria-label="Confirm" style="background:#fff;margin:220px auto;width:320px;padding:20px">
Are you sure? <button onclick="log('keep')">Keep account</button></div></div>"""),
    "/long": _page("Long", """<h1>Long page</h1><div style="height:2400px">spacer</div>
<button onclick="log('subscribe')">Subscribe</button><div style="height:400px"></div>"""),
    "/table": _page("People", """<h1>People</h1><table><thead><tr><th>Name</th><th>Email</th><th>Action</th></tr></thead>
<tbody>""" + "".join(
        f"<tr><td>{n}</td><td>{n.lower()}@example.com</td><td><button onclick=\"log('{n}');"
        "this.closest('tr').remove()\">Delete</button></td></tr>"
        for n in ("Alice", "Bob", "Carol")
    ) + "</tbody></table>"),
    "/frames": _page("Frames", """<h1>Frames</h1>
<iframe src="/inner" title="inner" style="position:absolute;left:60px;top:130px;width:380px;height:160px;
 border:7px solid #888;padding:5px"></iframe>
<iframe src="{cross}/cross" title="cross" style="position:absolute;left:520px;top:150px;width:380px;height:160px;
 border:3px solid #444"></iframe>"""),
    "/inner": _page("Inner", """<div style="height:40px"></div>
<button style="margin-left:90px" onclick="log('approve')">Approve</button>"""),
    "/shadow": _page("Shadow", """<h1>Component</h1><x-card></x-card>
<script>customElements.define('x-card', class extends HTMLElement { constructor() { super();
  const root = this.attachShadow({mode: 'open'});
  root.innerHTML = '<style>button{padding:10px 18px;margin:30px}</style><p>Inside a card</p><button id=b>Shadow action</button>';
  root.getElementById('b').addEventListener('click', () => log('shadow')); } });</script>"""),
    "/canvas": _page("Canvas", """<canvas id="c" width="440" height="200" style="display:block;margin:40px 60px"></canvas>
<script>
const c = document.getElementById('c'), g = c.getContext('2d');
g.fillStyle = '#f2f2f2'; g.fillRect(0, 0, 440, 200);
g.fillStyle = '#1a5fb4'; g.fillRect(150, 60, 220, 60);
g.fillStyle = '#ffffff'; g.font = 'bold 26px sans-serif'; g.fillText('Place order', 188, 99);
g.fillStyle = '#333333'; g.font = '22px sans-serif'; g.fillText('Cancel', 30, 170);
c.addEventListener('click', e => {
  const r = c.getBoundingClientRect(), x = e.clientX - r.left, y = e.clientY - r.top;
  log(x >= 150 && x <= 370 && y >= 60 && y <= 120 ? 'order' : 'miss@' + Math.round(x) + ',' + Math.round(y));
});
</script>"""),
    "/form": _page("Form", """<form onsubmit="event.preventDefault(); log('submit')">
<p><label for="email">Email</label> <input id="email" type="email" placeholder="you@example.com"></p>
<p><label for="pw">Password</label> <input id="pw" type="password"></p>
<p><label><input type="checkbox" id="remember"> Remember me</label></p>
<p><span id="news" role="checkbox" aria-checked="false" tabindex="0"
   style="display:inline-block;padding:4px 10px;border:1px solid #999">Newsletter</span></p>
<fieldset><legend>Plan</legend><label><input type="radio" name="plan" value="free" checked> Free</label>
<label><input type="radio" name="plan" value="pro"> Pro</label></fieldset>
<p><label for="country">Country</label> <select id="country"><option value="">Choose one</option>
<option value="kr">South Korea</option><option value="jp">Japan</option><option value="fr">France</option></select></p>
<p><label for="notes">Notes</label> <textarea id="notes" readonly>fixed</textarea></p>
<p><label for="vol">Volume</label> <input id="vol" type="range" min="0" max="100" step="1" value="20"
   style="width:300px"></p>
<p><button type="submit">Send</button></p>
</form>
<div style="display:flex;gap:12px;align-items:flex-start"><span>Color</span>
<div><div id="color" role="combobox" aria-label="Color" aria-haspopup="listbox" aria-expanded="false" tabindex="0"
  style="width:120px;padding:4px 8px;border:1px solid #777;cursor:pointer">Red</div>
<ul id="colors" role="listbox" aria-label="Colors" hidden style="margin:0;padding:0;list-style:none;border:1px solid #777">
<li role="option" style="padding:4px 8px">Red</li><li role="option" style="padding:4px 8px">Green</li>
<li role="option" style="padding:4px 8px">Blue</li></ul></div></div>
<p>Brightness</p>
<div id="track" style="position:relative;width:300px;height:8px;background:#ccc;margin:16px 24px">
<div id="thumb" role="slider" aria-label="Brightness" aria-valuemin="0" aria-valuemax="10" aria-valuenow="5"
  tabindex="0" style="position:absolute;top:-6px;left:144px;width:12px;height:20px;background:#333"></div></div>
""" + _FORM_JS),
    "/scroll": _page("Inbox", """<h1>Inbox</h1>
<ul id="list" aria-label="Messages" style="height:200px;overflow:auto;border:1px solid #999;width:320px">"""
    + "".join(f"<li>Message number {i}</li>" for i in range(1, 61)) + """</ul>
<div style="height:3000px"></div><h2 id="end">Footer links</h2><div style="height:200px"></div>"""),
    "/dnd": _page("Board", """<style>.col{display:inline-block;vertical-align:top;width:260px;height:240px;margin:10px;
border:2px dashed #999;padding:8px} #card{padding:10px;background:#ffd;border:1px solid #aa8;cursor:grab}</style>
<div id="todo" class="col"><h2>To do</h2><div id="card" draggable="true">Write report</div></div>
<div id="done" class="col"><h2>Done</h2></div>
<script>
const card = document.getElementById('card');
card.addEventListener('dragstart', e => { e.dataTransfer.setData('text/plain', 'card'); log('dragstart'); });
for (const col of document.querySelectorAll('.col')) {
  col.addEventListener('dragover', e => e.preventDefault());
  col.addEventListener('drop', e => { e.preventDefault(); col.appendChild(card); log('drop:' + col.id); });
}
</script>"""),
    "/nav1": _page("First", """<h1>First</h1><p><a href="/nav2">Open the next page</a></p>
<p><a href="/slow">A page that never loads</a></p>"""),
    "/nav2": _page("Second", "<h1>Second</h1>"),
    "/later": _page("Later", """<div id="spinner" role="status">Loading results</div>
<script>setTimeout(() => {
  document.getElementById('spinner').remove();
  const b = document.createElement('button'); b.textContent = 'Continue'; document.body.appendChild(b);
  const p = document.createElement('p'); p.textContent = 'All changes   saved'; document.body.appendChild(p);
  history.pushState({}, '', '/later/done');
}, 700);</script>"""),
    "/upload": _page("Upload", """<p><label for="att">Attachment</label> <input id="att" type="file" multiple></p>
<input id="avatar" type="file" hidden onchange="log('avatar:' + this.files[0].name)">
<p><button onclick="document.getElementById('avatar').click()">Choose avatar</button></p>"""),
    "/files": _page("Files", '<h1>Reports</h1><p><a href="/report.csv">Export CSV</a></p>'),
    "/tabs": _page("Tabs", """<h1>Main</h1><button onclick="window.open('/help')">Open help</button>"""),
    "/help": _page("Help center", "<h1>Help</h1><p>How can we help?</p>"),
    "/dialogs": _page("Dialogs", """<button onclick="document.title = confirm('Really delete?') ? 'deleted' : 'kept'">
Delete all</button> <button onclick="document.title = 'hi ' + prompt('Your name?', '')">Greet</button>"""),
    "/ko": _page("로그인", """<h1>회원 로그인</h1>
<p><label for="e">이메일</label> <input id="e" type="email"></p>
<p><label for="p">비밀번호</label> <input id="p" type="password"></p>
<p><button onclick="log('login:' + document.getElementById('e').value)">로그인</button>
<button onclick="log('cancel')">취소</button></p>""", lang="ko"),
}
CROSS_PAGES: dict[str, str] = {
    "/cross": _page("Cross", """<div style="height:50px"></div>
<button style="margin-left:120px" onclick="log('pay')">Pay now</button>"""),
}


@dataclass(frozen=True)
class ActionSite:
    """Two running servers: ``url(path)`` on 127.0.0.1, ``cross`` the other site's base (localhost)."""

    base: str
    cross: str

    def url(self, path: str) -> str:
        return self.base + path


def _route(pages: dict[str, str], cross: list[str]) -> Route:
    def route(request: Request) -> Answer:
        if request.path == "/slow":
            request.stop.wait(SLOW_S)
            return html("<title>late</title>")
        if request.path == "/report.csv":
            return 200, {"Content-Type": "text/csv", "Content-Disposition": 'attachment; filename="report.csv"'}, CSV
        if request.path in pages:
            return html(pages[request.path].replace("{cross}", cross[0] if cross else ""))
        return html("<title>not found</title>", 404)

    return route


@contextmanager
def serve() -> Iterator[ActionSite]:
    """Start both servers (the second another site: an out-of-process frame); stop them on exit."""
    cross: list[str] = []
    with local_sites(_route(PAGES, cross), _route(CROSS_PAGES, cross)) as (base, other):
        cross.append(other)
        yield ActionSite(base=base, cross=other)
