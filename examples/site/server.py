"""The example site: a small web app on 127.0.0.1 for the scripted agents, the tests and the benchmark.

Every page exists in English (``/``) and in Korean (``/ko/``, ``<html lang="ko">``):

    login       username, password, "keep me signed in"; a wrong password shows an error
    search      a product catalog, five results a page, numbered pages and Previous/Next links;
                a result opens its product page with a quantity field and an "add to cart" button
    form        a delivery booking: name, email, a date input, radio buttons for the speed, a custom
                (non-``<select>``) dropdown for the country/city, a terms checkbox, a notes box
    team        a table with Edit and Delete buttons on every row; Delete asks in a modal dialog
    downloads   files served as attachments
and a cookie banner at the bottom of every page until it is accepted or rejected.

Whatever a visitor achieves is shown on the page (a status line) and recorded twice, so that a task
checks itself: the page sets ``window.__done`` and ``document.body.dataset.done`` to the event, and the
server appends it to its event log, readable as JSON at ``GET /api/log`` (``POST /api/reset`` empties
it). :func:`events` and :func:`reset` do that from Python. A browser with a ``visitor`` cookie gets
its events tagged with it, and ``/api/log?visitor=ID`` shows only those: tasks can run side by side.
Extra static pages (``extra_dir``) are served under ``/extra/`` and log through the same
``tp.log(event)`` helper of ``/site.js``.

    >>> url, stop = serve()  # doctest: +SKIP
    >>> ...                  # open f"{url}/login" in a browser, sign in as kiera / x9f
    >>> events(url)[-1]      # doctest: +SKIP
    {'event': 'login', 'user': 'kiera', 'remember': False, 'lang': 'en'}
    >>> stop()               # doctest: +SKIP

Run ``python examples/site/server.py --port 8765`` to browse it.
"""

from __future__ import annotations

import argparse
import html
import json
import mimetypes
import threading
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

__all__ = ["ACCOUNTS", "events", "reset", "serve"]

ACCOUNTS = {"kiera": "x9f", "ada": "lovelace", "kim": "1234", "minsu": "비밀"}
"""Username → password of the accounts that can sign in."""

PAGE_SIZE = 5

Event = dict[str, Any]

# --- words ---------------------------------------------------------------------------------------------------------

_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "site": "Northwind Goods", "home": "Home", "login": "Sign in", "search": "Search", "form": "Book a delivery",
        "team": "Team", "downloads": "Downloads", "username": "Username", "password": "Password",
        "remember": "Keep me signed in", "signin": "Sign in", "forgot": "Forgot your password?",
        "bad_login": "Wrong username or password. Please try again.", "welcome": "Welcome back, {user}!",
        "signout": "Sign out", "signed_out": "You are signed out.", "query": "Search products",
        "search_btn": "Search", "results": "{n} results for “{q}”", "no_results": "No products match “{q}”.",
        "page_of": "Page {p} of {n}", "prev": "Previous", "next": "Next", "page_label": "Page {p}",
        "price": "Price", "qty": "Quantity", "add": "Add to cart", "added": "Added {qty} × {item} to your cart.",
        "back": "Back to results", "name": "Full name", "email": "Email", "date": "Delivery date",
        "speed": "Delivery speed", "standard": "Standard", "express": "Express", "overnight": "Overnight",
        "country": "Country", "choose": "Choose a country", "terms": "I agree to the terms and conditions",
        "notes": "Delivery notes", "book": "Book delivery", "booked": "Thank you! Your delivery is booked for {date}.",
        "missing": "Please fill in: {fields}.", "member": "Name", "role": "Role", "actions": "Actions",
        "edit": "Edit", "delete": "Delete", "save": "Save", "cancel": "Cancel",
        "confirm_q": "Delete {name}? This cannot be undone.", "deleted": "{name} was deleted.",
        "saved": "Changes to {name} were saved.", "kept": "Nothing was deleted.", "file": "File",
        "size": "Size", "download": "Download", "cookie_text": "We use cookies to make this site work and to improve it.",
        "accept": "Accept all", "reject": "Reject", "cookies_accepted": "Cookie preferences saved.",
        "team_title": "Team members", "dl_title": "Files to download", "intro": "Everything you need, delivered.",
    },
    "ko": {
        "site": "노스윈드 상점", "home": "홈", "login": "로그인", "search": "검색", "form": "배송 예약", "team": "팀원",
        "downloads": "자료실", "username": "아이디", "password": "비밀번호", "remember": "로그인 상태 유지",
        "signin": "로그인", "forgot": "비밀번호를 잊으셨나요?", "bad_login": "아이디 또는 비밀번호가 올바르지 않습니다.",
        "welcome": "{user}님, 환영합니다!", "signout": "로그아웃", "signed_out": "로그아웃되었습니다.",
        "query": "상품 검색", "search_btn": "검색", "results": "“{q}” 검색 결과 {n}건",
        "no_results": "“{q}”에 맞는 상품이 없습니다.", "page_of": "{n}쪽 중 {p}쪽", "prev": "이전", "next": "다음",
        "page_label": "{p}페이지", "price": "가격", "qty": "수량", "add": "장바구니에 담기",
        "added": "{item} {qty}개를 장바구니에 담았습니다.", "back": "검색 결과로 돌아가기", "name": "이름",
        "email": "이메일", "date": "배송 날짜", "speed": "배송 방법", "standard": "일반 배송", "express": "빠른 배송",
        "overnight": "새벽 배송", "country": "지역", "choose": "지역을 선택하세요", "terms": "이용약관에 동의합니다",
        "notes": "배송 메모", "book": "예약하기", "booked": "예약이 완료되었습니다. 배송 날짜: {date}",
        "missing": "다음 항목을 입력하세요: {fields}", "member": "이름", "role": "역할", "actions": "관리",
        "edit": "수정", "delete": "삭제", "save": "저장", "cancel": "취소",
        "confirm_q": "{name}님을 삭제할까요? 되돌릴 수 없습니다.", "deleted": "{name}님이 삭제되었습니다.",
        "saved": "{name}님의 정보가 저장되었습니다.", "kept": "삭제하지 않았습니다.", "file": "파일", "size": "크기",
        "download": "다운로드", "cookie_text": "이 사이트는 서비스 제공과 개선을 위해 쿠키를 사용합니다.",
        "accept": "모두 동의", "reject": "거부", "cookies_accepted": "쿠키 설정이 저장되었습니다.",
        "team_title": "팀원 목록", "dl_title": "자료 내려받기", "intro": "필요한 모든 것을 배송해 드립니다.",
    },
}  # fmt: skip

# (id, English name, Korean name, price in dollars, price in won)
_PRODUCTS: list[tuple[int, str, str, str, str]] = [
    (1, "Trail running shoes", "트레일 러닝 신발", "$89", "89,000원"),
    (2, "Leather dress shoes", "가죽 구두 신발", "$120", "120,000원"),
    (3, "Canvas sneakers shoes", "캔버스 운동화 신발", "$45", "45,000원"),
    (4, "Hiking boots", "등산화", "$140", "140,000원"),
    (5, "Kids' light-up shoes", "어린이 불빛 신발", "$35", "35,000원"),
    (6, "Running shoes for women", "여성용 러닝 신발", "$95", "95,000원"),
    (7, "Waterproof walking shoes", "방수 워킹 신발", "$110", "110,000원"),
    (8, "Basketball shoes", "농구 신발", "$130", "130,000원"),
    (9, "Slip-on house shoes", "실내용 슬립온 신발", "$25", "25,000원"),
    (10, "Tennis shoes", "테니스 신발", "$80", "80,000원"),
    (11, "Cycling shoes", "자전거 신발", "$150", "150,000원"),
    (29, "Golf shoes", "골프 신발", "$115", "115,000원"),
    (30, "Wide-fit work shoes", "작업용 안전 신발", "$70", "70,000원"),
    (31, "Beach sandal shoes", "해변 샌들 신발", "$29", "29,000원"),
    (12, "Yoga mat", "요가 매트", "$30", "30,000원"),
    (13, "Steel water bottle", "스테인리스 물병", "$18", "18,000원"),
    (14, "Wool socks", "울 양말", "$12", "12,000원"),
    (15, "Rain jacket", "방수 재킷", "$75", "75,000원"),
    (16, "Down jacket", "구스다운 재킷", "$180", "180,000원"),
    (17, "Denim jacket", "청 재킷", "$65", "65,000원"),
    (18, "Backpack 20 L", "20리터 배낭", "$55", "55,000원"),
    (19, "Travel backpack 40 L", "40리터 여행 배낭", "$99", "99,000원"),
    (20, "Sun hat", "햇빛 가리개 모자", "$22", "22,000원"),
    (21, "Wool beanie hat", "울 비니 모자", "$19", "19,000원"),
    (22, "Cotton t-shirt", "면 티셔츠", "$15", "15,000원"),
    (23, "Running shorts", "러닝 반바지", "$28", "28,000원"),
    (24, "Fleece gloves", "플리스 장갑", "$16", "16,000원"),
    (25, "Leather gloves", "가죽 장갑", "$42", "42,000원"),
    (26, "Camping lantern", "캠핑 랜턴", "$34", "34,000원"),
    (27, "Camping chair", "캠핑 의자", "$48", "48,000원"),
    (28, "Thermal mug", "보온 머그컵", "$21", "21,000원"),
]

_COUNTRIES = {
    "en": ["Canada", "France", "Germany", "Japan", "South Korea", "United Kingdom", "United States"],
    "ko": ["서울", "부산", "대구", "인천", "광주", "대전", "제주"],
}

_TEAM = {
    "en": [("Alice Martin", "alice@example.com", "Admin"), ("Bob Chen", "bob@example.com", "Editor"),
           ("Carol Diaz", "carol@example.com", "Viewer"), ("Dan Okafor", "dan@example.com", "Editor"),
           ("Eve Kim", "eve@example.com", "Viewer")],
    "ko": [("김민수", "minsu@example.kr", "관리자"), ("이서연", "seoyeon@example.kr", "편집자"),
           ("박지훈", "jihoon@example.kr", "뷰어"), ("최유진", "yujin@example.kr", "편집자"),
           ("정하늘", "haneul@example.kr", "뷰어")],
}  # fmt: skip
_ROLES = {"en": ["Viewer", "Editor", "Admin"], "ko": ["뷰어", "편집자", "관리자"]}

# file name → (English title, Korean title, content type, body)
_FILES: dict[str, tuple[str, str, str, bytes]] = {
    "monthly-report.csv": ("Monthly sales report (CSV)", "월간 매출 보고서 (CSV)", "text/csv",
                           b"month,revenue\n2024-01,18240\n2024-02,19875\n2024-03,21310\n"),
    "invoice-march.pdf": ("March invoice (PDF)", "3월 청구서 (PDF)", "application/pdf",
                          (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>"
                           b"endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")),
    "price-list.txt": ("Price list (text)", "가격표 (텍스트)", "text/plain; charset=utf-8",
                       "\n".join(f"{p[1]}\t{p[3]}" for p in _PRODUCTS).encode()),
}  # fmt: skip

# --- pages ---------------------------------------------------------------------------------------------------------

_CSS = """
*{box-sizing:border-box} body{font:16px/1.45 system-ui,'Noto Sans CJK KR','NanumGothic',sans-serif;margin:0;color:#1d2330}
header{background:#1f3b63;color:#fff;padding:10px 24px;display:flex;gap:18px;align-items:center}
header a{color:#fff;text-decoration:none} header .brand{font-weight:700;margin-right:12px}
main{max-width:860px;margin:24px auto;padding:0 24px 120px}
label{display:block;margin:12px 0 4px;font-weight:600} input[type=text],input[type=password],input[type=email],
input[type=search],input[type=date],input[type=number],textarea,select{font:inherit;padding:6px 8px;width:320px;
border:1px solid #99a;border-radius:4px} button,.btn{font:inherit;padding:6px 14px;border-radius:4px;
border:1px solid #1f3b63;background:#1f3b63;color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary{background:#fff;color:#1f3b63} .inline label{display:inline;font-weight:400;margin-right:14px}
#status{margin:16px 0;padding:10px 14px;border-radius:4px;background:#e4f4e4;color:#164d16;display:none}
#status.error{background:#fbe4e4;color:#7a1010} #status:not(:empty){display:block}
table{border-collapse:collapse;width:100%} th,td{border-bottom:1px solid #ccd;padding:8px;text-align:left}
.results li{margin:8px 0} .pager a,.pager span{margin-right:10px}
#cookie-banner{position:fixed;left:0;right:0;bottom:0;background:#222;color:#fff;padding:14px 24px;display:flex;
gap:14px;align-items:center;z-index:10} #cookie-banner p{margin:0;flex:1}
.combo{position:relative;width:320px} .combo [role=combobox]{width:100%;text-align:left;background:#fff;
color:#1d2330;border:1px solid #99a} .combo [role=listbox]{position:absolute;top:100%;left:0;right:0;margin:0;
padding:0;list-style:none;background:#fff;border:1px solid #99a;z-index:5} .combo [role=option]{padding:6px 10px;
cursor:pointer} .combo [role=option]:hover{background:#e8eef8} [hidden]{display:none!important}
.modal-bg{position:fixed;inset:0;background:rgba(0,0,0,.4);display:flex;align-items:center;justify-content:center;
z-index:20} .modal{background:#fff;padding:22px;border-radius:6px;min-width:340px}
"""

_JS = """
window.tp = {
  lang: document.documentElement.lang,
  log(ev) {
    ev = Object.assign({}, ev, {lang: document.documentElement.lang});
    window.__done = ev;
    document.body.dataset.done = ev.event;
    return fetch('/api/event', {method: 'POST', headers: {'Content-Type': 'application/json'},
                               body: JSON.stringify(ev)});
  },
  say(text, error) {
    const s = document.getElementById('status');
    s.textContent = text; s.className = error ? 'error' : '';
  },
};
document.addEventListener('DOMContentLoaded', () => {
  const banner = document.getElementById('cookie-banner');
  if (!banner) return;
  for (const b of banner.querySelectorAll('button')) b.addEventListener('click', () => {
    document.cookie = 'consent=' + b.value + '; path=/';
    banner.remove();
    tp.log({event: 'cookies', choice: b.value});
  });
});
"""


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


@dataclass
class _Visitor:
    lang: str
    user: str | None
    consent: bool

    @property
    def words(self) -> dict[str, str]:
        return _WORDS[self.lang]

    def link(self, path: str) -> str:
        return ("/ko" if self.lang == "ko" else "") + path


def _layout(v: _Visitor, title: str, body: str, *, status: str = "", error: bool = False, script: str = "") -> str:
    w = v.words
    nav = "".join(
        f'<a href="{v.link(p)}">{_esc(w[k])}</a>'
        for k, p in (("home", "/"), ("login", "/login"), ("search", "/search"), ("form", "/form"),
                     ("team", "/team"), ("downloads", "/downloads"))
    )  # fmt: skip
    other = ("English", "/") if v.lang == "ko" else ("한국어", "/ko/")
    banner = (
        ""
        if v.consent
        else f'<div id="cookie-banner" role="region" aria-label="cookies"><p>{_esc(w["cookie_text"])}</p>'
        f'<button type="button" value="accepted">{_esc(w["accept"])}</button>'
        f'<button type="button" class="secondary" value="rejected">{_esc(w["reject"])}</button></div>'
    )
    user = f'<span style="margin-left:auto">{_esc(v.user)}</span>' if v.user else ""
    return (
        f'<!doctype html><html lang="{v.lang}"><head><meta charset="utf-8"><title>{_esc(title)} · {_esc(w["site"])}'
        f'</title><link rel="stylesheet" href="/site.css"><script src="/site.js"></script></head><body>'
        f'<header><span class="brand">{_esc(w["site"])}</span>{nav}<a href="{other[1]}" lang="{"en" if v.lang == "ko" else "ko"}">'
        f"{other[0]}</a>{user}</header><main><h1>{_esc(title)}</h1>"
        f'<div id="status" role="status" class="{"error" if error else ""}">{_esc(status)}</div>{body}</main>'
        f"{banner}{f'<script>{script}</script>' if script else ''}</body></html>"
    )


def _home(v: _Visitor) -> str:
    w = v.words
    links = "".join(
        f'<li><a href="{v.link(p)}">{_esc(w[k])}</a></li>'
        for k, p in (("login", "/login"), ("search", "/search"), ("form", "/form"), ("team", "/team"),
                     ("downloads", "/downloads"))
    )  # fmt: skip
    return _layout(v, w["site"], f"<p>{_esc(w['intro'])}</p><ul>{links}</ul>")


def _login(v: _Visitor, *, error: str = "", username: str = "") -> str:
    w = v.words
    body = (
        f'<form method="post" action="{v.link("/login")}">'
        f'<label for="username">{_esc(w["username"])}</label>'
        f'<input type="text" id="username" name="username" autocomplete="username" value="{_esc(username)}">'
        f'<label for="password">{_esc(w["password"])}</label>'
        f'<input type="password" id="password" name="password" autocomplete="current-password">'
        f'<p class="inline"><input type="checkbox" id="remember" name="remember" value="1">'
        f'<label for="remember">{_esc(w["remember"])}</label></p>'
        f'<button type="submit">{_esc(w["signin"])}</button> <a href="#" style="margin-left:14px">{_esc(w["forgot"])}</a>'
        f"</form>"
    )
    return _layout(v, w["login"], body, status=error, error=bool(error))


def _account(v: _Visitor) -> str:
    w = v.words
    body = (
        f'<form method="post" action="{v.link("/logout")}"><button type="submit">{_esc(w["signout"])}</button></form>'
        f'<p><a href="{v.link("/search")}">{_esc(w["search"])}</a> · <a href="{v.link("/form")}">{_esc(w["form"])}</a></p>'
    )
    return _layout(v, w["welcome"].format(user=v.user or ""), body, status=w["welcome"].format(user=v.user or ""))


def _name(v: _Visitor, product: tuple[int, str, str, str, str]) -> str:
    return product[2] if v.lang == "ko" else product[1]


def _search(v: _Visitor, q: str, page: int) -> str:
    w = v.words
    form = (
        f'<form method="get" action="{v.link("/search")}" role="search">'
        f'<label for="q">{_esc(w["query"])}</label>'
        f'<input type="search" id="q" name="q" value="{_esc(q)}"> <button type="submit">{_esc(w["search_btn"])}</button>'
        f"</form>"
    )
    if not q:
        return _layout(v, w["search"], form)
    words = q.casefold().split()
    hits = [p for p in _PRODUCTS if all(t in _name(v, p).casefold() for t in words)]
    if not hits:
        return _layout(v, w["search"], form, status=w["no_results"].format(q=q))
    pages = (len(hits) + PAGE_SIZE - 1) // PAGE_SIZE
    page = min(max(page, 1), pages)
    shown = hits[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    items = "".join(
        f'<li><a href="{v.link(f"/item/{p[0]}")}?{urlencode({"q": q, "page": page})}">{_esc(_name(v, p))}</a> — '
        f"{_esc(p[4] if v.lang == 'ko' else p[3])}</li>"
        for p in shown
    )

    def page_link(n: int, text: str, label: str) -> str:
        return f'<a href="{v.link("/search")}?{urlencode({"q": q, "page": n})}" aria-label="{_esc(label)}">{_esc(text)}</a>'

    pager = []
    if page > 1:
        pager.append(page_link(page - 1, w["prev"], w["prev"]))
    for n in range(1, pages + 1):
        pager.append(
            f'<span aria-current="page"><b>{n}</b></span>'
            if n == page
            else page_link(n, str(n), w["page_label"].format(p=n))
        )
    if page < pages:
        pager.append(page_link(page + 1, w["next"], w["next"]))
    body = (
        f"{form}<p>{_esc(w['results'].format(n=len(hits), q=q))} · {_esc(w['page_of'].format(p=page, n=pages))}</p>"
        f'<ol class="results" start="{(page - 1) * PAGE_SIZE + 1}">{items}</ol>'
        f'<nav class="pager" aria-label="pagination">{"".join(pager)}</nav>'
    )
    return _layout(v, w["search"], body, status=w["page_of"].format(p=page, n=pages))


def _item(v: _Visitor, product: tuple[int, str, str, str, str], back: str) -> str:
    w, name = v.words, _name(v, product)
    body = (
        f"<p>{_esc(w['price'])}: <b>{_esc(product[4] if v.lang == 'ko' else product[3])}</b></p>"
        f'<label for="qty">{_esc(w["qty"])}</label><input type="number" id="qty" min="1" max="9" value="1">'
        f'<p><button type="button" id="add">{_esc(w["add"])}</button></p>'
        f'<p><a href="{_esc(back)}">{_esc(w["back"])}</a></p>'
    )
    script = (
        f"document.getElementById('add').addEventListener('click', () => {{"
        f"const qty = parseInt(document.getElementById('qty').value || '1', 10);"
        f"tp.log({{event: 'add_to_cart', item: {json.dumps(name)}, id: {product[0]}, qty}});"
        f"tp.say({json.dumps(w['added'])}.replace('{{qty}}', qty).replace('{{item}}', {json.dumps(name)}));}});"
    )
    return _layout(v, name, body, script=script)


def _form(v: _Visitor) -> str:
    w = v.words
    speeds = "".join(
        f'<input type="radio" name="speed" id="speed-{s}" value="{s}"{" checked" if s == "standard" else ""}>'
        f'<label for="speed-{s}">{_esc(w[s])}</label>'
        for s in ("standard", "express", "overnight")
    )
    options = "".join(f'<li role="option" aria-selected="false">{_esc(c)}</li>' for c in _COUNTRIES[v.lang])
    body = f"""
<form id="booking" novalidate>
<label for="name">{_esc(w["name"])}</label><input type="text" id="name" name="name" autocomplete="name">
<label for="email">{_esc(w["email"])}</label><input type="email" id="email" name="email">
<label for="date">{_esc(w["date"])}</label><input type="date" id="date" name="date">
<fieldset style="border:0;padding:0;margin:12px 0"><legend style="font-weight:600">{_esc(w["speed"])}</legend>
<div class="inline">{speeds}</div></fieldset>
<label id="country-label">{_esc(w["country"])}</label>
<div class="combo"><button type="button" role="combobox" id="country" aria-labelledby="country-label"
 aria-haspopup="listbox" aria-expanded="false" aria-controls="country-list">{_esc(w["choose"])} ▾</button>
<ul role="listbox" id="country-list" aria-labelledby="country-label" hidden>{options}</ul></div>
<label for="notes">{_esc(w["notes"])}</label><textarea id="notes" name="notes" rows="2"></textarea>
<p class="inline"><input type="checkbox" id="terms" name="terms"><label for="terms">{_esc(w["terms"])}</label></p>
<button type="submit">{_esc(w["book"])}</button>
</form>"""
    labels = {k: w[k] for k in ("name", "date", "country", "terms")}
    script = f"""
const combo = document.getElementById('country'), list = document.getElementById('country-list');
let country = '';
combo.addEventListener('click', () => {{ list.hidden = !list.hidden; combo.setAttribute('aria-expanded', !list.hidden); }});
for (const o of list.querySelectorAll('[role=option]')) o.addEventListener('click', () => {{
  country = o.textContent; combo.textContent = country + ' ▾'; list.hidden = true;
  combo.setAttribute('aria-expanded', 'false');
  for (const p of list.querySelectorAll('[role=option]')) p.setAttribute('aria-selected', p === o);
}});
document.getElementById('booking').addEventListener('submit', (e) => {{
  e.preventDefault();
  const f = e.target, labels = {json.dumps(labels, ensure_ascii=False)};
  const data = {{name: f.name.value.trim(), email: f.email.value.trim(), date: f.date.value,
                speed: f.speed.value, country, notes: f.notes.value.trim(), terms: f.terms.checked}};
  const missing = ['name', 'date', 'country', 'terms'].filter((k) => !data[k]).map((k) => labels[k]);
  if (missing.length) {{ tp.say({json.dumps(w["missing"], ensure_ascii=False)}.replace('{{fields}}', missing.join(', ')), true); return; }}
  tp.log(Object.assign({{event: 'booking'}}, data));
  tp.say({json.dumps(w["booked"], ensure_ascii=False)}.replace('{{date}}', data.date));
}});
"""
    return _layout(v, w["form"], body, script=script)


def _team(v: _Visitor) -> str:
    w = v.words
    rows = "".join(
        f'<tr data-name="{_esc(n)}"><td>{_esc(n)}</td><td class="email">{_esc(e)}</td><td class="role">{_esc(r)}</td>'
        f'<td><button type="button" class="secondary edit" aria-label="{_esc(w["edit"])} {_esc(n)}">{_esc(w["edit"])}</button> '
        f'<button type="button" class="delete" aria-label="{_esc(w["delete"])} {_esc(n)}">{_esc(w["delete"])}</button></td></tr>'
        for n, e, r in _TEAM[v.lang]
    )
    body = f"""
<table><thead><tr><th>{_esc(w["member"])}</th><th>{_esc(w["email"])}</th><th>{_esc(w["role"])}</th>
<th>{_esc(w["actions"])}</th></tr></thead><tbody>{rows}</tbody></table>
<div class="modal-bg" id="confirm" hidden><div class="modal" role="dialog" aria-modal="true" aria-labelledby="confirm-q">
<p id="confirm-q"></p><button type="button" class="secondary" id="confirm-cancel">{_esc(w["cancel"])}</button>
<button type="button" id="confirm-delete">{_esc(w["delete"])}</button></div></div>"""
    roles = json.dumps(_ROLES[v.lang], ensure_ascii=False)
    text = json.dumps({k: w[k] for k in ("confirm_q", "deleted", "saved", "kept", "save", "cancel", "email", "role")},
                      ensure_ascii=False)  # fmt: skip
    script = f"""
const W = {text}, ROLES = {roles}, modal = document.getElementById('confirm');
let pending = null;
document.querySelector('tbody').addEventListener('click', (ev) => {{
  const b = ev.target.closest('button'); if (!b) return;
  const tr = b.closest('tr'), n = tr.dataset.name, email = tr.querySelector('.email'), role = tr.querySelector('.role');
  const cell = b.parentElement;
  if (b.classList.contains('delete')) {{
    pending = tr; document.getElementById('confirm-q').textContent = W.confirm_q.replace('{{name}}', n);
    modal.hidden = false;
  }} else if (b.classList.contains('edit')) {{
    tr.dataset.keep = cell.innerHTML; tr.dataset.old = JSON.stringify([email.textContent, role.textContent]);
    email.innerHTML = '<input type="email" aria-label="' + W.email + '">';
    email.firstChild.value = JSON.parse(tr.dataset.old)[0];
    role.innerHTML = '<select aria-label="' + W.role + '">' + ROLES.map((r) => '<option>' + r + '</option>').join('') + '</select>';
    role.firstChild.value = JSON.parse(tr.dataset.old)[1];
    cell.innerHTML = '<button type="button" class="save">' + W.save + '</button> '
      + '<button type="button" class="secondary cancel">' + W.cancel + '</button>';
  }} else if (b.classList.contains('save')) {{
    const e = email.firstChild.value.trim(), r = role.firstChild.value;
    email.textContent = e; role.textContent = r; cell.innerHTML = tr.dataset.keep;
    tp.log({{event: 'edit', row: n, email: e, role: r}}); tp.say(W.saved.replace('{{name}}', n));
  }} else if (b.classList.contains('cancel')) {{
    const old = JSON.parse(tr.dataset.old);
    email.textContent = old[0]; role.textContent = old[1]; cell.innerHTML = tr.dataset.keep;
  }}
}});
document.getElementById('confirm-cancel').addEventListener('click', () => {{
  modal.hidden = true; tp.log({{event: 'delete_cancelled', row: pending.dataset.name}}); tp.say(W.kept); pending = null;
}});
document.getElementById('confirm-delete').addEventListener('click', () => {{
  modal.hidden = true; const n = pending.dataset.name; pending.remove(); pending = null;
  tp.log({{event: 'delete', row: n}}); tp.say(W.deleted.replace('{{name}}', n));
}});
"""
    return _layout(v, w["team_title"], body, script=script)


def _downloads(v: _Visitor) -> str:
    w = v.words
    rows = "".join(
        f"<tr><td>{_esc(ko if v.lang == 'ko' else en)}</td><td>{len(body):,} B</td>"
        f'<td><a class="btn" href="/files/{quote(name)}" download aria-label="{_esc(w["download"])} '
        f'{_esc(ko if v.lang == "ko" else en)}">{_esc(w["download"])}</a></td></tr>'
        for name, (en, ko, _, body) in _FILES.items()
    )
    body = (
        f"<table><thead><tr><th>{_esc(w['file'])}</th><th>{_esc(w['size'])}</th><th></th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )
    return _layout(v, w["dl_title"], body)


# --- the server ----------------------------------------------------------------------------------------------------


@dataclass
class _State:
    """The event log, shared by every request of one server."""

    log: list[Event] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    extra_dir: Path | None = None

    def add(self, event: Event, visitor: str | None) -> None:
        with self.lock:
            self.log.append({**event, "visitor": visitor} if visitor else dict(event))

    def snapshot(self, visitor: str | None = None) -> list[Event]:
        with self.lock:
            return [e for e in self.log if visitor is None or e.get("visitor") == visitor]

    def clear(self) -> None:
        with self.lock:
            self.log.clear()


_Answer = tuple[int, dict[str, str], bytes]
_HTML = "text/html; charset=utf-8"


def _page(text: str, status: int = 200, headers: dict[str, str] | None = None) -> _Answer:
    return status, {"Content-Type": _HTML, "Cache-Control": "no-store", **(headers or {})}, text.encode()


def _redirect(to: str, headers: dict[str, str] | None = None) -> _Answer:
    return 303, {"Location": to, **(headers or {})}, b""


def _cookies(header: str) -> dict[str, str]:
    jar = {}
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key:
            jar[key] = value
    return jar


def _handler(state: _State) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # keep the callers' output clean
            pass

        def _who(self) -> str | None:
            """The ``visitor`` cookie: whose log an event goes to (tasks run side by side each set their own)."""
            return _cookies(self.headers.get("Cookie", "")).get("visitor") or None

        def _visitor(self, path: str) -> tuple[_Visitor, str]:
            jar = _cookies(self.headers.get("Cookie", ""))
            lang, rest = ("ko", path[3:] or "/") if path == "/ko" or path.startswith("/ko/") else ("en", path)
            user = jar.get("user") or None
            return _Visitor(lang, unquote(user) if user else None, "consent" in jar), rest

        def _send(self, answer: _Answer) -> None:
            status, headers, body = answer
            try:
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):  # the browser went away first
                pass

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            self._send(self._get(url.path, {k: v[-1] for k, v in parse_qs(url.query).items()}))

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            self._send(self._post(urlsplit(self.path).path, body))

        def _get(self, path: str, query: dict[str, str]) -> _Answer:
            if path == "/site.css":
                return 200, {"Content-Type": "text/css"}, _CSS.encode()
            if path == "/site.js":
                return 200, {"Content-Type": "text/javascript"}, _JS.encode()
            if path == "/api/log":
                return (
                    200,
                    {"Content-Type": "application/json", "Cache-Control": "no-store"},
                    json.dumps(state.snapshot(query.get("visitor")), ensure_ascii=False).encode(),
                )
            if path == "/favicon.ico":
                return 204, {}, b""
            if path.startswith("/files/"):
                return self._file(path.removeprefix("/files/"))
            if path.startswith("/extra/"):
                return self._extra(path.removeprefix("/extra/"))
            v, rest = self._visitor(path)
            pages: dict[str, Callable[[], str]] = {
                "/": lambda: _home(v), "/login": lambda: _login(v), "/form": lambda: _form(v),
                "/team": lambda: _team(v), "/downloads": lambda: _downloads(v),
            }  # fmt: skip
            if rest in pages:
                return _page(pages[rest]())
            if rest == "/account":
                return _page(_account(v)) if v.user else _redirect(v.link("/login"))
            if rest == "/search":
                q = query.get("q", "").strip()
                page = int(query["page"]) if query.get("page", "").isdigit() else 1
                if q:
                    state.add({"event": "search", "q": q, "page": page, "lang": v.lang}, self._who())
                return _page(_search(v, q, page))
            if rest.startswith("/item/") and rest[6:].isdigit():
                found = [p for p in _PRODUCTS if p[0] == int(rest[6:])]
                if found:
                    state.add({"event": "view", "item": _name(v, found[0]), "lang": v.lang}, self._who())
                    back = f"{v.link('/search')}?{urlencode({'q': query.get('q', ''), 'page': query.get('page', 1)})}"
                    return _page(_item(v, found[0], back))
            return _page(_layout(v, "404", "<p>Not found.</p>"), 404)

        def _file(self, name: str) -> _Answer:
            name = unquote(name)
            if name not in _FILES:
                return 404, {"Content-Type": "text/plain"}, b"no such file"
            state.add({"event": "download", "file": name}, self._who())
            ctype, body = _FILES[name][2], _FILES[name][3]
            return 200, {"Content-Type": ctype, "Content-Disposition": f'attachment; filename="{name}"'}, body

        def _extra(self, name: str) -> _Answer:
            root = state.extra_dir
            if root is None:
                return 404, {"Content-Type": "text/plain"}, b"no extra pages"
            path = (root / name).resolve()
            if not path.is_file() or root.resolve() not in path.parents:
                return 404, {"Content-Type": "text/plain"}, b"not found"
            ctype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            if ctype.startswith("text/"):
                ctype += "; charset=utf-8"
            return 200, {"Content-Type": ctype, "Cache-Control": "no-store"}, path.read_bytes()

        def _post(self, path: str, body: bytes) -> _Answer:
            if path == "/api/event":
                try:
                    event = json.loads(body)
                except ValueError:
                    return 400, {"Content-Type": "text/plain"}, b"not JSON"
                if not isinstance(event, dict) or not isinstance(event.get("event"), str):
                    return 400, {"Content-Type": "text/plain"}, b"an event is an object with an 'event' name"
                state.add(event, self._who())
                return 204, {}, b""
            if path == "/api/reset":
                state.clear()
                return 204, {}, b""
            v, rest = self._visitor(path)
            form = {k: vs[-1] for k, vs in parse_qs(body.decode("utf-8", "replace")).items()}
            if rest == "/login":
                user, password = form.get("username", "").strip(), form.get("password", "")
                if ACCOUNTS.get(user) == password and user:
                    state.add(
                        {"event": "login", "user": user, "remember": "remember" in form, "lang": v.lang}, self._who()
                    )
                    cookie = f"user={quote(user)}; Path=/" + ("; Max-Age=2592000" if "remember" in form else "")
                    return _redirect(v.link("/account"), {"Set-Cookie": cookie})
                state.add({"event": "login_failed", "user": user, "lang": v.lang}, self._who())
                return _page(_login(v, error=v.words["bad_login"], username=user))
            if rest == "/logout":
                state.add({"event": "logout", "user": v.user, "lang": v.lang}, self._who())
                v.user = None
                page = _layout(v, v.words["signout"], "", status=v.words["signed_out"])
                return _page(page, headers={"Set-Cookie": "user=; Path=/; Max-Age=0"})
            return 404, {"Content-Type": "text/plain"}, b"not found"

    return Handler


def serve(
    port: int = 0, *, host: str = "127.0.0.1", extra_dir: str | Path | None = None
) -> tuple[str, Callable[[], None]]:
    """Start the site on ``host:port`` (0: a free port) in a daemon thread; returns ``(base_url, stop)``.

    ``extra_dir``: a folder of static pages served under ``/extra/`` (they may use ``/site.js``).
    """
    state = _State(extra_dir=Path(extra_dir) if extra_dir is not None else None)
    server = ThreadingHTTPServer((host, port), _handler(state))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="example-site", daemon=True)
    thread.start()

    def stop() -> None:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)

    return f"http://{host}:{server.server_port}", stop


def events(url: str, *, visitor: str | None = None, timeout_s: float = 5.0) -> list[Event]:
    """The event log of the site at ``url`` (its base URL), oldest first.

    ``visitor``: only the events of browsers whose ``visitor`` cookie has that value (each then
    carries ``"visitor": value``); None: every event.
    """
    query = f"?{urlencode({'visitor': visitor})}" if visitor else ""
    with urllib.request.urlopen(f"{url.rstrip('/')}/api/log{query}", timeout=timeout_s) as answer:
        log: list[Event] = json.loads(answer.read())
    return log


def reset(url: str, *, timeout_s: float = 5.0) -> None:
    """Empty the event log of the site at ``url``."""
    request = urllib.request.Request(f"{url.rstrip('/')}/api/reset", data=b"", method="POST")
    with urllib.request.urlopen(request, timeout=timeout_s):
        pass


def main() -> None:
    ap = argparse.ArgumentParser(description="Serve the example site on 127.0.0.1.")
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--extra-dir", type=Path, help="a folder of extra static pages, served under /extra/")
    args = ap.parse_args()
    url, stop = serve(args.port, extra_dir=args.extra_dir)
    print(f"serving {url}/ (English) and {url}/ko/ (Korean); Ctrl-C stops")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        stop()


if __name__ == "__main__":
    main()
