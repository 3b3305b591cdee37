"""Grounding on hand-built observations: every query feature in English and Korean, and not-found cases.

The observations are built the way :func:`perception.screen.observe` reports pages (roles, names,
boxes in CSS px, states, colours), so these tests are pure and fast; the browser tests of the click
tool and the grounding benchmark cover real pages.
"""

from __future__ import annotations

import struct
import zlib
from typing import Any

import pytest

from model.errors import ConfigError, ModelError
from model.protocol import (
    EmbedRequest,
    EmbedResponse,
    GenerateRequest,
    GenerateResponse,
    GroundRequest,
    GroundResponse,
    LayoutRequest,
    LayoutResponse,
    ModelBox,
    OcrRequest,
    OcrResponse,
)
from perception.grounding import ground
from perception.types import BBox, Element, ElementStates, Grounding, Observation, TextSpan


class Page:
    """Builds an Observation element by element: ``p.add("button", "Save", (x, y, w, h))`` returns its index."""

    def __init__(self, viewport: tuple[int, int] = (1280, 800), lang: str = "en") -> None:
        self.elements: list[Element] = []
        self.spans: list[TextSpan] = []
        self.viewport, self.lang = viewport, lang

    def add(self, role: str, name: str, box: tuple[float, float, float, float], *, tag: str = "",
            text: str | None = None, **kw: Any) -> int:  # fmt: skip
        x, y, w, h = box
        states = kw.pop("states", {})
        attrs = kw.pop("attributes", {})
        default_tag = {"button": "button", "link": "a", "textbox": "input", "checkbox": "input", "radio": "input",
                       "heading": "h2", "img": "img", "combobox": "select", "slider": "input", "cell": "td",
                       "dialog": "div", "row": "tr", "switch": "button", "tab": "button", "searchbox": "input",
                       "canvas": "canvas"}.get(role, "span")  # fmt: skip
        interactive = kw.pop("interactive", role in {"button", "link", "textbox", "checkbox", "radio", "combobox",
                                                         "slider", "switch", "tab", "searchbox", "menuitem"})  # fmt: skip
        i = len(self.elements)
        self.elements.append(Element(
            index=i, role=role, name=name, text=name if text is None else text, tag=tag or default_tag,
            attributes=attrs, states=ElementStates(**states),
            bbox=BBox(x0=x, y0=y, x1=x + w, y1=y + h, space="css_px"), interactive=interactive,
            in_viewport=y < self.viewport[1] and y + h > 0, **kw,
        ))  # fmt: skip
        return i

    def span(self, text: str, box: tuple[float, float, float, float], element: int | None = None) -> None:
        x, y, w, h = box
        self.spans.append(TextSpan(text=text, bbox=BBox(x0=x, y0=y, x1=x + w, y1=y + h, space="css_px"),
                                   score=0.95, element=element))  # fmt: skip

    def obs(self, screenshot: bytes = b"") -> Observation:
        return Observation(url="http://test.local/", viewport=self.viewport, elements=tuple(self.elements),
                           text_spans=tuple(self.spans), lang=self.lang, screenshot=screenshot)  # fmt: skip


# -- pages -------------------------------------------------------------------------------------------
def login_page() -> tuple[Observation, dict[str, int]]:
    p = Page()
    ids = {
        "title": p.add("heading", "Sign in to Acme", (440, 80, 400, 40), tag="h1"),
        "email_label": p.add("text", "Email address", (440, 150, 120, 20), tag="label", interactive=False),
        "email": p.add("textbox", "Email address", (440, 172, 400, 36), text="",
                       attributes={"type": "email", "placeholder": "you@example.com", "id": "email"}),
        "pw_label": p.add("text", "Password", (440, 220, 120, 20), tag="label", interactive=False),
        "password": p.add("textbox", "Password", (440, 242, 400, 36), text="",
                          attributes={"type": "password", "id": "password"}),
        "remember": p.add("checkbox", "Remember me", (440, 292, 16, 16), text="",
                          states={"checked": False}, attributes={"type": "checkbox"}),
        "remember_label": p.add("text", "Remember me", (462, 290, 100, 20), tag="label", interactive=False),
        "forgot": p.add("link", "Forgot password?", (700, 290, 140, 20)),
        "signin": p.add("button", "Sign in", (440, 330, 190, 40), color="#2563eb", text_color="#ffffff"),
        "cancel": p.add("button", "Cancel", (650, 330, 190, 40), color="#e5e7eb", text_color="#111827"),
        "create": p.add("link", "Create an account", (560, 390, 160, 20)),
        "help": p.add("link", "Help", (1180, 20, 50, 20)),
        "logo": p.add("img", "Acme", (20, 15, 100, 30), attributes={"alt": "Acme"}, text=""),
    }
    return p.obs(), ids


def table_page() -> tuple[Observation, dict[str, int]]:
    p = Page()
    ids: dict[str, int] = {"heading": p.add("heading", "Team members", (40, 40, 300, 36), tag="h1")}
    for col, (name, x) in enumerate([("Name", 40), ("Email", 300), ("Role", 620), ("Actions", 860)]):
        ids[f"h_{name}"] = p.add("columnheader", name, (x, 100, 200, 30), tag="th", interactive=False)
        del col
    for r, (who, mail, role) in enumerate([("Alice Kim", "alice@acme.io", "Admin"), ("Bob Lee", "bob@acme.io",
                                           "Editor"), ("Carol Park", "carol@acme.io", "Viewer")]):  # fmt: skip
        y = 140 + 50 * r
        key = who.split()[0].lower()
        ids[f"{key}_name"] = p.add("cell", who, (40, y, 200, 40), interactive=False)
        ids[f"{key}_mail"] = p.add("cell", mail, (300, y, 250, 40), interactive=False)
        ids[f"{key}_role"] = p.add("cell", role, (620, y, 150, 40), interactive=False)
        ids[f"{key}_edit"] = p.add("link", "Edit", (860, y + 8, 40, 24))
        ids[f"{key}_delete"] = p.add("button", "Delete", (920, y + 4, 80, 32), color="#dc2626", text_color="#ffffff")
    ids["add"] = p.add("button", "Add member", (40, 320, 140, 40), color="#16a34a", text_color="#ffffff")
    ids["next"] = p.add("link", "Next", (900, 330, 60, 24))
    ids["prev"] = p.add("link", "Previous", (800, 330, 80, 24))
    return p.obs(), ids


def settings_page() -> tuple[Observation, dict[str, int]]:
    p = Page()
    ids = {
        "page_save": p.add("button", "Save", (1100, 20, 100, 36), occluded=True),
        "dialog": p.add("dialog", "Settings", (340, 150, 600, 460), interactive=False, text=""),
        "dlg_title": p.add("heading", "Settings", (370, 170, 300, 30)),
        "close": p.add("button", "Close", (890, 165, 30, 30), text="×", attributes={"aria-label": "Close"}),
        "dark": p.add("switch", "Dark mode", (860, 230, 50, 26), states={"checked": True}, text=""),
        "dark_label": p.add("text", "Dark mode", (370, 232, 200, 22), interactive=False),
        "notify": p.add("checkbox", "Email notifications", (370, 280, 16, 16), states={"checked": False}, text=""),
        "notify_label": p.add("text", "Email notifications", (392, 278, 200, 22), tag="label", interactive=False),
        "sms": p.add("checkbox", "SMS alerts", (370, 320, 16, 16), states={"checked": True}, text=""),
        "sms_label": p.add("text", "SMS alerts", (392, 318, 200, 22), tag="label", interactive=False),
        "lang_label": p.add("text", "Language", (370, 370, 120, 22), tag="label", interactive=False),
        "language": p.add("combobox", "Language", (600, 365, 300, 34), value="English", text="English"),
        "volume_label": p.add("text", "Volume", (370, 430, 120, 22), tag="label", interactive=False),
        "volume": p.add("slider", "Volume", (600, 430, 300, 20), value="40", text=""),
        "reset": p.add("button", "Reset to defaults", (370, 550, 160, 36), states={"disabled": True}),
        "cancel": p.add("button", "Cancel", (700, 550, 100, 36)),
        "save": p.add("button", "Save", (820, 550, 100, 36), color="#2563eb", text_color="#ffffff"),
    }
    return p.obs(), ids


def korean_page() -> tuple[Observation, dict[str, int]]:
    p = Page(lang="ko")
    ids = {
        "title": p.add("heading", "로그인", (440, 80, 400, 40), tag="h1"),
        "id_label": p.add("text", "아이디", (440, 150, 120, 20), tag="label", interactive=False),
        "id": p.add("textbox", "아이디", (440, 172, 400, 36), text="", attributes={"placeholder": "아이디를 입력하세요"}),
        "pw_label": p.add("text", "비밀번호", (440, 220, 120, 20), tag="label", interactive=False),
        "pw": p.add("textbox", "비밀번호", (440, 242, 400, 36), text="", attributes={"type": "password"}),
        "keep": p.add("checkbox", "로그인 상태 유지", (440, 292, 16, 16), text="", states={"checked": False}),
        "keep_label": p.add("text", "로그인 상태 유지", (462, 290, 140, 20), tag="label", interactive=False),
        "login": p.add("button", "로그인", (440, 330, 400, 44), color="#03c75a", text_color="#ffffff"),
        "find_pw": p.add("link", "비밀번호 찾기", (440, 390, 100, 20)),
        "find_id": p.add("link", "아이디 찾기", (560, 390, 90, 20)),
        "join": p.add("link", "회원가입", (670, 390, 70, 20)),
        "search": p.add("searchbox", "검색", (900, 20, 250, 34), text="", attributes={"placeholder": "검색어 입력"}),
        "search_btn": p.add("button", "검색", (1160, 20, 60, 34)),
    }
    return p.obs(), ids


def canvas_page() -> tuple[Observation, dict[str, int]]:
    p = Page()
    ids = {
        "heading": p.add("heading", "Checkout", (40, 30, 300, 40)),
        "canvas": p.add("canvas", "", (40, 100, 600, 300), tag="canvas", interactive=False, text=""),
        "icon": p.add("button", "", (700, 100, 40, 40), text=""),
        "img": p.add("img", "", (800, 100, 300, 120), text=""),
    }
    p.span("Pay now", (80, 140, 90, 22), element=ids["canvas"])
    p.span("Back to cart", (80, 300, 130, 22), element=ids["canvas"])
    p.span("결제하기", (400, 140, 90, 22), element=ids["canvas"])
    p.span("Help", (704, 112, 32, 16), element=None)
    p.span("Free shipping over $50", (820, 150, 260, 24), element=ids["img"])
    return p.obs(), ids


def shop_page() -> tuple[Observation, dict[str, int]]:
    p = Page()
    ids = {
        "logo": p.add("link", "Shop home", (20, 15, 120, 40), text=""),
        "search": p.add("searchbox", "Search products", (300, 18, 500, 36), text="",
                        attributes={"placeholder": "Search products"}),
        "cart": p.add("link", "Cart", (1200, 18, 40, 36), text="", attributes={"aria-label": "Cart"}),
        "banner_close": p.add("button", "Dismiss", (1230, 80, 24, 24), text="✕", attributes={"aria-label": "Dismiss"}),
    }
    products = [("Blue T-Shirt", "$19"), ("Red Hoodie", "$49"), ("Green Cap", "$15"), ("Black Jeans", "$59")]
    for k, (name, price) in enumerate(products):
        x = 40 + 300 * k
        key = name.split()[0].lower()
        ids[f"{key}_img"] = p.add("img", name, (x, 140, 260, 200), text="", attributes={"alt": name})
        ids[f"{key}_name"] = p.add("heading", name, (x, 350, 260, 24), tag="h3")
        ids[f"{key}_price"] = p.add("text", price, (x, 380, 80, 20), interactive=False)
        ids[f"{key}_add"] = p.add("button", "Add to cart", (x, 410, 260, 40), color="#111827", text_color="#ffffff")
    ids["footer_about"] = p.add("link", "About us", (40, 760, 80, 20))
    ids["footer_contact"] = p.add("link", "Contact", (140, 760, 80, 20))
    return p.obs(), ids


PAGES = {"login": login_page, "table": table_page, "settings": settings_page, "korean": korean_page,
         "canvas": canvas_page, "shop": shop_page}  # fmt: skip

FOUND = [
    # text, quoted, normalised, synonyms
    ("login", "Sign in", "signin"),
    ("login", "the Sign in button", "signin"),
    ("login", "click 'Sign in'", "signin"),
    ("login", "log in", "signin"),
    ("login", "로그인 버튼", "signin"),
    ("login", "SIGN IN", "signin"),
    ("login", "Sign-in button", "signin"),
    ("login", "sigin in", "signin"),  # typo
    ("login", "the email field", "email"),
    ("login", "Email", "email"),
    ("login", "이메일 입력란", "email"),
    ("login", "type into the password box", "password"),
    ("login", "비밀번호 입력창", "password"),
    ("login", "the field with placeholder 'you@example.com'", "email"),
    ("login", "the Remember me checkbox", "remember"),
    ("login", "the checkbox next to Remember me", "remember"),
    ("login", "the unchecked box", "remember"),
    ("login", "Forgot password?", "forgot"),
    ("login", "the forgot password link", "forgot"),
    ("login", "비밀번호 찾기 링크", "forgot"),
    ("login", "the blue button", "signin"),
    ("login", "파란 버튼", "signin"),
    ("login", "the gray button", "cancel"),
    ("login", "the button right of Sign in", "cancel"),
    ("login", "the button next to Cancel", "signin"),
    ("login", "the button below the password field", "signin"),
    ("login", "the link at the top right", "help"),
    ("login", "the logo", "logo"),
    ("login", "the heading", "title"),
    ("login", "취소", "cancel"),
    ("login", "register", "create"),
    ("login", "the sign up link", "create"),
    ("login", "회원가입 링크", "create"),
    ("login", "the second button", "cancel"),
    ("login", "the last link", "create"),
    ("login", "the first link", "help"),
    # tables: ordinals and rows
    ("table", "the second Delete button", "bob_delete"),
    ("table", "Delete button #3", "carol_delete"),
    ("table", "the last Delete button", "carol_delete"),
    ("table", "the Delete button in the row for Bob", "bob_delete"),
    ("table", "the delete button for Bob Lee", "bob_delete"),
    ("table", "Bob's delete button", "bob_delete"),
    ("table", "Edit Carol", "carol_edit"),
    ("table", "the edit link in Alice's row", "alice_edit"),
    ("table", "두 번째 삭제 버튼", "bob_delete"),
    ("table", "마지막 삭제 버튼", "carol_delete"),
    ("table", "Bob 행의 삭제 버튼", "bob_delete"),
    ("table", "Carol의 수정 링크", "carol_edit"),
    ("table", "the green button", "add"),
    ("table", "the red button in Alice's row", "alice_delete"),
    ("table", "Next", "next"),
    ("table", "다음", "next"),
    ("table", "the previous page link", "prev"),
    ("table", "bob@acme.io", "bob_mail"),
    ("table", "Add member", "add"),
    ("table", "Team members", "heading"),
    # dialogs, sections, states
    ("settings", "the Save button in the Settings dialog", "save"),
    ("settings", "설정 대화상자 안의 저장 버튼", "save"),
    ("settings", "the close icon in the top right of the dialog", "close"),
    ("settings", "close", "close"),
    ("settings", "닫기 버튼", "close"),
    ("settings", "the dark mode toggle", "dark"),
    ("settings", "the checked checkbox", "sms"),
    ("settings", "the unchecked checkbox", "notify"),
    ("settings", "체크되지 않은 체크박스", "notify"),
    ("settings", "the email notifications checkbox", "notify"),
    ("settings", "the language dropdown", "language"),
    ("settings", "언어 드롭다운", "language"),
    ("settings", "the volume slider", "volume"),
    ("settings", "슬라이더", "volume"),
    ("settings", "the disabled button", "reset"),
    ("settings", "reset to defaults", "reset"),
    ("settings", "the dropdown showing English", "language"),
    ("settings", "the button left of Save", "cancel"),
    # Korean page
    ("korean", "로그인 버튼", "login"),
    ("korean", "the sign in button", "login"),
    ("korean", "아이디 입력란", "id"),
    ("korean", "비밀번호 입력란", "pw"),
    ("korean", "the password field", "pw"),
    ("korean", "로그인 상태 유지 체크박스", "keep"),
    ("korean", "로그인 상태 유지 옆의 체크박스", "keep"),
    ("korean", "회원가입", "join"),
    ("korean", "sign up", "join"),
    ("korean", "비밀번호 찾기", "find_pw"),
    ("korean", "검색창", "search"),
    ("korean", "검색 버튼", "search_btn"),
    ("korean", "the search box", "search"),
    ("korean", "비밀번호 입력란 아래의 버튼", "login"),
    ("korean", "초록색 버튼", "login"),
    ("korean", "오른쪽 위의 검색 버튼", "search_btn"),
    ("korean", "'아이디 찾기' 링크", "find_id"),
    ("korean", "두 번째 링크", "find_id"),
    # OCR spans
    ("canvas", "Pay now", "ocr:Pay now"),
    ("canvas", "the pay now button", "ocr:Pay now"),
    ("canvas", "back to cart", "ocr:Back to cart"),
    ("canvas", "결제하기 버튼", "ocr:결제하기"),
    ("canvas", "checkout button", "ocr:결제하기"),
    ("canvas", "free shipping", "ocr:Free shipping over $50"),
    # shop grid
    ("shop", "the Add to cart button for the Red Hoodie", "red_add"),
    ("shop", "the third Add to cart button", "green_add"),
    ("shop", "the cart icon", "cart"),
    ("shop", "장바구니", "cart"),
    ("shop", "the search bar", "search"),
    ("shop", "the Green Cap", "green_name"),
    ("shop", "the image of the black jeans", "black_img"),
    ("shop", "the close button in the top right corner", "banner_close"),
    ("shop", "Contact us", "footer_contact"),
    ("shop", "Blue T-Shirt", "blue_name"),
    ("shop", "the price of the Red Hoodie", "red_price"),
]

NOT_FOUND = [
    ("login", "the Sign out button"),
    ("login", "the Export button"),
    ("login", "the slider"),
    ("login", "the checked checkbox"),
    ("login", "the red button"),
    ("login", "the Delete account link"),
    ("login", "삭제 버튼"),
    ("login", "the third Sign in button"),
    ("table", "the Delete button in the row for Dave"),
    ("table", "the Archive button"),
    ("table", "the dropdown"),
    ("table", "Dave의 삭제 버튼"),
    ("table", "the fourth Delete button"),
    ("settings", "the Save button in the Billing dialog"),
    ("settings", "the video quality slider"),
    ("settings", "the radio button"),
    ("korean", "장바구니 버튼"),
    ("korean", "the logout link"),
    ("korean", "다섯 번째 링크"),
    ("shop", "the Add to cart button for the Yellow Scarf"),
    ("shop", "the password field"),
    ("shop", "the checkbox"),
    ("canvas", "Cancel order"),
]


def _described(g: Grounding) -> str:
    return repr([(c.span.text if c.source == "ocr" and c.span else c.label, c.score, c.why) for c in g.candidates[:3]])


@pytest.mark.parametrize(("page", "query", "target"), FOUND, ids=[f"{p}:{q}" for p, q, _ in FOUND])
async def test_finds_the_target(page: str, query: str, target: str) -> None:
    obs, ids = PAGES[page]()
    g = await ground(obs, query)
    best = g.candidates[0] if g.candidates else None
    assert best is not None, f"{query!r}: no candidate"
    if target.startswith("ocr:"):
        assert best.source == "ocr" and best.span is not None and best.span.text == target[4:], _described(g)
    else:
        want = obs.elements[ids[target]]
        assert best.element is not None and best.element.index == want.index, f"want {want.label!r}: {_described(g)}"
    assert g.found, f"{query!r}: best scored {best.score} < {g.threshold} ({best.why})"


@pytest.mark.parametrize(("page", "query"), NOT_FOUND, ids=[f"{p}:{q}" for p, q in NOT_FOUND])
async def test_reports_not_found(page: str, query: str) -> None:
    obs, _ = PAGES[page]()
    g = await ground(obs, query)
    assert not g.found, f"{query!r}: found {g.candidates[0].label!r} {g.candidates[0].score} ({g.candidates[0].why})"
    assert g.best is None


# -- the calls around the scoring --------------------------------------------------------------------
async def test_arguments_are_checked() -> None:
    obs, _ = login_page()
    with pytest.raises(ConfigError, match="query is empty"):
        await ground(obs, "  ")
    with pytest.raises(ConfigError, match="threshold=1.5"):
        await ground(obs, "Sign in", threshold=1.5)
    with pytest.raises(ConfigError, match="limit=0"):
        await ground(obs, "Sign in", limit=0)


async def test_candidates_are_ranked_limited_and_explained() -> None:
    obs, ids = table_page()
    g = await ground(obs, "Delete", limit=2)
    assert len(g.candidates) == 2 and g.found and g.best is g.candidates[0]
    assert [c.element.index for c in g.candidates if c.element] == [ids["alice_delete"], ids["bob_delete"]]
    assert all(0 <= c.score <= 1 for c in g.candidates) and "text" in g.candidates[0].why
    assert g.candidates[0].point == g.candidates[0].bbox.center and g.candidates[0].source == "dom"
    strict = await ground(obs, "Delete", threshold=1.0)
    assert not strict.found and strict.best is None and strict.candidates  # near misses are still listed


async def test_a_span_inside_an_unlabelled_control_points_at_the_control() -> None:
    obs, ids = canvas_page()
    g = await ground(obs, "the help button")
    assert g.found and g.best is not None and g.best.source == "ocr"
    assert g.best.element is not None and g.best.element.index == ids["icon"]
    assert g.best.bbox == obs.elements[ids["icon"]].bbox  # the control's own box, not the glyph's
    pay = (await ground(obs, "Pay now")).best
    assert pay is not None and pay.element is not None and pay.element.index == ids["canvas"]
    assert pay.span is not None and pay.bbox == pay.span.bbox  # inside a canvas: the text's box


async def test_ocr_slips_are_forgiven() -> None:
    p = Page(lang="ko")
    canvas = p.add("canvas", "", (0, 0, 800, 600), tag="canvas", interactive=False, text="")
    p.span("Subrnit order", (100, 100, 120, 20), element=canvas)  # "rn" for "m"
    p.span("로그안", (100, 200, 60, 20), element=canvas)  # 안 for 인
    obs = p.obs()
    assert (g := await ground(obs, "Submit order")).found and g.best and g.best.span and g.best.span.text == "Subrnit order"
    assert (g := await ground(obs, "로그인 버튼")).found and g.best and g.best.span and g.best.span.text == "로그안"
    assert not (await ground(obs, "Cancel order")).found


class MeaningEmbedder:
    """A TextEmbedder that knows a few meanings: texts in one group share a vector."""

    model_id = "meanings"

    def __init__(self) -> None:
        self.groups = [{"place order", "buy my items", "purchase everything"}, {"discard changes", "forget what i wrote"},
                       {"contact support", "help desk"}]  # fmt: skip
        self.calls: list[tuple[str, ...]] = []

    def vector(self, text: str) -> tuple[float, ...]:
        t = text.lower()
        known = [1.0 if t in g else 0.0 for g in self.groups]
        own = [0.0] * 64  # any other text means something of its own
        if not any(known):
            own[sum(map(ord, t)) % 64] = 1.0
        return tuple(known + own)

    async def embed(self, request: EmbedRequest, /) -> EmbedResponse:
        self.calls.append(request.texts)
        return EmbedResponse(vectors=tuple(self.vector(t) for t in request.texts), model_id=self.model_id)


async def test_meaning_from_the_embedder_when_words_do_not_match() -> None:
    p = Page()
    for k, label in enumerate(["Place order", "Discard changes", "Contact support", "Log out"]):
        p.add("button", label, (100, 40 + 50 * k, 200, 36))
    obs = p.obs()
    emb = MeaningEmbedder()
    assert not (await ground(obs, "forget what i wrote")).found  # words alone: nothing
    g = await ground(obs, "forget what i wrote", embedder=emb)
    assert g.found and g.best is not None and g.best.label == "Discard changes" and "meaning" in g.best.why
    assert emb.calls
    calls = len(emb.calls)
    assert (await ground(obs, "log out", embedder=emb)).found
    assert len(emb.calls) == calls  # the words matched: the embedder was not asked
    await ground(obs, "the help desk", embedder=emb)
    assert emb.calls[-1] == ("help desk",)  # label vectors are cached: only the query text is new
    assert not (await ground(obs, "the Export button", embedder=emb)).found


class BilingualEmbedder(MeaningEmbedder):
    """The meaning groups in both languages, from an embedder that says it compares Korean too."""

    model_id = "bilingual"

    def __init__(self, languages: tuple[str, ...] = ("en", "ko")) -> None:
        super().__init__()
        self.languages = languages
        self.keys = [("forget what", "버리기", "날려"), ("support", "도움")]

    def vector(self, text: str) -> tuple[float, ...]:
        known = [1.0 if any(k in text.lower() for k in keys) else 0.0 for keys in self.keys]
        return tuple(known) if any(known) else super().vector(text)[3:]

    async def embed(self, request: EmbedRequest, /) -> EmbedResponse:
        self.calls.append(request.texts)
        return EmbedResponse(vectors=tuple(self.vector(t) for t in request.texts), model_id=self.model_id,
                             languages=self.languages)  # fmt: skip


async def test_korean_meaning_only_from_an_embedder_that_compares_korean() -> None:
    p = Page()
    for k, label in enumerate(["변경 사항 버리기", "Contact support", "Log out"]):
        p.add("button", label, (100, 40 + 50 * k, 200, 36))
    obs = p.obs()
    both = BilingualEmbedder()
    for query, label in [("수정한 거 날려줘", "변경 사항 버리기"), ("forget what i wrote", "변경 사항 버리기"),
                         ("도움이 필요해요", "Contact support")]:  # fmt: skip
        g = await ground(obs, query, embedder=both)  # no word in common with the label
        assert g.found and g.best is not None and g.best.label == label, (query, _described(g))
    english = BilingualEmbedder(languages=())
    assert not (await ground(obs, "forget what i wrote", embedder=english)).found  # 버리기 was not compared
    asked = len(english.calls)
    assert not (await ground(obs, "수정한 거 날려줘", embedder=english)).found
    assert len(english.calls) == asked  # it said English only: not asked about Korean again
    g = await ground(obs, "I need support", embedder=english)
    assert g.found and g.best is not None and g.best.label == "Contact support", _described(g)


async def test_the_cpu_embedder_reads_meaning_across_korean_and_english(cpu_model: Any) -> None:
    p = Page()
    for k, label in enumerate(["지형", "교통정보", "자전거 도로", "Share location", "강아지 동반 가능", "Parking"]):
        p.add("button", label, (100, 40 + 50 * k, 200, 36))
    obs = p.obs()
    for query, label in [("terrain", "지형"), ("bike lanes", "자전거 도로"), ("dogs allowed", "강아지 동반 가능")]:
        g = await ground(obs, query, embedder=cpu_model)
        assert g.found and g.best is not None and g.best.label == label, (query, _described(g))
        assert "meaning" in g.best.why and not (await ground(obs, query)).found  # the words alone: nothing
    for query in ("the Delete button", "다크 모드"):
        assert not (await ground(obs, query, embedder=cpu_model)).found, query


async def test_a_query_no_word_answers_still_names_its_near_misses_by_meaning(cpu_model: Any) -> None:
    # no label says a word of it and none stands out in meaning: not found, but the labels nearest in meaning are
    # listed (weakly) for the not-found answer to name; without an embedder there is nothing to list
    p = Page()
    for k, label in enumerate(["Date", "Amount", "Load older transactions", "Sign out", "Export CSV"]):
        p.add("button", label, (100, 40 + 50 * k, 200, 36))
    obs = p.obs()
    g = await ground(obs, "show more history", embedder=cpu_model)
    assert not g.found and 1 <= len(g.candidates) <= 3, _described(g)
    assert all(c.score < 0.5 and "meaning" in c.why for c in g.candidates), _described(g)
    assert "Load older transactions" in [c.label for c in g.candidates], _described(g)
    assert not (await ground(obs, "show more history")).candidates


async def test_a_label_that_says_the_whole_query_is_not_split_into_a_target_and_its_owner() -> None:
    p = Page(lang="ko")
    titles = {}
    for k, (title, data, price) in enumerate([("5G 라이트+", "24GB 소진 시 1Mbps", "월 44,250원"),
                                              ("5G 슬림", "12GB 소진 시 400kbps", "월 41,250원"),
                                              ("5G 심플 온라인", "30GB 소진 시 1Mbps", "월 42,000원")]):  # fmt: skip
        x, card = 443 + 277 * k, f"#plan-p{k + 4}"
        titles[title] = p.add("generic", "", (x, 455, 231, 24), text=title, interactive=False,
                              selector=f"{card} > div:nth-child(1)")  # fmt: skip
        p.add("generic", "", (x, 483, 231, 32), text=data, interactive=False, selector=f"{card} > div:nth-child(2)")
        p.add("generic", "", (x, 592, 231, 26), text=price, interactive=False, selector=f"{card} > div:nth-child(3)")
    p.add("tab", "5G", (443, 380, 60, 32), selector="#tab-5g")
    g = await ground(p.obs(), "5G 라이트+")
    assert g.found and g.best is not None and g.best.element is not None, _described(g)
    assert g.best.element.index == titles["5G 라이트+"], _described(g)  # not "5G" of the card beside it


def png(width: int, height: int) -> bytes:
    """A blank PNG of the given size (only its header matters to grounding)."""
    raw = b"".join(b"\x00" + b"\x00" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


class BoxModel:
    """A VisionModel that grounds every query to one fixed box (0..1 of the image), or fails."""

    model_id = "box-model"

    def __init__(self, xyxy: tuple[float, float, float, float], *, fail: bool = False) -> None:
        self.xyxy, self.fail = xyxy, fail
        self.requests: list[GroundRequest] = []

    async def ground(self, request: GroundRequest, /) -> GroundResponse:
        self.requests.append(request)
        if self.fail:
            raise ModelError("the model server is down")
        return GroundResponse(boxes=(ModelBox(label=request.query, xyxy=self.xyxy, score=0.8),), model_id=self.model_id)

    async def ocr(self, request: OcrRequest, /) -> OcrResponse:
        return OcrResponse(model_id=self.model_id)

    async def layout(self, request: LayoutRequest, /) -> LayoutResponse:
        return LayoutResponse(model_id=self.model_id)

    async def generate(self, request: GenerateRequest, /) -> GenerateResponse:
        return GenerateResponse(text="", model_id=self.model_id)


async def test_a_vision_model_is_asked_only_when_the_page_does_not_say() -> None:
    p = Page(viewport=(800, 600))
    p.add("canvas", "", (0, 0, 800, 600), tag="canvas", interactive=False, text="")
    p.add("button", "Save", (700, 20, 80, 30))
    obs = Observation(url="http://test.local/", viewport=(800, 600), scale_factor=2.0, elements=tuple(p.elements),
                      screenshot=png(1600, 1200))  # fmt: skip
    model = BoxModel((0.25, 0.5, 0.5, 0.75))
    g = await ground(obs, "the green triangle", model=model)
    assert len(model.requests) == 1 and model.requests[0].query == "the green triangle"
    best = g.best
    assert best is not None and best.source == "model" and "box-model" in best.why
    assert best.bbox.as_tuple() == (200.0, 300.0, 400.0, 450.0) and best.bbox.space == "css_px"  # 0..1 → CSS px
    await ground(obs, "Save", model=model)
    assert len(model.requests) == 1  # the DOM was sure: no model call


async def test_a_failing_model_leaves_the_page_evidence(caplog: pytest.LogCaptureFixture) -> None:
    obs, _ = login_page()
    obs = obs.model_copy(update={"screenshot": png(1280, 800)})
    g = await ground(obs, "the Export button", model=BoxModel((0, 0, 1, 1), fail=True))
    assert not g.found and "the model server is down" in caplog.text


async def test_a_busy_page_still_points_at_the_one_element_asked_for() -> None:
    # how long this takes is bench/grounding.py's "ground on a 400-element page"; here, only what it finds
    p = Page()
    words = ["Save", "Edit", "Delete", "Share", "Export", "Invite", "Archive", "Report", "Filter", "Settings"]
    for k in range(400):
        role = ["button", "link", "cell", "text", "textbox", "checkbox", "heading"][k % 7]
        p.add(role, f"{words[k % 10]} {words[(k * 7) % 10]} {k}", (40 + (k % 8) * 150, 30 + (k // 8) * 40, 140, 30))
    obs = p.obs()
    far = await ground(obs, "the Report Settings 397 checkbox")  # row 49, far below the fold
    assert far.found and far.best is not None and far.best.element is not None and far.best.element.index == 397
    cell = await ground(obs, "Delete Export 352")
    assert cell.best is not None and cell.best.element is not None and cell.best.element.index == 352
    assert not (await ground(obs, "the Frobnicate button")).found
    assert not (await ground(obs, "로그인 버튼")).found


async def test_colours_of_drawn_buttons_come_from_the_pixels() -> None:
    import io

    from PIL import Image, ImageDraw

    im = Image.new("RGB", (800, 400), "#ffffff")  # DSF 2: CSS 400×200
    draw = ImageDraw.Draw(im)
    draw.rectangle((40, 40, 360, 140), fill="#16a34a")
    draw.rectangle((420, 40, 740, 140), fill="#dc2626")
    buf = io.BytesIO()
    im.save(buf, format="PNG")
    p = Page(viewport=(400, 200))
    canvas = p.add("canvas", "", (0, 0, 400, 200), tag="canvas", interactive=False, text="")
    p.span("Confirm", (60, 35, 60, 12), element=canvas)
    p.span("Abort", (270, 35, 50, 12), element=canvas)
    obs = Observation(url="http://test.local/", viewport=(400, 200), scale_factor=2.0, elements=tuple(p.elements),
                      text_spans=tuple(p.spans), screenshot=buf.getvalue())  # fmt: skip
    green = (await ground(obs, "the green button")).best
    assert green is not None and green.span is not None and green.span.text == "Confirm"
    red = (await ground(obs, "빨간 버튼")).best
    assert red is not None and red.span is not None and red.span.text == "Abort"
    assert not (await ground(obs, "the blue button")).found


async def test_icon_glyphs_and_landmarks() -> None:
    obs, ids = shop_page()
    best = (await ground(obs, "the X button")).best
    assert best is not None and best.element is not None and best.element.index == ids["banner_close"]
    best = (await ground(obs, "the search box in the header")).best  # no banner element: the top of the page
    assert best is not None and best.element is not None and best.element.index == ids["search"]
    assert not (await ground(obs, "the Contact link in the header")).found  # it is at the bottom


# -- parts of a page, words across languages, look-alike letters ---------------------------------------
def sections_page(with_paths: bool) -> tuple[Observation, dict[str, int]]:
    """Two columns of settings parts known only by their headings (no <section> in the observation); with
    ``with_paths`` the selectors show the document's structure, without it each heading has an id of its own."""
    p = Page()
    ids: dict[str, int] = {}
    for k, (title, field) in enumerate([("Profile", "Display name"), ("Alerts", "Digest frequency"),
                                        ("Look and feel", "Font size"), ("Danger zone", "Reason")]):  # fmt: skip
        x, y = 260 + 520 * (k % 2), 100 + 340 * (k // 2)
        root = f"#part{k}"
        head = f"{root} > h2:nth-child(1)" if with_paths else f"#title{k}"
        ids[f"h{k}"] = p.add("heading", title, (x, y, 460, 20), tag="h2", selector=head)
        ids[f"f{k}"] = p.add("textbox", field, (x, y + 60, 460, 32), text="", selector=f"{root} > input:nth-child(2)")
        ids[f"save{k}"] = p.add("button", "Save", (x, y + 200, 70, 32), selector=f"{root} > button:nth-child(3)")
        p.add("link", title, (20, 90 + 32 * k, 180, 28), selector=f"body > aside:nth-child(1) > a:nth-child({k + 1})")
    ids["subscribe"] = p.add("button", "Subscribe", (300, 1000, 100, 32), selector="body > footer:nth-child(3) > button:nth-child(2)")
    p.add("button", "Subscribe", (900, 300, 100, 32), selector="body > main:nth-child(2) > button:nth-child(9)")
    return p.obs(), ids


def cards_page() -> tuple[Observation, dict[str, int]]:
    """Product cards whose wishlist button sits above the card's title (on the photo): only the selectors say
    which card it belongs to."""
    p = Page()
    ids: dict[str, int] = {}
    for k, name in enumerate(["Trail Runner", "City Sneaker", "Field Watch", "Rain Boot"]):
        x, y = 40 + 320 * (k % 2), 60 + 320 * (k // 2)
        root = f"#grid > article:nth-child({k + 1})"
        ids[f"wish{k}"] = p.add("button", "Add to wishlist", (x + 240, y + 10, 30, 30), text="",
                                attributes={"aria-label": "Add to wishlist"}, selector=f"{root} > button:nth-child(2)")
        ids[f"title{k}"] = p.add("heading", name, (x, y + 200, 280, 18), tag="h3", selector=f"{root} > h3:nth-child(3)")
        ids[f"cart{k}"] = p.add("button", "Add to cart", (x, y + 240, 100, 30), selector=f"{root} > div:nth-child(4) > button:nth-child(1)")
    ids["cart_icon"] = p.add("link", "Cart, 2 items", (1220, 10, 36, 36), text="2", attributes={"aria-label": "Cart, 2 items"})
    return p.obs(), ids


@pytest.mark.parametrize("with_paths", [True, False], ids=["selectors", "layout"])
async def test_a_heading_names_the_part_of_the_page_below_it(with_paths: bool) -> None:
    obs, ids = sections_page(with_paths)
    for query, want in [("the Save button in the Alerts section", "save1"), ("Save in the Look and feel card", "save2"),
                        ("Profile 섹션의 저장 버튼", "save0"), ("the field in the Danger zone panel", "f3")]:  # fmt: skip
        g = await ground(obs, query)
        assert g.found and g.best is not None and g.best.element is not None, f"{query!r}: {_described(g)}"
        assert g.best.element.index == ids[want], f"{query!r}: {_described(g)}"
    assert not (await ground(obs, "the Save button in the Billing section")).found


async def test_landmarks_known_only_from_selectors_and_parts_nobody_marked_up() -> None:
    obs, ids = sections_page(True)
    g = await ground(obs, "Subscribe button in the footer")  # no contentinfo element: the <footer> in the selectors
    assert g.found and g.best is not None and g.best.element is not None and g.best.element.index == ids["subscribe"]
    p = Page()
    canvas = p.add("canvas", "Editor", (0, 0, 1280, 800), tag="canvas", interactive=False, text="")
    for k, label in enumerate(["New", "Open", "Save", "Export"]):
        p.span(label, (180 + 80 * k, 18, 40, 12), element=canvas)
    obs = p.obs()
    g = await ground(obs, "the Save button in the toolbar")  # nothing is marked up as a toolbar: no veto
    assert g.found and g.best is not None and g.best.span is not None and g.best.span.text == "Save", _described(g)


async def test_a_card_is_what_its_title_heads_in_the_document() -> None:
    obs, ids = cards_page()
    for query, want in [("the wishlist button on the Field Watch card", "wish2"), ("City Sneaker의 찜하기 버튼", "wish1"),
                        ("the Add to cart button for the Rain Boot", "cart3"), ("장바구니 아이콘", "cart_icon"),
                        ("the cart icon", "cart_icon")]:  # fmt: skip
        g = await ground(obs, query)
        assert g.found and g.best is not None and g.best.element is not None, f"{query!r}: {_described(g)}"
        assert g.best.element.index == ids[want], f"{query!r}: {_described(g)}"


@pytest.mark.parametrize(("query", "label"), [
    ("표시 이름 입력란", "Display name"), ("우편번호 입력란", "Postal code"), ("보고서 메뉴", "Reports"),
    ("보관 버튼", "Archive"), ("쿠키 모두 허용 버튼", "Accept all cookies"), ("세일 탭", "Sale"),
    ("Write post button", "글쓰기"), ("Transfer button", "이체"), ("the magnifying glass button", "Search"),
    ("notifications bell icon", "Notifications"), ("the X that closes the dialog", "Close"),
    ("Reports", "보고서"), ("the notification toggle", "Notifications"),
])  # fmt: skip
async def test_common_ui_words_across_languages_and_icons(query: str, label: str) -> None:
    p = Page()
    role = "tab" if "탭" in query else "switch" if "toggle" in query else "button"
    if "입력란" in query:
        role = "textbox"
    elif "메뉴" in query or query == "Reports":
        role = "menuitem"
    decoys = ["Cancel", "Delete", "Share", "Export"]
    for k, name in enumerate(decoys):
        p.add("button", name, (100 + 120 * k, 40, 100, 30))
    want = p.add(role, label, (100, 200, 100, 30), text="" if query.endswith("icon") else None)
    g = await ground(p.obs(), query)
    assert g.found and g.best is not None and g.best.element is not None and g.best.element.index == want, _described(g)


async def test_states_said_as_on_and_off_and_labels_that_name_a_control() -> None:
    p = Page()
    on = p.add("switch", "Email notifications", (900, 100, 40, 20), states={"checked": True}, text="")
    off = p.add("switch", "Push notifications", (900, 140, 40, 20), states={"checked": False}, text="")
    p.add("text", "Email notifications", (300, 100, 200, 20), interactive=False)
    p.add("text", "Push notifications", (300, 140, 200, 20), interactive=False)
    obs = p.obs()
    for query, want in [("the notification toggle that is switched off", off), ("the toggle that is turned on", on)]:
        g = await ground(obs, query)
        assert g.found and g.best is not None and g.best.element is not None and g.best.element.index == want, query
    # "X 옆의 보기 링크": a link on the same line is beside its label even across a wide gap
    p = Page(lang="ko")
    links = []
    for k, label in enumerate(["서비스 이용약관 동의 (필수)", "개인정보 수집 및 이용 동의 (필수)", "마케팅 수신 동의 (선택)"]):
        p.add("text", label, (380, 500 + 30 * k, 230, 20), tag="label")
        links.append(p.add("link", "보기", (870, 500 + 30 * k, 24, 20)))
    g = await ground(p.obs(), "개인정보 수집 및 이용 동의 옆의 보기 링크")
    assert g.found and g.best is not None and g.best.element is not None and g.best.element.index == links[1], _described(g)


async def test_ocr_look_alike_letters_and_values_in_drawn_labels() -> None:
    p = Page()
    canvas = p.add("canvas", "", (0, 0, 1280, 800), tag="canvas", interactive=False, text="")
    p.span("Z00m 100%", (18, 782, 70, 10), element=canvas)
    p.span("5ave", (300, 20, 40, 12), element=canvas)
    p.span("Layer 1", (1100, 100, 45, 12), element=canvas)
    obs = p.obs()
    for query, read in [("the zoom level", "Z00m 100%"), ("Save", "5ave")]:
        g = await ground(obs, query)
        assert g.found and g.best is not None and g.best.span is not None and g.best.span.text == read, _described(g)
    assert not (await ground(obs, "Zoom out")).found


async def test_antonyms_are_not_taken_for_each_other_by_meaning() -> None:
    class Close:  # an embedder for which every text means nearly the same
        model_id = "close"

        async def embed(self, request: EmbedRequest, /) -> EmbedResponse:
            vecs = tuple((1.0, 0.3 if "out" in t.lower() else 0.0) if any(w in t.lower() for w in ("sign", "log"))
                         else (0.0, 1.0) for t in request.texts)  # fmt: skip
            norm = tuple(tuple(x / (sum(v * v for v in vec) ** 0.5) for x in vec) for vec in vecs)
            return EmbedResponse(vectors=norm, model_id=self.model_id)

    p = Page()
    p.add("button", "Sign in", (100, 100, 100, 30))
    p.add("link", "Help", (300, 100, 60, 20))
    assert not (await ground(p.obs(), "Log out button", embedder=Close())).found


# -- items, states, values and precision on layouts of other apps --------------------------------------
def inbox_page(with_paths: bool) -> tuple[Observation, dict[str, int]]:
    """A div-soup inbox: rows are role=listitem boxes, each with a checkbox, a star toggle, a sender, a subject
    and a delete icon; with selectors (the document says which row a control is in) or without (layout only)."""
    p = Page()
    ids: dict[str, int] = {}
    for k, who in enumerate(["Alice Kim", "Bob Lee", "Carol Park", "Dan Cho"]):
        y = 100 + 56 * k
        root = f"#inbox > div:nth-child({k + 1})"

        def sel(step: str, root: str = root) -> str:
            return f"{root} > {step}" if with_paths else ""

        ids[f"row{k}"] = p.add("listitem", "", (200, y, 900, 52), text=f"{who} Weekly report {k}", interactive=False,
                               selector=root if with_paths else "")  # fmt: skip
        ids[f"check{k}"] = p.add("checkbox", "Select", (210, y + 18, 16, 16), text="", states={"checked": k == 2},
                                 selector=sel("input:nth-child(1)"))  # fmt: skip
        ids[f"star{k}"] = p.add("button", "Star", (236, y + 14, 24, 24), text="☆", selector=sel("button:nth-child(2)"),
                                attributes={"aria-label": "Star", "aria-pressed": "true" if k == 1 else "false"})
        ids[f"who{k}"] = p.add("text", who, (270, y + 16, 160, 20), interactive=False, selector=sel("span:nth-child(3)"))
        ids[f"subj{k}"] = p.add("text", f"Weekly report {k}", (440, y + 16, 400, 20), interactive=False,
                                selector=sel("span:nth-child(4)"))  # fmt: skip
        ids[f"del{k}"] = p.add("button", "Delete", (1050, y + 14, 24, 24), text="🗑", selector=sel("button:nth-child(5)"),
                               attributes={"aria-label": "Delete"})  # fmt: skip
    ids["trash"] = p.add("link", "Trash", (20, 300, 150, 28))
    ids["inbox"] = p.add("link", "Inbox", (20, 100, 150, 28))
    ids["junk"] = p.add("button", "Report spam", (300, 40, 120, 32))
    return p.obs(), ids


@pytest.mark.parametrize("with_paths", [True, False], ids=["selectors", "layout"])
@pytest.mark.parametrize(("query", "want"), [
    ("the delete button for Bob Lee", "del1"), ("Carol Park's checkbox", "check2"),
    ("the checkbox in the row for Dan Cho", "check3"), ("the star next to Alice Kim", "star0"),
    ("Bob Lee의 삭제 버튼", "del1"), ("Dan Cho 행의 체크박스", "check3"),
    ("the third email", "row2"), ("the last email", "row3"), ("세 번째 메일", "row2"),
    ("the starred email", "row1"), ("별표된 메일", "row1"), ("the ticked email", "row2"),
    ("the unticked checkbox in the second row", "check1"), ("두 번째 행의 체크박스", "check1"),
    ("the delete button in the third row", "del2"), ("받은편지함", "inbox"), ("스팸 신고", "junk"),
])  # fmt: skip
async def test_controls_and_ordinals_within_the_item_a_query_names(with_paths: bool, query: str, want: str) -> None:
    obs, ids = inbox_page(with_paths)
    g = await ground(obs, query)
    assert g.found and g.best is not None and g.best.element is not None, f"{query!r}: {_described(g)}"
    assert g.best.element.index == ids[want], f"{query!r}: {_described(g)}"


def board_page() -> tuple[Observation, dict[str, int]]:
    """A kanban board known only by its layout: a heading over each column's stack of cards."""
    p = Page()
    ids: dict[str, int] = {}
    for c, (title, cards) in enumerate([("To do", ["Write spec", "Fix login", "Plan sprint"]),
                                        ("Doing", ["Review PR", "Update docs"]), ("Done", ["Ship v1"])]):  # fmt: skip
        x = 40 + 320 * c
        ids[f"col{c}"] = p.add("heading", title, (x, 80, 280, 28), tag="h2")
        for k, name in enumerate(cards):
            y = 130 + 90 * k
            ids[f"card{c}{k}"] = p.add("generic", name, (x, y, 280, 80), interactive=False)
            ids[f"more{c}{k}"] = p.add("button", "More", (x + 240, y + 8, 28, 24), text="⋯",
                                       attributes={"aria-label": "More"})  # fmt: skip
    return p.obs(), ids


async def test_cards_counted_within_their_column() -> None:
    obs, ids = board_page()
    for query, want in [("the second card in Doing", "card11"), ("the last card in To do", "card02"),
                        ("the more button on the Review PR card", "more10"), ("Plan sprint", "card02")]:  # fmt: skip
        g = await ground(obs, query)
        assert g.found and g.best is not None and g.best.element is not None, f"{query!r}: {_described(g)}"
        assert g.best.element.index == ids[want], f"{query!r}: {_described(g)}"


def files_page() -> tuple[Observation, dict[str, int]]:
    p = Page()
    ids: dict[str, int] = {}
    xs = [80, 420, 560, 760]
    p.add("row", "", (40, 100, 960, 30), tag="tr", interactive=False, text="Name Size Modified Owner")
    for c, head in enumerate(["Name", "Size", "Modified", "Owner"]):
        ids[f"h{c}"] = p.add("columnheader", head, (xs[c], 100, 120, 30), tag="th", interactive=False)
    for r, cells in enumerate([("report.pdf", "2.4 MB", "Jul 3, 2026", "Alice"), ("budget.xlsx", "88 KB", "Jul 9, 2026",
                               "Bob"), ("photo.png", "1.1 MB", "Jul 12, 2026", "Carol")]):  # fmt: skip
        y = 140 + 44 * r
        ids[f"row{r}"] = p.add("row", "", (40, y, 960, 40), tag="tr", interactive=False, text=" ".join(cells))
        ids[f"box{r}"] = p.add("checkbox", f"Select {cells[0]}", (44, y + 12, 16, 16), text="",
                               states={"checked": r == 1})  # fmt: skip
        for c, value in enumerate(cells):
            ids[f"c{r}{c}"] = p.add("cell", value, (xs[c], y, 130, 40), interactive=False)
        ids[f"dl{r}"] = p.add("button", "Download", (900, y + 6, 90, 28))
    for k, (label, value) in enumerate([("Coins", "1,250"), ("Daily limit", "$500")]):
        ids[f"lab{k}"] = p.add("text", label, (80, 400 + 40 * k, 150, 24), interactive=False, tag="dt")
        ids[f"val{k}"] = p.add("text", value, (260, 400 + 40 * k, 150, 24), interactive=False, tag="dd")
    return p.obs(), ids


@pytest.mark.parametrize(("query", "want"), [
    ("size of budget.xlsx", "c11"), ("report.pdf's owner", "c03"), ("budget.xlsx의 크기", "c11"),
    ("the second file", "row1"), ("the last row", "row2"), ("두 번째 파일", "row1"), ("the ticked file", "row1"),
    ("the download button in the second row", "dl1"), ("the coin balance", "val0"), ("the daily limit", "val1"),
])  # fmt: skip
async def test_values_at_a_row_and_a_column_and_beside_their_label(query: str, want: str) -> None:
    obs, ids = files_page()
    g = await ground(obs, query)
    assert g.found and g.best is not None and g.best.element is not None, f"{query!r}: {_described(g)}"
    assert g.best.element.index == ids[want], f"{query!r}: {_described(g)}"


def calendar_page() -> tuple[Observation, dict[str, int]]:
    p = Page()
    ids = {"prev": p.add("button", "Previous month", (30, 60, 30, 30), text="‹", attributes={"aria-label": "Previous month"}),
           "next": p.add("button", "Next month", (1200, 60, 30, 30), text="›", attributes={"aria-label": "Next month"})}
    for m, (month, x0) in enumerate([("July 2026", 80), ("August 2026", 660)]):
        ids[f"cap{m}"] = p.add("heading", month, (x0, 60, 500, 30), tag="h2")
        for d in range(1, 32):
            r, c = divmod(d - 1, 7)
            picked = m == 0 and d == 14
            ids[f"d{m}_{d}"] = p.add("button", str(d), (x0 + 70 * c, 110 + 50 * r, 60, 40),
                                     attributes={"aria-selected": "true"} if picked else {})  # fmt: skip
    return p.obs(), ids


async def test_days_of_a_month_panel_and_the_selected_date() -> None:
    obs, ids = calendar_page()
    for query, want in [("the selected date", "d0_14"), ("선택된 날짜", "d0_14"), ("5 in August", "d1_5"),
                        ("the 9th of August", "d1_9"), ("July 4th", "d0_4"), ("이전 달", "prev"),
                        ("다음 달 버튼", "next")]:  # fmt: skip
        g = await ground(obs, query)
        assert g.found and g.best is not None and g.best.element is not None, f"{query!r}: {_described(g)}"
        assert g.best.element.index == ids[want], f"{query!r}: {_described(g)}"
    for query in ["5 September", "the 31st of September", "9월 5일"]:  # no such month on the page
        assert not (g := await ground(obs, query)).found, f"{query!r}: {_described(g)}"


async def test_states_pick_a_folder_or_an_arrow_with_little_else_said() -> None:
    p = Page()
    folders = [p.add("treeitem", name, (20, 100 + 32 * k, 200, 28), interactive=True,
                     attributes={"aria-selected": "true" if k == 2 else "false"})
               for k, name in enumerate(["Documents", "Photos", "Music", "Projects"])]  # fmt: skip
    back = p.add("button", "Back", (300, 20, 32, 32), text="←", states={"disabled": True})
    p.add("button", "Forward", (340, 20, 32, 32), text="→")
    p.add("button", "Restore", (900, 20, 90, 32))
    p.add("link", "Trash", (20, 260, 200, 28))
    obs = p.obs()
    for query, want in [("the folder that is selected", folders[2]), ("선택된 폴더", folders[2]),
                        ("the greyed-out arrow", back), ("비활성화된 화살표", back)]:  # fmt: skip
        g = await ground(obs, query)
        assert g.found and g.best is not None and g.best.element is not None, f"{query!r}: {_described(g)}"
        assert g.best.element.index == want, f"{query!r}: {_described(g)}"
    for query in ["Restore from trash", "Empty trash", "휴지통 비우기"]:  # a label that says only part of it
        assert not (g := await ground(obs, query)).found, f"{query!r}: {_described(g)}"


async def test_drawn_labels_with_more_words_and_places_on_the_screen() -> None:
    p = Page()
    canvas = p.add("canvas", "", (0, 0, 1280, 800), tag="canvas", interactive=False, text="")
    for text, box in [("BGMON", (1100, 20, 80, 24)), ("Welcome back, today only: double coins on every level",
                      (200, 300, 700, 30)), ("Settings", (1180, 60, 80, 24)), ("Settings", (40, 700, 80, 24)),
                      ("Coins 1250", (40, 20, 120, 24))]:  # fmt: skip
        p.span(text, box, element=canvas)
    obs = p.obs()
    for query, read, x in [("BGM ON", "BGMON", 1100), ("double coins", "Welcome back", 200), ("coin balance", "Coins", 40),
                           ("the settings in the top right", "Settings", 1180), ("오른쪽 위의 Settings", "Settings", 1180),
                           ("Settings at the bottom left", "Settings", 40)]:  # fmt: skip
        g = await ground(obs, query)
        assert g.found and g.best is not None and g.best.span is not None, f"{query!r}: {_described(g)}"
        assert g.best.span.text.startswith(read) and g.best.bbox.x0 == x, f"{query!r}: {_described(g)}"


@pytest.mark.parametrize(("ko", "en"), [
    ("편도", "One way"), ("왕복", "Round trip"), ("항공권 검색", "Search flights"), ("이전 달", "Previous month"),
    ("다음 달", "Next month"), ("결제", "Checkout"), ("약관", "Terms"), ("필수", "Required"), ("목록", "List"),
    ("카드 추가", "Add card"), ("받은편지함", "Inbox"), ("스팸", "Junk"), ("첨부", "Attachment"), ("별표", "Star"),
    ("출발지", "From"), ("목적지", "Where to"), ("휴지통 비우기", "Empty trash"), ("전달", "Forward"),
    ("좌석", "Seat"), ("거래 내역", "Transaction history"), ("일일 한도", "Daily limit"), ("오름차순", "Ascending"),
])  # fmt: skip
def test_the_lexicon_says_common_labels_in_both_languages(ko: str, en: str) -> None:
    from perception._textmatch import similarity

    assert similarity(ko, en) >= 0.9 and similarity(en, ko) >= 0.9, (ko, en)


def test_numbers_and_dates_must_agree_and_partial_labels_are_weak() -> None:
    from perception._textmatch import similarity

    assert similarity("5 September", "5 July") <= 0.3 and similarity("Zoom 90%", "Zoom 100%") <= 0.3
    assert similarity("9월 5일", "7월 5일") <= 0.3 and similarity("July 5", "Jul 5") >= 0.5
    assert similarity("Restore from trash", "Restore") < 0.5 and similarity("Empty trash", "Trash") < 0.55
    assert similarity("next page", "Next") >= 0.65 and similarity("the Background layer", "Background") >= 0.65


def products_page(card_role: str = "article") -> tuple[Observation, dict[str, int]]:
    """Product cards, marked up as articles or plain boxes that only repeat (``card_role="generic"``)."""
    p = Page()
    ids: dict[str, int] = {}
    for k, (name, stock) in enumerate([("Wool Scarf", True), ("Rain Jacket", False), ("Trail Shoes", True)]):
        x, y = 40 + 400 * k, 120
        ids[f"card{k}"] = p.add(card_role, "", (x, y, 360, 300), interactive=False,
                                text=f"{name} $49 {'In stock' if stock else 'Out of stock'}")  # fmt: skip
        ids[f"name{k}"] = p.add("heading", name, (x + 20, y + 180, 300, 24), tag="h3")
        p.add("text", "In stock" if stock else "Out of stock", (x + 20, y + 210, 120, 20), interactive=False)
        ids[f"minus{k}"] = p.add("button", "Decrease quantity", (x + 20, y + 250, 32, 32), text="−",
                                 attributes={"aria-label": "Decrease quantity"})  # fmt: skip
        ids[f"qty{k}"] = p.add("spinbutton", "Quantity", (x + 60, y + 250, 60, 32), text="", value="1")
        ids[f"plus{k}"] = p.add("button", "Increase quantity", (x + 130, y + 250, 32, 32), text="+",
                                attributes={"aria-label": "Increase quantity"})  # fmt: skip
        ids[f"add{k}"] = p.add("button", "Add to cart", (x + 200, y + 250, 140, 32), states={"disabled": not stock})
    return p.obs(), ids


@pytest.mark.parametrize(("query", "want"), [
    ("the first product's quantity minus button", "minus0"), ("the minus button for Trail Shoes", "minus2"),
    ("the quantity of Rain Jacket", "qty1"), ("the out-of-stock product", "card1"), ("the second product", "card1"),
    ("the plus button on the second product", "plus1"), ("the add to cart button of the third item", "add2"),
    ("Rain Jacket의 수량 증가 버튼", "plus1"), ("세 번째 상품의 장바구니 담기 버튼", "add2"),
])  # fmt: skip
async def test_products_counted_as_items_and_controls_within_them(query: str, want: str) -> None:
    obs, ids = products_page()
    g = await ground(obs, query)
    assert g.found and g.best is not None and g.best.element is not None, f"{query!r}: {_described(g)}"
    assert g.best.element.index == ids[want], f"{query!r}: {_described(g)}"


async def test_cards_nobody_marked_up_are_boxes_that_repeat() -> None:
    obs, ids = products_page("generic")
    for query, want in [("the plus button on the last card", "plus2"), ("the minus button on the first card", "minus0"),
                        ("the add to cart button of the second product", "add1"), ("두 번째 상품의 수량", "qty1")]:  # fmt: skip
        g = await ground(obs, query)
        assert g.found and g.best is not None and g.best.element is not None, f"{query!r}: {_described(g)}"
        assert g.best.element.index == ids[want], f"{query!r}: {_described(g)}"
    obs, ids = board_page()
    g = await ground(obs, "the more button on the second card in Doing")
    assert g.best is not None and g.best.element is not None and g.best.element.index == ids["more11"], _described(g)


async def test_the_middle_one_of_a_split_field() -> None:
    p = Page()
    p.add("text", "Phone number", (100, 100, 200, 20), interactive=False, tag="label")
    parts = [p.add("textbox", "Phone number", (100 + 110 * k, 130, 100, 34), text="") for k in range(3)]
    p.add("textbox", "Email", (100, 200, 320, 34), text="")
    obs = p.obs()
    for query, want in [("the middle box of the phone number", parts[1]), ("the last box of the phone number", parts[2])]:
        g = await ground(obs, query)
        assert g.found and g.best is not None and g.best.element is not None, f"{query!r}: {_described(g)}"
        assert g.best.element.index == want, f"{query!r}: {_described(g)}"


@pytest.mark.parametrize(("query", "label"), [
    ("mark as junk", "Report spam"), ("the destination field", "Where to"), ("the recipient field", "To"),
    ("keep browsing", "Continue shopping"), ("the data protection page", "Privacy policy"),
    ("the origin field", "Where from"),
])  # fmt: skip
async def test_paraphrases_the_lexicon_bridges(query: str, label: str) -> None:
    p = Page()
    for k, (role, name) in enumerate([("button", "Archive"), ("button", "Reply"), ("button", "Send"),
                                      ("link", "Sign out"), ("button", "Add to cart"), ("link", "Help center")]):  # fmt: skip
        p.add(role, name, (40 + 300 * (k % 4), 40 + 80 * (k // 4), 200, 32))
    role = "textbox" if "field" in query else "link" if "page" in query else "button"
    want = p.add(role, label, (40, 400, 200, 32), text="" if role == "textbox" else None)
    g = await ground(p.obs(), query)
    assert g.found and g.best is not None and g.best.element is not None and g.best.element.index == want, _described(g)


@pytest.mark.parametrize(("query", "label"), [
    ("장바구니에 담기 버튼을 눌러", "장바구니 담기"), ("이메일을 입력하세요", "이메일"), ("휴지통으로 이동", "휴지통"),
    ("the one way tab", "편도"), ("round trip", "왕복"), ("search flights", "항공권 검색"), ("the from field", "출발지"),
    ("destination", "도착지"), ("previous month", "이전 달"), ("the terms checkbox", "약관에 동의합니다 (필수)"),
    ("inbox", "받은편지함"), ("checkout", "결제하기"), ("출발지를 입력", "출발지"),
])  # fmt: skip
async def test_a_korean_travel_and_shopping_page_in_both_languages(query: str, label: str) -> None:
    p = Page(lang="ko")
    ids = {}
    for k, (role, name) in enumerate([("button", "장바구니 담기"), ("textbox", "이메일"), ("link", "휴지통"), ("button", "검색"),
                                      ("tab", "편도"), ("tab", "왕복"), ("button", "항공권 검색"), ("textbox", "출발지"),
                                      ("textbox", "도착지"), ("button", "이전 달"), ("button", "다음 달"),
                                      ("checkbox", "약관에 동의합니다 (필수)"), ("link", "받은편지함"), ("button", "결제하기")]):  # fmt: skip
        ids[name] = p.add(role, name, (40 + 300 * (k % 4), 40 + 80 * (k // 4), 200, 32),
                          text="" if role in ("textbox", "checkbox") else None)  # fmt: skip
    g = await ground(p.obs(), query)
    assert g.found and g.best is not None and g.best.element is not None, f"{query!r}: {_described(g)}"
    assert g.best.element.index == ids[label], f"{query!r}: {_described(g)}"


# -- items, scopes and readings that no markup states ---------------------------------------------------
def plain_rows_page(*, named_boxes: bool = True) -> tuple[Observation, dict[str, int]]:
    """A task list of plain <li>s that the page does not expose as rows: each row a checkbox, a name, a date,
    a star toggle and a Delete button, with selectors that show the list's structure."""
    p = Page()
    ids: dict[str, int] = {}
    p.add("heading", "My tasks", (20, 20, 1200, 32), tag="h1", selector="body > h1:nth-child(1)")
    for k, (name, checked, starred) in enumerate([("Fix login bug", False, False), ("Pay rent", True, False),
                                                  ("Call supplier", False, True), ("Write tests", False, False)]):  # fmt: skip
        y, row = 80 + 44 * k, f"#list > li:nth-child({k + 1})"
        ids[f"box{k}"] = p.add("checkbox", f"Select {name}" if named_boxes else "", (30, y + 2, 14, 14), text="",
                               states={"checked": checked}, selector=f"{row} > input:nth-child(1)")  # fmt: skip
        ids[f"name{k}"] = p.add("generic", "", (60, y, 120, 18), text=name, interactive=False,
                                selector=f"{row} > span:nth-child(2)")  # fmt: skip
        p.add("generic", "", (200, y, 50, 18), text=f"{k + 3} Mar", interactive=False, selector=f"{row} > span:nth-child(3)")
        ids[f"star{k}"] = p.add("button", "Star", (270, y - 4, 30, 26), text="★" if starred else "☆",
                                attributes={"aria-pressed": "true" if starred else "false"},
                                selector=f"{row} > button:nth-child(4)")  # fmt: skip
        ids[f"del{k}"] = p.add("button", "Delete", (320, y - 4, 70, 26), selector=f"{row} > button:nth-child(5)")
    return p.obs(), ids


@pytest.mark.parametrize(("query", "want"), [
    ("the ticked task", "box1"), ("체크된 할 일", "box1"), ("the starred task", "star2"), ("the second task", "name1"),
    ("the last task", "name3"), ("세 번째 할 일", "name2"), ("Delete Call supplier", "del2"),
    ("Delete the Pay rent task", "del1"),
])  # fmt: skip
async def test_rows_nobody_marked_up_are_known_by_their_parts(query: str, want: str) -> None:
    obs, ids = plain_rows_page()
    g = await ground(obs, query)
    assert g.found and g.best is not None and g.best.element is not None, f"{query!r}: {_described(g)}"
    assert g.best.element.index == ids[want], f"{query!r}: {_described(g)}"


async def test_an_unnamed_checkbox_is_found_by_the_text_of_its_row() -> None:
    obs, ids = plain_rows_page(named_boxes=False)
    for query, want in [("Pay rent 체크박스", "box1"), ("the checkbox for Write tests", "box3")]:
        g = await ground(obs, query)
        assert g.found and g.best is not None and g.best.element is not None, f"{query!r}: {_described(g)}"
        assert g.best.element.index == ids[want], f"{query!r}: {_described(g)}"
    for query in ("the fifth task", "the Archive button for Pay rent", "the checkbox for Buy milk"):
        assert not (await ground(obs, query)).found, query


def plain_board_page() -> tuple[Observation, dict[str, int]]:
    """Columns titled by bold text (no heading, no column header) over cards that are plain <div>s, each a
    title, an owner line and a button; the cards exist only as the selectors' shared ancestors."""
    p = Page()
    ids: dict[str, int] = {}
    for c, (title, cards) in enumerate([("To do", ["Dark theme", "Audit log", "Rate limits"]),
                                        ("Review", ["Billing page", "Mobile menu"]), ("Done", ["Help center"])]):  # fmt: skip
        x, col = 40 + 400 * c, f"#col{c}"
        ids[f"col{c}"] = p.add("strong", title, (x, 80, 360, 24), interactive=False, selector=f"{col} > div:nth-child(1)")
        for k, name in enumerate(cards):
            y, card = 120 + 110 * k, f"{col} > div:nth-child({k + 2})"
            ids[f"title{c}{k}"] = p.add("generic", "", (x + 8, y + 8, 340, 20), text=name, interactive=False,
                                        selector=f"{card} > div:nth-child(1)")  # fmt: skip
            p.add("paragraph", "", (x + 8, y + 36, 340, 18), text=f"Owner: {'Kim' if k % 2 else 'Lee'}",
                  interactive=False, selector=f"{card} > p:nth-child(2)")  # fmt: skip
            ids[f"edit{c}{k}"] = p.add("button", "Edit", (x + 8, y + 62, 60, 28), selector=f"{card} > button:nth-child(3)")
    return p.obs(), ids


@pytest.mark.parametrize(("query", "want"), [
    ("the second card in the To do column", "title01"), ("the last card in the To do column", "title02"),
    ("the first card in the Review column", "title10"), ("the second Edit button in Review", "edit11"),
    ("the Edit button on the Mobile menu card", "edit11"),
])  # fmt: skip
async def test_ordinals_count_within_the_named_column(query: str, want: str) -> None:
    obs, ids = plain_board_page()
    g = await ground(obs, query)
    assert g.found and g.best is not None and g.best.element is not None, f"{query!r}: {_described(g)}"
    assert g.best.element.index == ids[want], f"{query!r}: {_described(g)}"
    assert not (await ground(obs, "the first card in the Blocked column")).found


async def test_drawn_text_that_alone_reads_like_the_query_is_found() -> None:
    p = Page()
    canvas = p.add("canvas", "", (40, 80, 900, 400), tag="canvas", text="", interactive=False)
    for text, x in [("Export imag", 60), ("Undo", 260), ("Zoom in", 400)]:
        p.span(text, (x, 100, 12 * len(text), 22), element=canvas)
    obs = p.obs()
    g = await ground(obs, "the export image toggle")  # a misread label, and a role that drawn text cannot show
    assert g.found and g.best is not None and g.best.source == "ocr" and g.best.span is not None, _described(g)
    assert g.best.span.text == "Export imag", _described(g)
    assert not (await ground(obs, "the Publish button")).found


async def test_a_glossary_phrase_matches_across_languages_by_its_parts() -> None:
    p = Page(lang="ko")
    invite = p.add("button", "초대 보내기", (40, 40, 120, 32))
    p.add("button", "취소", (180, 40, 80, 32))
    obs = p.obs()
    g = await ground(obs, "Send invitation")
    assert g.found and g.best is not None and g.best.element is not None and g.best.element.index == invite, (
        _described(g)
    )
