"""The bilingual (English/Korean) vocabulary of user interfaces that grounding understands.

Pure data plus the normalisation every text comparison goes through. Nothing here knows any page:
the words are the general vocabulary people use for controls (``button``, ``버튼``), for what
controls do (``sign in`` ≡ ``log in`` ≡ ``로그인``), for colours, states, ordinals and places.

- :func:`normalize` folds case, width and punctuation: ``"E-mail:"`` → ``"e mail"``.
- :data:`ROLE_WORDS` maps a role word to the element roles it accepts, each with a weight.
- :func:`canonical` rewrites the words of :data:`SYNONYMS` to one concept token, so that
  ``"Log in"``, ``"Sign in"`` and ``"로그인"`` all become ``"⟨signin⟩"``.
- :func:`jamo` decomposes Hangul syllables, so fuzzy matching sees ``로그인`` and ``로그안`` as close.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "COLOURS",
    "CONTAINER_ROLES",
    "DESCRIPTIVE",
    "GLOSSARY",
    "INTERACTIVE_ROLES",
    "ITEM_NOUNS",
    "ROLE_WORDS",
    "STATE_WORDS",
    "SYNONYMS",
    "VALUE_TYPES",
    "canonical",
    "canonical_senses",
    "glyph_words",
    "has_hangul",
    "jamo",
    "normalize",
    "particle_fits",
    "singular",
    "strip_particle",
    "syllable",
]

# -- normalisation ------------------------------------------------------------------------------------
_PUNCT = re.compile(r"[^\w\s#]|_", re.UNICODE)
_SPACES = re.compile(r"\s+")
_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")


_GLYPHS = str.maketrans({
    "×": " x ", "✕": " x ", "✖": " x ", "╳": " x ", "⨯": " x ", "❌": " x ", "☰": " menu ", "≡": " menu ",
    "⚙": " settings ", "🔍": " search ", "🔎": " search ", "🛒": " cart ", "♥": " like ", "❤": " like ",
    "♡": " like ", "★": " star ", "☆": " star ", "⋮": " more ", "⋯": " more ", "…": " ", "←": " back ",
    "→": " next ", "‹": " previous ", "›": " next ", "«": " previous ", "»": " next ", "+": " plus ", "−": " minus ", "➖": " minus ", "➕": " plus ",
    "✓": " check ", "✔": " check ", "🗑": " delete ", "✎": " edit ", "✏": " edit ", "🖊": " edit ",
    "⬇": " download ", "⤓": " download ", "⬆": " upload ", "🔔": " notifications ", "👤": " account ",
    "🏠": " home ", "⌂": " home ", "↻": " refresh ", "⟳": " refresh ", "🔄": " refresh ", "✉": " mail ",
    "📧": " email ", "🔒": " lock ", "❓": " help ", "?": " ", "ⓘ": " info ", "ℹ": " info ",
})  # fmt: skip
"""Icon glyphs that stand for a word on buttons ("×" for close, "☰" for menu, "🔍" for search)."""
_LONE_GLYPH = re.compile("(?<!\\S)([" + re.escape("".join(chr(c) for c in _GLYPHS)) + "])(?!\\S)")


def glyph_words(text: str) -> str:
    """``text`` with each glyph that stands alone as a word written as its word: "the second ⋯ button" →
    "the second more button" (a glyph inside a word, "+4.07%", stays).

    >>> glyph_words("the ⋯ next to report.pdf"), glyph_words("+4.07%")
    ('the more next to report.pdf', '+4.07%')
    """
    return _LONE_GLYPH.sub(lambda m: m.group(1).translate(_GLYPHS).strip() or " ", text)


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Case-, width- and punctuation-folded text with single spaces; icon glyphs become their word.

    >>> normalize("  E-mail:  *Required* ")
    'e mail required'
    >>> normalize("ＳＩＧＮ　ＩＮ"), normalize("×"), normalize("☰ Menu")
    ('sign in', 'x', 'menu menu')
    """
    text = unicodedata.normalize("NFKC", text).translate(_GLYPHS).casefold()
    text = _NUMBERED.sub(r"\1 \2", _NUMBER_WORD.sub(r"\1", text))
    text = _PUNCT.sub(" ", text).replace("#", " ")
    return _SPACES.sub(" ", text).strip()


_NUMBER_WORD = re.compile(r"(\d)번(?![째호])")
""""3번 문제" is question 3: 번 after a numeral only says it is a number (not 3번째, the third)."""
_NUMBERED = re.compile(r"(\d)(페이지|단계|쪽)")
"""A numeral glued to the noun it numbers (3페이지, 2단계) is the two words."""


def has_hangul(text: str) -> bool:
    """Whether ``text`` holds any Hangul.

    >>> has_hangul("로그인 button"), has_hangul("Sign in")
    (True, False)
    """
    return _HANGUL.search(text) is not None


_CHO = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_JUNG = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
_JONG = " ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"


def syllable(ch: str) -> tuple[int, int, int] | None:
    """A Hangul syllable's initial, medial and final letter, as indexes into the Unicode tables (final 0: none),
    or None for any other character.

    >>> syllable("한"), syllable("a")
    ((18, 0, 4), None)
    """
    code = ord(ch) - 0xAC00
    if not 0 <= code < 11172:
        return None
    return code // 588, (code % 588) // 28, code % 28


@lru_cache(maxsize=65536)
def jamo(text: str) -> str:
    """``text`` with every Hangul syllable split into its letters (jamo); other characters kept.

    >>> jamo("한글 ok")
    'ㅎㅏㄴㄱㅡㄹ ok'
    """
    out: list[str] = []
    for ch in text:
        if (parts := syllable(ch)) is None:
            out.append(ch)
            continue
        cho, jung, jong = parts
        out += (_CHO[cho], _JUNG[jung])
        if jong:
            out.append(_JONG[jong])
    return "".join(out)


# Korean postpositions (josa) that glue to the word before them; longest first
_PARTICLES = (
    "에서는", "으로는", "이라는", "에서의", "에게서", "에서", "에게", "으로", "이라", "라는", "까지", "부터", "처럼",
    "보다", "에는", "와의", "과의", "에의", "을", "를", "은", "는", "이", "가", "의", "에", "로", "와", "과", "만",
)  # fmt: skip
"""(도, "also", is left out: queries hardly say it, and many nouns end in it: 배치도, 만족도, 평면도.)"""


_AFTER_CONSONANT = frozenset({"이", "을", "은", "과", "으로", "으로는", "이라", "이라는", "과의"})
_AFTER_VOWEL = frozenset({"가", "를", "는", "와", "라는", "와의"})


def particle_fits(stem: str, particle: str) -> bool:
    """Whether ``particle`` can follow ``stem``: 이/을/은/과/으로 come after a closed syllable, 가/를/는/와 after an
    open one (``탭을``, ``메뉴를``), so ``창가`` (by the window) is no 창 + 가. Other particles follow any word."""
    if particle not in _AFTER_CONSONANT and particle not in _AFTER_VOWEL or not stem:
        return True
    if (last := syllable(stem[-1])) is None:
        return True  # a Latin word or a digit: its sound decides, not its letters
    return (last[2] != 0) == (particle in _AFTER_CONSONANT)


def strip_particle(token: str) -> str:
    """A Korean word without the postposition glued to its end (``비밀번호를`` → ``비밀번호``).

    Only Hangul words of three or more syllables lose a one-syllable particle, so ``회의`` or ``이름``
    stay whole; callers that can should match both forms.

    >>> strip_particle("비밀번호를"), strip_particle("이메일에서"), strip_particle("회의"), strip_particle("ok")
    ('비밀번호', '이메일', '회의', 'ok')
    """
    if not has_hangul(token):
        return token
    for p in _PARTICLES:
        if token.endswith(p) and len(token) - len(p) >= (1 if len(p) >= 2 else 2) \
                and particle_fits(token[: -len(p)], p):  # fmt: skip
            return token[: -len(p)]
    return token


# -- roles -------------------------------------------------------------------------------------------
INTERACTIVE_ROLES = frozenset({
    "button", "link", "textbox", "searchbox", "combobox", "listbox", "checkbox", "radio", "switch", "slider",
    "spinbutton", "tab", "menuitem", "menuitemcheckbox", "menuitemradio", "option", "treeitem", "gridcell",
})  # fmt: skip
"""Roles a user acts on (click, type, toggle)."""

CONTAINER_ROLES = frozenset({
    "dialog", "alertdialog", "region", "group", "form", "article", "section", "navigation", "banner",
    "contentinfo", "complementary", "main", "toolbar", "menu", "menubar", "list", "listbox", "table", "grid",
    "row", "tabpanel", "tablist", "radiogroup", "tree", "search", "document", "figure", "listitem", "status",
})  # fmt: skip
"""Roles of elements that hold others: the anchors of "in the … dialog/section/row"."""

_FIELD = {"textbox": 1.0, "searchbox": 1.0, "spinbutton": 0.9, "combobox": 0.8}
_BUTTON = {"button": 1.0, "link": 0.6, "menuitem": 0.6, "tab": 0.45, "switch": 0.45, "option": 0.35}
_IMAGE = {"img": 1.0, "image": 1.0, "figure": 0.7, "graphics-document": 0.7, "canvas": 0.6}
_DROPDOWN = {"combobox": 1.0, "listbox": 1.0, "button": 0.55}
_COLUMN = {"columnheader": 1.0, "cell": 0.7, "heading": 0.75, "strong": 0.6, "generic": 0.5, "text": 0.5}
"""A column is named by its header: a table's, or the title of a board's column of cards."""
_TEXT = {"text": 1.0, "paragraph": 1.0, "generic": 1.0, "statictext": 1.0, "label": 1.0, "cell": 0.9, "caption": 1.0,
         "legend": 1.0, "term": 1.0, "definition": 1.0, "columnheader": 0.8, "rowheader": 0.8,
         "heading": 0.8, "listitem": 0.8, "note": 0.9, "status": 0.9, "strong": 1.0, "emphasis": 1.0}  # fmt: skip
_LABEL = {**_TEXT, "link": 0.7, "button": 0.5}
"""A label or tag is a text, or a link or button that files things under it (the "Family" label of a mailbox)."""

ROLE_WORDS: dict[str, dict[str, float]] = {
    # English (normalised, singular; plurals are folded by the parser)
    "button": _BUTTON, "btn": _BUTTON, "push button": _BUTTON, "cta": _BUTTON,
    "link": {"link": 1.0, "button": 0.5, "menuitem": 0.5, "tab": 0.4},
    "hyperlink": {"link": 1.0, "button": 0.4}, "url": {"link": 1.0},
    "field": _FIELD, "input": _FIELD, "textbox": _FIELD, "text box": _FIELD, "text field": _FIELD,
    "input box": _FIELD, "input field": _FIELD, "text input": _FIELD, "text area": _FIELD, "textarea": _FIELD,
    "entry": _FIELD, "search box": _FIELD, "search field": _FIELD, "search bar": _FIELD, "searchbox": _FIELD,
    "search input": _FIELD, "input bar": _FIELD, "text entry": _FIELD, "entry field": _FIELD,
    "box": {"textbox": 1.0, "searchbox": 1.0, "checkbox": 0.8, "combobox": 0.7, "spinbutton": 0.7},
    "checkbox": {"checkbox": 1.0, "menuitemcheckbox": 0.9, "switch": 0.7},
    "check box": {"checkbox": 1.0, "menuitemcheckbox": 0.9, "switch": 0.7},
    "tickbox": {"checkbox": 1.0, "switch": 0.7}, "tick box": {"checkbox": 1.0, "switch": 0.7},
    "radio": {"radio": 1.0, "menuitemradio": 0.9}, "radio button": {"radio": 1.0, "menuitemradio": 0.9},
    "tab": {"tab": 1.0, "link": 0.4, "button": 0.4},
    "menu": {"menu": 1.0, "menubar": 1.0, "menuitem": 0.85, "button": 0.6, "link": 0.45, "combobox": 0.4},
    "menu item": {"menuitem": 1.0, "menuitemcheckbox": 0.9, "menuitemradio": 0.9, "option": 0.6, "link": 0.5,
                  "button": 0.5},
    "dropdown": _DROPDOWN, "drop down": _DROPDOWN, "select": _DROPDOWN, "combo box": _DROPDOWN,
    "combobox": _DROPDOWN, "picker": _DROPDOWN, "list box": _DROPDOWN, "listbox": _DROPDOWN,
    "select box": _DROPDOWN, "dropdown menu": _DROPDOWN, "drop down menu": _DROPDOWN, "selector": _DROPDOWN,
    "option": {"option": 1.0, "menuitem": 0.7, "radio": 0.5, "listitem": 0.4, "menuitemradio": 0.7},
    "slider": {"slider": 1.0, "spinbutton": 0.4}, "range": {"slider": 1.0}, "range slider": {"slider": 1.0},
    "image": _IMAGE, "picture": _IMAGE, "photo": _IMAGE, "img": _IMAGE, "logo": _IMAGE, "thumbnail": _IMAGE,
    "avatar": _IMAGE, "canvas": _IMAGE, "chart": _IMAGE, "graph": _IMAGE, "diagram": _IMAGE, "drawing": _IMAGE,
    "map": _IMAGE, "banner image": _IMAGE, "icon": {"img": 1.0, "image": 1.0, "button": 0.6, "link": 0.5, "graphics-symbol": 1.0},
    "heading": {"heading": 1.0}, "headline": {"heading": 1.0}, "title": {"heading": 1.0, "link": 0.5, "cell": 0.5},
    "subtitle": {"heading": 1.0}, "subheading": {"heading": 1.0},
    "switch": {"switch": 1.0, "checkbox": 0.8, "button": 0.5}, "toggle": {"switch": 1.0, "checkbox": 0.8,
                                                                        "button": 0.6},
    "toggle switch": {"switch": 1.0, "checkbox": 0.8}, "spinner": {"spinbutton": 1.0},
    "text": _TEXT, "label": _LABEL, "caption": _TEXT, "message": _TEXT, "paragraph": _TEXT, "word": _TEXT,
    "dialog": {"dialog": 1.0, "alertdialog": 1.0}, "modal": {"dialog": 1.0, "alertdialog": 1.0},
    "popup": {"dialog": 1.0, "alertdialog": 1.0, "menu": 0.6}, "pop up": {"dialog": 1.0, "alertdialog": 1.0},
    "window": {"dialog": 1.0, "alertdialog": 1.0}, "dialog box": {"dialog": 1.0, "alertdialog": 1.0},
    "section": {"region": 1.0, "group": 0.8, "form": 0.7, "article": 0.8, "section": 1.0},
    "panel": {"region": 1.0, "group": 0.8, "tabpanel": 1.0, "complementary": 0.7, "section": 1.0},
    "card": {"article": 1.0, "region": 0.8, "group": 0.8, "listitem": 0.8},
    "area": {"region": 1.0, "group": 0.8}, "form": {"form": 1.0, "group": 0.6},
    "group": {"group": 1.0, "radiogroup": 1.0, "region": 0.7},
    "row": {"row": 1.0, "listitem": 0.75, "option": 0.6, "treeitem": 0.6},
    "line": {"row": 1.0, "listitem": 0.75, "option": 0.6}, "column": _COLUMN,
    "cell": {"cell": 1.0, "gridcell": 1.0}, "table": {"table": 1.0, "grid": 1.0},
    "list": {"list": 1.0, "listbox": 0.8}, "item": {"listitem": 1.0, "option": 0.8, "menuitem": 0.8, "article": 0.9, "row": 0.8, "treeitem": 0.8},
    "list item": {"listitem": 1.0, "option": 0.8},
    "header": {"banner": 1.0, "heading": 0.6}, "footer": {"contentinfo": 1.0},
    "sidebar": {"complementary": 1.0, "navigation": 0.7}, "pager": {"navigation": 1.0, "group": 0.7},
    "pagination": {"navigation": 1.0, "group": 0.7}, "calendar": {"grid": 1.0, "table": 0.8, "dialog": 0.6, "group": 0.6},
    "date picker": {"grid": 1.0, "dialog": 0.8, "table": 0.8, "group": 0.6},
    "datepicker": {"grid": 1.0, "dialog": 0.8, "table": 0.8, "group": 0.6}, "toolbar": {"toolbar": 1.0},
    "navigation": {"navigation": 1.0, "menubar": 0.8}, "nav": {"navigation": 1.0, "menubar": 0.8},
    "nav bar": {"navigation": 1.0, "menubar": 0.8}, "navbar": {"navigation": 1.0, "menubar": 0.8},
    "menu bar": {"menubar": 1.0, "navigation": 0.8}, "menubar": {"menubar": 1.0, "navigation": 0.8},
    "breadcrumb": {"navigation": 0.8, "list": 0.6}, "breadcrumb trail": {"navigation": 0.8, "list": 0.6},
    "banner": {"banner": 1.0, "region": 0.8, "alert": 0.7, "status": 0.6, "dialog": 0.6, "alertdialog": 0.6},
    "status bar": {"status": 1.0, "toolbar": 0.7, "contentinfo": 0.6}, "statusbar": {"status": 1.0, "toolbar": 0.7},
    "legend": {"legend": 1.0, "text": 0.9, "listitem": 0.7, "generic": 0.8, "label": 0.8},
    "badge": {"status": 0.9, "text": 0.9, "generic": 0.9}, "tooltip": {"tooltip": 1.0, "text": 0.6},
    "toast": {"status": 1.0, "alert": 1.0}, "alert": {"alert": 1.0, "alertdialog": 1.0, "status": 0.8},
    "notification": {"status": 1.0, "alert": 1.0}, "snackbar": {"status": 1.0, "alert": 1.0},
    "tag": _LABEL, "pill": {"status": 0.9, "text": 0.9, "generic": 0.9},
    "tool": {"button": 1.0, "radio": 0.8, "tab": 0.6, "menuitem": 0.7, "switch": 0.6},
    "keypad": {"group": 1.0, "region": 0.8, "img": 0.7, "canvas": 0.7},
    "arrow": {"button": 1.0, "link": 0.7, "img": 0.6}, "chevron": {"button": 1.0, "link": 0.7, "img": 0.6},
    "caret": {"button": 1.0, "img": 0.6},
    "fieldset": {"group": 1.0, "form": 0.7}, "accordion": {"region": 0.8, "group": 0.8, "button": 0.5},
    "drawer": {"dialog": 0.9, "complementary": 0.9, "navigation": 0.7},
    # Korean words with no English twin of the same reach (each other Korean word takes its twin's roles below)
    "칸": _FIELD, "란": _FIELD, "창": _FIELD,  # 입력창's short forms, not a window
    "스크롤바": {"slider": 0.8}, "머리글": {"heading": 0.8, "banner": 0.8},
    "영역": {"region": 1.0, "group": 0.8, "section": 1.0}, "안내문": _TEXT,
    "팝업창": {"dialog": 1.0, "alertdialog": 1.0}, "알림창": {"alert": 1.0, "alertdialog": 1.0, "dialog": 0.8},
}  # fmt: skip
"""Role word → the element roles it accepts, with how well each fits (1 = exactly what the word means)."""

_KO_ROLE_TWINS = {
    "버튼": "button", "단추": "button", "링크": "link", "하이퍼링크": "hyperlink",
    "입력란": "field", "입력창": "field", "입력칸": "field", "입력 필드": "field", "입력필드": "field", "필드": "field",
    "입력 상자": "input box", "입력상자": "input box", "텍스트 상자": "text box", "텍스트상자": "text box",
    "텍스트 박스": "text box", "텍스트박스": "text box", "입력": "input",
    "체크박스": "checkbox", "체크 박스": "check box", "확인란": "tickbox", "체크란": "tickbox",
    "라디오": "radio", "라디오 버튼": "radio button", "라디오버튼": "radio button", "탭": "tab", "메뉴": "menu",
    "메뉴 항목": "menu item", "드롭다운": "dropdown", "드롭다운 메뉴": "dropdown menu", "선택 상자": "select box",
    "선택상자": "select box", "콤보 상자": "combo box", "콤보상자": "combo box", "콤보박스": "combobox",
    "목록 상자": "list box", "셀렉트": "select", "셀렉트 박스": "select box", "선택창": "select box",
    "옵션": "option", "슬라이더": "slider",
    "캔버스": "canvas", "차트": "chart", "그래프": "graph", "도표": "diagram", "지도": "map", "이미지": "image",
    "그림": "picture", "사진": "photo", "로고": "logo", "썸네일": "thumbnail", "아이콘": "icon",
    "제목": "title", "헤딩": "heading", "소제목": "subheading", "스위치": "switch", "토글": "toggle",
    "텍스트": "text", "문구": "text", "글자": "text", "글씨": "text", "글": "text", "라벨": "label", "레이블": "label", "문장": "text",
    "메시지": "message", "대화상자": "dialog", "대화 상자": "dialog box", "다이얼로그": "dialog", "팝업": "popup",
    "모달": "modal", "모달창": "modal", "대화창": "dialog", "섹션": "section", "패널": "panel", "카드": "card",
    "양식": "form", "폼": "form", "그룹": "group", "행": "row", "줄": "line", "열": "column", "셀": "cell",
    "표": "table", "달력": "calendar", "테이블": "table", "목록": "list", "리스트": "list", "항목": "item",
    "헤더": "header", "푸터": "footer", "바닥글": "footer", "사이드바": "sidebar", "툴바": "toolbar",
    "도구 모음": "toolbar", "내비게이션": "navigation", "네비게이션": "navigation", "메뉴바": "menubar",
    "메뉴 바": "menu bar", "배너": "banner", "범례": "legend", "상태 표시줄": "status bar", "상태표시줄": "statusbar",
    "도구": "tool", "키패드": "keypad", "배지": "badge", "뱃지": "badge", "툴팁": "tooltip", "토스트": "toast", "태그": "tag",
    "경로": "breadcrumb", "탐색 경로": "breadcrumb trail", "화살표": "arrow",
}  # fmt: skip
ROLE_WORDS.update({ko: ROLE_WORDS[en] for ko, en in _KO_ROLE_TWINS.items()})

_ITEM = {"row": 1.0, "listitem": 1.0, "treeitem": 1.0, "option": 0.9, "article": 1.0, "gridcell": 0.6}
_DAY = {"gridcell": 1.0, "cell": 0.9, "button": 0.8, "option": 0.8, "link": 0.6}
ITEM_NOUNS: dict[str, dict[str, float]] = {
    **{w: _ITEM for w in (
        "email", "mail", "message", "row", "line", "file", "folder", "product", "item", "card", "task", "person",
        "user", "member", "contact", "order", "event", "entry", "result", "post", "comment", "document", "photo",
        "song", "track", "video", "ticket", "issue", "project", "note", "notification", "conversation", "thread",
        "chat", "transaction", "payment", "invoice", "flight", "hotel", "booking", "reservation", "record",
        "listing", "story", "review", "job", "course", "lesson", "playlist", "album", "repository", "branch",
        "charge", "purchase", "deposit", "withdrawal", "episode", "question", "store", "account",
        "plan", "channel", "layer", "vehicle", "recipient", "teammate", "instance", "vm", "dish", "menu item", "shop",
        "restaurant", "showtime", "option", "device", "app", "application", "service", "package",
        "메일", "이메일", "메시지", "파일", "폴더", "상품", "제품", "항목", "카드", "작업", "할 일", "할일", "사람", "사용자",
        "회원", "연락처", "주문", "일정", "이벤트", "결과", "게시물", "게시글", "글", "댓글", "문서", "사진", "곡", "노래",
        "영상", "동영상", "티켓", "이슈", "프로젝트", "메모", "알림", "대화", "거래", "항공편", "호텔", "예약", "기록", "행",
        "줄", "리뷰", "후기", "강의", "앨범", "객실", "방", "요금제", "채널", "레이어", "차량", "수신자", "받는 사람",
        "인스턴스", "가게", "매장", "상점", "식당", "매물", "물건", "회차", "상영", "기기", "장치", "앱", "서비스", "요리")},
    **{w: _DAY for w in ("date", "day", "날짜", "날", "일자")},
}  # fmt: skip
"""Nouns that name one of the repeated things of a page (an email of an inbox, a row of a table, a day of a
calendar) → the roles such a thing has: "the third email", "the starred email", "the selected date"."""

ROLE_SUFFIXES = ("라디오버튼", "체크박스", "드롭다운", "슬라이더", "텍스트박스", "입력란", "입력창", "입력칸", "버튼",
                 "링크", "아이콘", "이미지", "메뉴", "필드", "스위치", "토글", "팝업", "탭", "창", "란", "칸")  # fmt: skip
"""Korean role words that glue to the word before them (``검색창`` = ``검색`` + ``창``, ``확인버튼``)."""

# -- synonyms ----------------------------------------------------------------------------------------
SYNONYMS: dict[str, tuple[str, ...]] = {
    "signin": ("sign in", "signin", "log in", "login", "log on", "logon", "sign on", "로그인", "로그 인", "접속"),
    "signout": ("sign out", "signout", "log out", "logout", "log off", "logoff", "로그아웃", "로그 아웃"),
    "signup": ("sign up", "signup", "register", "registration", "create account", "create an account",
               "join", "회원가입", "회원 가입", "가입", "가입하기", "계정 만들기"),
    "search": ("search", "find", "look up", "검색", "찾기"),
    "ok": ("ok", "okay", "confirm", "confirmation", "확인"),
    "cancel": ("cancel", "취소"),
    "delete": ("delete", "remove", "trash", "erase", "get rid of", "삭제", "제거", "지우기"),
    "next": ("next", "continue", "proceed", "next step", "다음", "계속", "계속하기", "다음 단계"),
    "previous": ("previous", "prev", "back", "go back", "previous step", "이전", "뒤로", "뒤로 가기", "뒤로가기", "지난",
                 "이전 단계", "앞 단계"),
    "save": ("save", "저장", "저장하기"),
    "edit": ("edit", "modify", "change", "수정", "편집", "변경"),
    "close": ("close", "dismiss", "x", "close x", "닫기", "창 닫기"),
    "submit": ("submit", "제출", "제출하기"),
    "send": ("send", "보내기", "전송", "send it"),
    "add": ("add", "추가", "추가하기"),
    "create": ("create", "new", "생성", "만들기", "새로 만들기"),
    "settings": ("settings", "setting", "preferences", "options", "configuration", "설정", "환경설정", "환경 설정"),
    "home": ("home", "home page", "homepage", "main page", "홈", "처음으로", "홈페이지", "메인 페이지", "메인"),
    "help": ("help", "support", "도움말", "고객지원"),
    "cart": ("cart", "basket", "shopping cart", "shopping bag", "장바구니"),
    "buy": ("buy", "purchase", "buy now", "구매", "구입", "구매하기", "바로 구매"),
    "checkout": ("checkout", "check out", "결제", "결제하기"),
    "password": ("password", "passcode", "비밀번호", "암호", "패스워드"),
    "email": ("email", "e mail", "email address", "e mail address", "mail", "이메일", "이메일 주소", "메일", "전자우편"),
    "username": ("username", "user name", "user id", "login id", "id", "아이디", "사용자 이름", "사용자명", "사용자 아이디"),
    "name": ("name", "이름", "성명"),
    "firstname": ("first name", "given name", "이름"),
    "lastname": ("last name", "surname", "family name", "성"),
    "phone": ("phone", "phone number", "telephone", "mobile", "전화", "전화번호", "휴대폰", "휴대폰 번호", "연락처"),
    "address": ("address", "주소"),
    "profile": ("profile", "my profile", "프로필", "내 정보"),
    "account": ("account", "my account", "계정", "내 계정"),
    "download": ("download", "다운로드", "내려받기"),
    "upload": ("upload", "업로드", "올리기"),
    "apply": ("apply", "적용"),
    "reset": ("reset", "clear", "start over", "초기화", "처음부터 다시"),
    "yes": ("yes", "예", "네"),
    "no": ("no", "아니오", "아니요"),
    "share": ("share", "공유", "공유하기"),
    "print": ("print", "인쇄", "출력"),
    "copy": ("copy", "복사"),
    "refresh": ("refresh", "reload", "새로고침", "새로 고침"),
    "open": ("open", "열기"),
    "more": ("more", "see more", "show more", "view more", "더보기", "더 보기"),
    "notifications": ("notifications", "notification", "alerts", "알림"),
    "message": ("messages", "message", "inbox", "메시지", "쪽지"),
    "language": ("language", "언어"),
    "date": ("date", "날짜", "일자"),
    "time": ("time", "시간"),
    "agree": ("agree", "accept", "i agree", "동의", "동의합니다", "수락"),
    "terms": ("terms", "terms of service", "terms and conditions", "이용약관", "약관"),
    "privacy": ("privacy", "privacy policy", "data protection", "data privacy", "privacy notice", "개인정보",
                "개인정보처리방침", "개인정보 처리방침"),
    "remember": ("remember me", "keep me signed in", "stay signed in", "keep me logged in", "로그인 상태 유지",
                 "자동 로그인", "자동로그인"),
    "forgot": ("forgot password", "forgot your password", "reset password", "forgot", "lost password", "비밀번호 찾기", "비밀번호를 잊으셨나요"),
    "price": ("price", "cost", "amount", "가격", "금액", "요금"),
    "quantity": ("quantity", "qty", "count", "수량", "개수"),
    "total": ("total", "합계", "총액", "총계"),
    "order": ("order", "orders", "주문", "주문하기"),
    "payment": ("payment", "pay", "지불", "결제 수단"),
    "filter": ("filter", "filters", "필터"),
    "sort": ("sort", "sort by", "정렬"),
    "upload_file": ("choose file", "browse", "select file", "파일 선택", "찾아보기"),
    "like": ("like", "좋아요"),
    "comment": ("comment", "comments", "댓글"),
    "reply": ("reply", "답장", "답글"),
    "user": ("user", "users", "사용자", "회원"),
    "product": ("product", "products", "item", "상품", "제품"),
    "country": ("country", "국가", "나라"),
    "city": ("city", "도시"),
    "birthday": ("birthday", "date of birth", "birth date", "생년월일", "생일"),
    "gender": ("gender", "sex", "성별"),
    "male": ("male", "man", "남성", "남자"),
    "female": ("female", "woman", "여성", "여자"),
    "dark_mode": ("dark mode", "dark theme", "다크 모드", "다크모드"),
    "notification_email": ("email notifications", "이메일 알림"),
    "subscribe": ("subscribe", "newsletter", "구독", "뉴스레터"),
    "contact": ("contact", "contact us", "문의", "문의하기", "연락하기"),
    "about": ("about", "about us", "소개", "회사 소개"),
    "menu_word": ("menu", "메뉴"),
    "undo": ("undo", "실행 취소", "되돌리기"),
    "send_message": ("send message", "메시지 보내기"),
    "view": ("view", "details", "view details", "보기", "상세", "상세보기", "자세히"),
    "wishlist": ("wishlist", "wish list", "favorites", "favourites", "찜", "위시리스트", "관심상품"),
}  # fmt: skip
"""Concept → the phrases (English and Korean) that say it on a control. Matching one another is strong
evidence; the concept key itself never appears in text."""


GLOSSARY = """
add to cart|add to basket|add to bag = 장바구니 담기|장바구니에 담기|장바구니 추가|장바구니에 추가
accept all|allow all = 모두 허용|전체 허용|모두 수락|전체 동의|모두 동의
reject all|decline all|deny all = 모두 거부|전체 거부
write|compose|new post|write post|write a post = 글쓰기|작성|쓰기|글 작성|새 글
post|article = 게시물|게시글|글
display|show = 표시|보이기
display name|screen name = 표시 이름|표시이름|닉네임 표시
nickname = 닉네임|별명
title = 제목
description = 설명
content|contents|body = 내용|본문
summary|overview = 요약|개요
detail|details = 세부 정보|세부정보|상세 정보|상세정보
report|reports = 보고서|리포트
archive = 보관|보관함|아카이브
sale|on sale = 세일|할인 상품|특가
discount = 할인
coupon|coupon code|promo code|voucher = 쿠폰|쿠폰 코드|할인 코드|프로모션 코드
transfer|send money = 이체|송금
balance = 잔액
deposit = 입금|예금
withdraw|withdrawal = 출금|인출
account number = 계좌번호|계좌 번호
bank = 은행
card = 카드
card number|credit card number = 카드 번호|카드번호
expiry|expiry date|expiration date|expiration = 유효기간|만료일
security code|cvc|cvv = 보안 코드|보안코드
postal code|zip code|zip|postcode = 우편번호|우편 번호
street|street address = 도로명 주소|도로명|상세 주소|상세주소
region = 지역
full name = 성명|전체 이름|이름 전체
company|organization|organisation = 회사|회사명|기관|조직
job title|position = 직책|직위
department = 부서
team = 팀
member|members = 멤버|구성원
group = 그룹
role = 역할
permission|permissions = 권한
admin|administrator = 관리자
owner = 소유자
guest = 손님|게스트
customer|customers|client = 고객
seller|vendor = 판매자
cookie|cookies = 쿠키
all = 모두|전체
none = 없음
other = 기타
allow = 허용
deny|block = 차단|거부
theme = 테마
light = 라이트|밝은
font|font size = 글꼴|글꼴 크기|폰트|폰트 크기|글자 크기
size = 크기|사이즈
color|colour = 색상|색깔|컬러
background = 배경
layout = 레이아웃
appearance = 모양|외관|화면 설정
sound|audio = 소리|사운드|오디오
volume = 볼륨|음량
mute = 음소거
play = 재생
pause = 일시정지|일시 정지
stop = 정지|중지
record = 녹음|녹화
video = 동영상|비디오|영상
music = 음악
photo|photos|picture = 사진
gallery = 갤러리
camera = 카메라
file|files = 파일
folder|folders = 폴더
document|documents = 문서
attachment|attachments|attach = 첨부|첨부파일|첨부 파일
export = 내보내기
import = 가져오기
select all = 전체 선택|모두 선택
deselect|unselect = 선택 해제
choose|select = 선택|고르기
move = 이동|옮기기
rename = 이름 바꾸기|이름 변경
duplicate|clone = 복제
paste = 붙여넣기
cut = 잘라내기
redo = 다시 실행
retry|try again = 다시 시도|재시도
restore = 복원
recover = 복구
pin = 고정
unpin = 고정 해제
star|favorite|favourite = 즐겨찾기|별표
bookmark = 북마크|책갈피
tag|tags|label = 태그
category|categories = 카테고리|분류
keyword|keywords = 키워드|검색어
result|results = 결과|검색 결과
page = 페이지
first page = 첫 페이지|처음
last page = 마지막 페이지
previous page = 이전 페이지
next page = 다음 페이지
list = 목록|리스트
grid = 그리드|격자
table = 표|테이블
chart|graph = 차트|그래프
dashboard = 대시보드|현황판
board|bulletin board|forum = 게시판
notice|notices|announcement|announcements = 공지|공지사항|알림 사항
event|events = 이벤트|행사
news = 뉴스|소식
blog = 블로그
faq|faqs|frequently asked questions = 자주 묻는 질문|자주 묻는 질문들
question|questions = 질문
answer|answers = 답변
review|reviews = 리뷰|후기|상품평
rating|ratings = 평점|별점
feedback = 피드백|의견
report a problem|report issue = 문제 신고|신고
community = 커뮤니티
free = 무료|자유
popular = 인기
recent|latest = 최근|최신
new = 신규|새
today = 오늘
yesterday = 어제
tomorrow = 내일
week|weekly = 주간|이번 주
month|monthly = 월간|이번 달|달
year|yearly|annual = 연간|올해
day|daily = 일간|하루
calendar = 달력|캘린더
schedule = 일정|스케줄
reservation|booking|book = 예약
appointment = 약속|진료 예약
start = 시작
end|finish = 종료|끝
start date = 시작일|시작 날짜
end date = 종료일|종료 날짜
due date|deadline = 마감일|기한
period|duration = 기간
history = 기록|내역|이력
activity = 활동
log|logs = 로그
status = 상태
progress = 진행|진행 상황|진행률
complete|completed|done = 완료|완료됨
pending = 대기|대기 중
in progress = 진행 중
failed|failure = 실패
success = 성공
error = 오류|에러
warning = 경고
info|information = 정보|안내
active = 활성 상태|사용 중
inactive|suspended = 정지됨|휴면
approved = 승인됨
rejected = 거절됨|반려
approve = 승인
reject|decline = 거절|반려하기
invite = 초대
participate|join now|take part = 참여|참여하기|참가|지금 참여하기
leave = 나가기|탈퇴
follow = 팔로우
unfollow = 언팔로우
friend|friends = 친구
chat = 채팅
call = 전화하기|통화
contact|contacts = 연락처
inbox = 받은편지함|받은 편지함
sent = 보낸편지함|보낸 편지함|보낸 메일
draft|drafts = 임시저장|임시 저장|임시보관함
spam = 스팸
trash|bin = 휴지통
compose mail|new message = 새 메시지|메일 쓰기
mark as read = 읽음 표시|읽음으로 표시
unread = 읽지 않음
order history|my orders = 주문 내역|주문내역
order number = 주문 번호|주문번호
shipping|delivery = 배송
shipping address|delivery address = 배송지|배송 주소|배송지 주소
shipping fee|delivery fee|shipping cost = 배송비
track|tracking|track order = 배송 조회|배송조회
return|returns = 반품
exchange = 교환
refund = 환불
invoice|receipt = 영수증|청구서|인보이스
billing = 청구|결제 정보
plan|pricing plan = 요금제|플랜
upgrade = 업그레이드
downgrade = 다운그레이드
renew = 갱신
stock|in stock = 재고|재고 있음
sold out|out of stock = 품절|매진
wishlist|add to wishlist = 찜하기|위시리스트에 추가|관심상품 등록
compare = 비교|비교하기
brand = 브랜드
size guide = 사이즈 가이드
option|options = 옵션
quantity up|increase|increase quantity|more quantity = 수량 증가|늘리기|증가
decrease|decrease quantity|reduce = 수량 감소|줄이기|감소
subtotal = 소계
tax = 세금|부가세
place order|order now = 주문하기|주문 완료|바로 주문
continue shopping|keep shopping|keep browsing|continue browsing|back to shop = 쇼핑 계속하기|계속 쇼핑하기
empty cart|clear cart = 장바구니 비우기
view cart|go to cart = 장바구니 보기|장바구니로 이동
shop|store = 상점|쇼핑|스토어
best|best sellers|bestseller = 베스트|인기 상품|베스트셀러
recommended|recommendation = 추천|추천 상품
gift|gift card = 선물|기프트 카드|상품권
point|points|reward|rewards = 포인트|적립금
membership = 멤버십|회원 등급
benefit|benefits = 혜택
welcome = 환영합니다|어서 오세요
hello = 안녕하세요
thank you|thanks = 감사합니다
get started = 시작하기
learn more|read more = 더 알아보기|자세히 보기|더 읽기
see all|view all|show all = 전체 보기|모두 보기|전체보기
hide = 숨기기
show less|collapse = 접기
expand = 펼치기
minimize = 최소화
maximize = 최대화
fullscreen|full screen|go full screen|enter full screen|view full screen = 전체 화면|전체화면
zoom = 확대|줌
zoom in|enlarge|magnify = 확대하기
zoom out = 축소|축소하기
rotate = 회전
crop = 자르기
draw = 그리기
pen|pencil = 펜|연필
brush = 브러시|붓
eraser = 지우개
shape|shapes = 도형
tool|tools = 도구
layer|layers = 레이어
discard|throw away = 버리기|취소하고 나가기|변경 사항 삭제
keep editing|continue editing = 계속 편집|계속 편집하기
unsaved changes = 저장하지 않은 변경 사항|저장되지 않은 변경 사항
changes = 변경 사항|변경사항
confirm password = 비밀번호 확인
new password = 새 비밀번호
current password = 현재 비밀번호
change password = 비밀번호 변경|비밀번호 바꾸기
verification|verify|authentication = 인증
verification code = 인증번호|인증 번호|인증 코드
send code = 인증번호 받기|인증번호 전송|코드 전송
resend = 재전송|다시 보내기
two factor|2fa|two factor authentication = 2단계 인증|이중 인증
security = 보안
keypad|keyboard = 키패드|키보드
number|numbers = 번호|숫자
amount|sum = 금액
spending|expenses|expense = 지출|지출 금액
income = 수입
budget = 예산
savings = 저축
transport|transportation = 교통|교통비
food|dining = 식비|음식
housing|rent = 주거|월세|주거비
utilities = 공과금
health|medical = 건강|의료
education = 교육
entertainment = 여가|오락
legend = 범례
privacy settings = 개인정보 설정
personal information|personal info = 개인 정보|개인정보 수집
collect|collection = 수집
use|usage = 이용|사용
marketing = 마케팅
receive = 수신|받기
sms|text message = 문자|문자 메시지
push notification|push notifications = 푸시 알림
digest|weekly digest = 주간 요약
frequency = 빈도|주기
time zone|timezone = 시간대
currency = 통화|화폐
korean = 한국어
english = 영어
not now|later|maybe later = 나중에|다음에
skip = 건너뛰기
back to top = 맨 위로
go home = 홈으로
main menu = 주요 메뉴|메인 메뉴
my page = 마이페이지|마이 페이지
my info|my information = 내정보
customer service|customer support|customer center = 고객센터|고객 센터|고객 지원
location|map view = 위치
directions = 길찾기
nearby = 주변 검색
distance = 거리
price low to high = 낮은 가격순
price high to low = 높은 가격순
newest|newest first = 최신순
oldest|oldest first = 오래된순
most popular = 인기순
relevance = 관련도순|정확도순
author|writer|written by = 작성자|글쓴이
date written|posted on|created = 작성일|등록일
views = 조회수|조회
likes = 좋아요 수
manage|management = 관리
user management = 사용자 관리
general = 일반
advanced = 고급
deactivate = 비활성화하기|계정 비활성화
delete account = 계정 삭제|회원 탈퇴|탈퇴하기
danger zone = 위험 구역
upload photo|change photo = 사진 업로드|사진 변경|사진 바꾸기
profile photo|profile picture|avatar image = 프로필 사진|프로필 이미지
bio|about me = 자기소개|소개글
website = 웹사이트|홈페이지 주소
birth date|date of birth = 생년월일 입력
age = 나이
nationality = 국적
occupation|job = 직업
school = 학교
hobby|hobbies = 취미
search|magnifying glass|magnifier|loupe|search icon = 돋보기|돋보기 아이콘
notifications|bell|bell icon = 종|종 모양|벨
settings|gear|cog|cogwheel|gear icon = 톱니바퀴|톱니
menu|hamburger|hamburger menu|three lines = 햄버거|햄버거 메뉴|줄 세 개
more|kebab|three dots|dots|ellipsis|more options = 점 세 개|더보기 메뉴|추가 옵션
home|house = 집|집 모양
like|heart = 하트
add|plus|plus sign = 더하기|플러스
close|cross|x mark|close icon = 엑스|엑스 표시
account|person|user icon = 사람 모양|사용자 아이콘
email|envelope = 봉투
help|question mark = 물음표
language|globe = 지구본|언어 선택
filter|funnel = 깔때기
view|eye = 눈 모양
cart|shopping bag icon|cart icon = 카트|쇼핑백
one way|one-way|single trip = 편도
round trip|return trip|roundtrip = 왕복
multi city|multi-city|multiple destinations = 다구간|다구간 여행
flight|flights|airfare|air ticket = 항공권|항공편|비행기표
from|origin|departure city|leaving from|flying from = 출발지|출발
to|destination|where to|going to|flying to|arrival city = 도착지|목적지|도착
departure|depart|departure date|departing = 출발일|가는 날|출발 날짜
return date|returning|return on = 오는 날|귀국일|복귀일|돌아오는 날
passenger|passengers|travellers|travelers|guests = 승객|탑승객|인원|여행자
adult|adults = 성인
child|children|kids = 어린이|아동|소아
infant|infants = 유아
economy|economy class = 일반석|이코노미
business class = 비즈니스석|비즈니스
first class = 일등석|퍼스트
seat|seats|seat selection = 좌석|좌석 선택
baggage|luggage|bags = 수하물|짐
check in date|check-in = 체크인
hotel|hotels|stay|accommodation = 호텔|숙소|숙박
room|rooms = 객실|방
night|nights = 박
car rental|rent a car|rental car = 렌터카|렌트카
train|trains = 기차|열차
bus = 버스
itinerary|trip|my trips = 여행 일정|일정표|내 여행
swap|switch direction|reverse = 바꾸기|출발지 도착지 바꾸기|맞바꾸기
month view = 월 보기|월간 보기
week view = 주 보기|주간 보기
day view = 일 보기|일간 보기
all day = 종일|하루 종일
new event|add event|create event = 새 일정|일정 추가|이벤트 추가
invitees|attendees|guests list = 참석자|초대 대상
reminder|reminders = 알림 설정|리마인더|미리 알림
repeat|recurring|recurrence = 반복
location field|venue|place = 장소
monday|mon = 월요일
tuesday|tue = 화요일
wednesday|wed = 수요일
thursday|thu = 목요일
friday|fri = 금요일
saturday|sat = 토요일
sunday|sun = 일요일
shopping cart page|my cart = 내 장바구니
proceed to checkout|go to checkout = 결제 진행|결제하러 가기|주문 결제
pay|pay now = 결제하기|지금 결제|지불하기
payment method|payment methods = 결제 수단|결제 방법|결제수단
credit card|debit card = 신용카드|체크카드
bank transfer|wire transfer = 계좌이체|무통장 입금
cash on delivery = 착불|현장 결제
terms and conditions|terms of use|terms of service agreement = 이용약관 동의|서비스 이용약관
required|mandatory field = 필수|필수 항목|필수 입력
optional field = 선택 항목|선택 입력
agree to all|agree to everything = 전체 동의하기|약관 전체 동의
list view = 목록 보기|리스트 보기
grid view = 격자 보기|그리드 보기|바둑판 보기
card view = 카드 보기
sort by date = 날짜순|날짜 순
sort by name = 이름순|이름 순
sort by price = 가격순|가격 순
ascending = 오름차순
descending = 내림차순
add item|add new|add new item = 항목 추가|새 항목
add row = 행 추가
delete row = 행 삭제
add column = 열 추가
add card = 카드 추가
add list = 목록 추가|리스트 추가
add task|new task = 할 일 추가|작업 추가|새 작업
task|tasks|to do item = 작업|할 일|태스크
to do|todo = 할 일 목록|해야 할 일
backlog = 백로그
board|boards = 보드
assignee|assigned to = 담당자
reporter = 보고자
priority = 우선순위
high priority|urgent = 긴급|높음
low priority = 낮음
medium = 보통|중간
milestone = 마일스톤
sprint = 스프린트
inbox folder|mailbox = 메일함|편지함
compose|write email|new mail|new email = 메일 쓰기|편지 쓰기|새 메일
reply all = 전체 답장|모두에게 답장
junk|spam|spam folder|report spam|mark as spam|mark as junk|junk mail = 스팸 신고|스팸으로 신고|스팸 처리|정크 메일
not spam|not junk = 스팸 아님|스팸 해제
starred|favourite emails|starred emails = 별표 편지함|중요 편지함
important = 중요|중요 메일
mark as unread = 읽지 않음으로 표시|안 읽음 표시
mark all as read = 모두 읽음|모두 읽음 표시
attach file|attach files|add attachment = 파일 첨부|첨부하기
subject = 제목 입력|메일 제목
to|recipient|recipients|send to = 받는 사람|수신자|받는사람
cc = 참조
bcc = 숨은 참조
sender = 보낸 사람|발신자
flag|flagged = 플래그|깃발
snooze = 다시 알림|나중에 알림
label as = 라벨 붙이기
new folder|create folder|add folder = 새 폴더|폴더 만들기|폴더 추가
upload file|upload files = 파일 업로드|파일 올리기
download file = 파일 다운로드|파일 받기
my files|my drive = 내 파일|내 드라이브
shared with me = 공유 문서함|나와 공유됨
recent files|recents = 최근 파일|최근 문서
empty trash|empty bin = 휴지통 비우기
restore from trash = 휴지통에서 복원
permanently delete|delete forever = 영구 삭제|완전 삭제
file name|filename = 파일 이름|파일명
file size = 파일 크기|용량
modified|last modified|date modified = 수정한 날짜|수정일|최종 수정
type|file type = 유형|종류|파일 형식
storage = 저장 공간|저장용량
properties = 속성
preview = 미리보기|미리 보기
open with = 연결 프로그램|다음으로 열기
compress|zip file = 압축
extract|unzip = 압축 풀기|압축 해제
users list|user list = 사용자 목록|회원 목록
add user|invite user|new user = 사용자 추가|회원 추가|사용자 초대
roles and permissions = 역할 및 권한
audit log = 감사 로그
api key|api keys = API 키
integrations = 연동|통합
billing history = 결제 내역|청구 내역
usage limit|quota = 사용량 한도|할당량
limit = 한도|제한
daily limit|per day limit|limit per day = 일일 한도|1일 한도|하루 한도
monthly limit = 월 한도|월간 한도
disable = 사용 안 함|끄기|비활성화
save changes = 변경사항 저장|변경 사항 저장
discard changes = 변경사항 취소|변경 취소
board list|post list = 글 목록|게시글 목록|목록으로
write a comment|add comment|leave a comment = 댓글 쓰기|댓글 달기|댓글 작성
views count|view count = 조회 수
notice board = 공지 게시판
hot|trending = 인기글|급상승
previous post = 이전 글|이전글
next post = 다음 글|다음글
author name|posted by = 작성자 이름
reply to = 답글 달기|답글 쓰기
recommend|upvote = 추천하기
downvote = 비추천
send money|remit = 송금하기|보내기 송금
account balance|available balance = 계좌 잔액|잔고|사용 가능 금액|출금 가능 금액
transaction history|transactions|statement = 거래 내역|거래내역|입출금 내역
recipient account = 받는 계좌|입금 계좌
my accounts = 내 계좌|계좌 목록
card management|my cards = 카드 관리|내 카드
loan|loans = 대출
checked out|on loan = 대출 중|대출중
interest|interest rate = 이자|금리
exchange rate|currency exchange = 환율|환전
fee|fees|charge = 수수료
deposit money = 입금하기
withdraw money = 출금하기
coin|coins = 코인
gold|diamonds|gems = 골드|보석|다이아
score board|leaderboard|ranking = 순위|랭킹|리더보드
play again|replay = 다시 하기|다시 플레이
start game|play game = 게임 시작
pause game = 일시 정지하기
resume|continue game = 계속하기|재개
quit|exit = 종료하기|나가기 버튼
music on|bgm on = 배경음악 켜기|음악 켜기
sound effects|sfx = 효과음
vibration = 진동
graphics|quality = 그래픽|화질
select date|pick a date|choose date = 날짜 선택
select time|pick a time = 시간 선택
minimize window = 창 최소화
search results = 검색결과
clear search = 검색어 지우기
advanced search = 상세 검색|고급 검색
filter by = 필터링|조건 검색
apply filters = 필터 적용
reset filters|clear filters|clear all filters|remove filters|remove all filters = 필터 초기화|필터 전체 해제|필터 지우기
price range = 가격대|가격 범위
in stock only = 재고 있는 상품만
free shipping = 무료 배송|무료배송
add to favorites|favorite = 즐겨찾기 추가
remove from cart = 장바구니에서 삭제|장바구니 삭제
minus|minus sign|quantity minus|decrease by one = 빼기|마이너스|수량 빼기
quantity plus|increase by one = 수량 더하기
product details|product info = 상품 정보|상품 상세|제품 정보
specifications|specs = 사양|스펙
ratings and reviews|customer reviews = 상품 리뷰|고객 리뷰|구매 후기
write a review = 리뷰 쓰기|후기 작성|리뷰 작성
order summary = 주문 요약|주문 정보
order details = 주문 상세|주문 상세 정보
cancel order = 주문 취소
delivery status|shipping status = 배송 상태|배송 현황
estimated delivery = 도착 예정|배송 예정일
out for delivery = 배송 중
delivered = 배송 완료
ordered = 주문 완료됨
contact seller = 판매자 문의
customer inquiry|inquiry|q&a = 문의하기 버튼|상품 문의|1:1 문의
show password|view password = 비밀번호 보기|비밀번호 표시
hide password = 비밀번호 숨기기
username or email = 아이디 또는 이메일
sign up free|join free = 무료 가입|무료 회원가입
agree and continue = 동의하고 계속
i am not a robot|captcha = 로봇이 아닙니다|보안 문자
send verification = 인증 요청|인증하기
mobile number|cell phone = 휴대전화|휴대전화 번호|핸드폰 번호
upload image|add photo|add image = 이미지 업로드|사진 추가|이미지 추가
edit profile = 프로필 수정|프로필 편집
notifications settings|notification settings = 알림 설정하기
privacy and security = 개인정보 및 보안
accessibility = 접근성
display settings = 디스플레이|화면 설정하기
storage settings = 저장소
about this app|app info|version = 앱 정보|버전 정보|버전
open menu = 메뉴 열기
close menu = 메뉴 닫기
collapse all = 모두 접기
expand all = 모두 펼치기
breadcrumbs = 이동 경로
pagination = 페이지 이동|페이지 번호
go to page = 페이지로 이동
per page|rows per page|items per page = 페이지당|페이지당 행 수|페이지당 항목 수
total count|total items = 총 개수|전체 개수
selected items|selected = 선택 항목|선택됨
bulk actions|batch actions = 일괄 작업|일괄 처리
export csv|download csv = CSV 내보내기|CSV 다운로드
import csv = CSV 가져오기
refresh list = 목록 새로고침
view details|see details = 상세 보기|자세히 보기 버튼
confirm delete|yes delete = 삭제 확인|예 삭제
are you sure = 정말 삭제하시겠습니까|확실합니까
got it|understood = 알겠습니다|확인했습니다
dismiss notification = 알림 닫기
accept cookies = 쿠키 허용|쿠키 수락
manage cookies|cookie settings = 쿠키 설정
skip intro|skip ad = 건너뛰기 버튼|광고 건너뛰기
subscribe now = 지금 구독|구독하기
unsubscribe = 구독 취소|구독 해지
download app|get the app = 앱 다운로드|앱 설치
open in app = 앱에서 열기
chatbot|live chat = 채팅 상담|실시간 상담
send feedback = 의견 보내기|피드백 보내기
rate us|rate this app = 평가하기|별점 주기
in progress|doing = 진행중|하는 중
forward|forward email|forward message = 전달|전달하기
enable = 켜기|활성화하기
report abuse|report post|flag as inappropriate = 신고하기|게시물 신고|신고 버튼
ticket|tickets = 티켓|승차권|입장권
check out date|checkout date = 체크아웃|체크아웃 날짜
check in date|checkin date = 체크인 날짜
january|jan = 1월
february|feb = 2월
march|mar = 3월
april|apr = 4월
may = 5월
june|jun = 6월
july|jul = 7월
august|aug = 8월
september|sep|sept = 9월
october|oct = 10월
november|nov = 11월
december|dec = 12월
reserve|book now|make a reservation = 예약하기|지금 예약|예약 신청
recycle bin|trash can = 휴지통
shopping bag = 쇼핑백
redeem|redeem points|use points = 포인트 사용
earn points|collect points = 적립|포인트 적립
subscription|subscriptions|recurring payment = 정기 결제|정기결제|구독 관리
free trial|trial = 무료 체험|체험판|체험
followers = 팔로워
mention|mentions = 멘션|언급
hashtag|hashtags = 해시태그
repost|reshare = 리포스트|다시 공유|퍼가기
quote = 인용
react|reaction|reactions = 반응|반응 남기기
dislike|thumbs down = 싫어요
vote = 투표|투표하기
poll = 설문|투표 만들기
drag and drop|drop files here = 끌어다 놓기|여기에 파일을 놓으세요|드래그 앤 드롭
replace = 교체|대체
workspace|workspaces = 워크스페이스|작업 공간|작업공간
assign = 할당|배정|담당자 지정
under review|pending review = 검토 중|검토중|심사 중
unarchive = 보관 해제|보관 취소
unmute = 음소거 해제
saved items = 저장한 항목
recently viewed|viewed items = 최근 본 상품|최근 본 항목|최근 본
watch later = 나중에 볼 동영상|나중에 보기
queue|up next = 대기열|다음 재생 목록
shuffle = 셔플|무작위 재생|랜덤 재생
rewind = 되감기
fast forward = 빨리 감기|빨리감기
subtitles|captions|closed captions = 자막
speed|playback speed = 속도|재생 속도
cast|cast to tv = 캐스트|TV로 전송
scroll down = 아래로 스크롤
sidebar|side panel = 사이드바|측면 패널
toggle sidebar|collapse sidebar = 사이드바 접기|사이드바 열기
system default|use system setting = 시스템 설정|시스템 기본값
high contrast = 고대비
blocked users|block list = 차단 목록|차단한 사용자
export data|data export|download my data = 데이터 내보내기|내 데이터 다운로드
connected apps|linked accounts = 연결된 앱|연결된 계정|연동된 계정
emoji|emoticon|smiley|smiley face = 이모지|이모티콘
sticker|stickers = 스티커
voice message = 음성 메시지
microphone|mic = 마이크
screen share|share screen|share my screen|present my screen|present now = 화면 공유|화면 공유하기
raise hand = 손들기|손 들기
participants = 참가자
join meeting = 회의 참여|회의 참가
leave meeting|leave call = 회의 나가기
end call|hang up = 통화 종료|전화 끊기
video call = 영상 통화|화상 통화
voice call|audio call = 음성 통화
alarm|alarms = 알람
timer = 타이머
stopwatch = 스톱워치
remind me = 리마인더 설정
map|maps = 지도|맵
current location|my location = 현재 위치|내 위치
open now = 영업 중|지금 영업 중
available|availability = 예약 가능|이용 가능
notify me|restock alert|notify when available = 재입고 알림|입고 알림 신청
waitlist|waiting list = 대기 명단|대기자 명단|대기 신청
estimated total = 예상 합계|예상 결제 금액
copy link = 링크 복사
invite link = 초대 링크
best selling = 판매순|판매량순
"""
"""A wider bilingual vocabulary of the words on web-app controls, one concept a line: English phrases, ``=``,
Korean phrases (``|`` between alternatives). Icon names ("magnifying glass", "bell", "gear", 돋보기) say the
concept the icon stands for. A line that names a concept of :data:`SYNONYMS` adds its phrases to it."""


def _glossary_lines() -> list[list[str]]:
    from perception._vocabulary import VOCABULARY  # after the glossary, so that its concepts win

    out = []
    for line in (GLOSSARY + VOCABULARY).splitlines():
        if "=" in line:
            en, ko = line.split("=", 1)
            out.append([p.strip() for p in (*en.split("|"), *ko.split("|")) if p.strip()])
    return out


_IGNORED = frozenset({"the", "a", "an", "my", "your", "our", "please", "내"})
"""Words :func:`canonical` drops before it looks phrases up ("Leave a comment" is "leave comment")."""


def _build_phrase_table() -> tuple[dict[str, str], int]:
    table: dict[str, str] = {}

    def add(phrase: str, concept: str) -> None:
        said = normalize(phrase)
        table.setdefault(said, concept)
        # canonical() reads a text without its articles and possessives, so a phrase is also known without them
        # ("leave a comment", "write a review"), where two words or more are left to say it
        bare = [w for w in said.split() if w not in _IGNORED]
        if 2 <= len(bare) < len(said.split()):
            table.setdefault(" ".join(bare), concept)

    for concept, phrases in SYNONYMS.items():
        for p in phrases:
            add(p, concept)
    for line in _glossary_lines():
        known = [table[normalize(p)] for p in line if normalize(p) in table]
        concept = known[0] if known else "g:" + normalize(line[0]).replace(" ", "_")
        for p in line:
            add(p, concept)
    return table, max(len(p.split()) for p in table)


_PHRASES, _MAX_WORDS = _build_phrase_table()
_KO_PHRASES = sorted((p for p in _PHRASES if has_hangul(p) and " " not in p and len(p) >= 2), key=len, reverse=True)


@lru_cache(maxsize=65536)
def canonical(text: str) -> str:
    """Normalised ``text`` with each known phrase replaced by its concept token (longest match first).

    Korean phrases also match at the start of a longer word (``로그인하기`` is ``로그인`` and a verb ending).

    >>> canonical("Log in"), canonical("로그인"), canonical("Sign in with Google")
    ('⟨signin⟩', '⟨signin⟩', '⟨signin⟩ with google')
    >>> canonical("로그인하기"), canonical("비밀번호를")
    ('⟨signin⟩', '⟨password⟩')
    """
    words = [w for w in normalize(text).split() if w not in _IGNORED] or normalize(text).split()
    out: list[str] = []
    i = 0
    while i < len(words):
        for n in range(min(_MAX_WORDS, len(words) - i), 0, -1):
            phrase = " ".join(words[i : i + n])
            concept = _PHRASES.get(phrase)
            if concept is None and not has_hangul(phrase):
                concept = _PHRASES.get(" ".join(singular(w) for w in words[i : i + n]))  # "reports", "categories"
            if concept is not None:
                out.append(f"⟨{concept}⟩")
                i += n
                break
        else:
            out += _korean_compound(words[i]) if has_hangul(words[i]) else [words[i]]
            i += 1
    return " ".join(out)


def _sense_table() -> dict[str, tuple[str, ...]]:
    from perception._senses import SENSES

    table: dict[str, tuple[str, ...]] = {}
    for line in SENSES.splitlines():
        if "=" in line:
            word, senses = line.split("=", 1)
            table[normalize(word)] = tuple(normalize(s) for s in senses.split("|") if s.strip())
    return table


_SENSES = _sense_table()
_SENSE_WORDS = max((len(p.split()) for p in _SENSES), default=1)
_KO_SENSES = sorted((p for p in _SENSES if has_hangul(p) and " " not in p), key=len, reverse=True)
_MAX_SENSE_READINGS = 4


@lru_cache(maxsize=65536)
def canonical_senses(text: str) -> tuple[str, ...]:
    """:func:`canonical` of ``text`` read with the other meanings of its words that mean several things
    (:data:`perception._senses.SENSES`), the usual reading first, at most four.

    >>> canonical_senses("다음 문제")
    ('⟨next⟩ ⟨g:issue⟩', '⟨next⟩ ⟨g:question⟩', '⟨next⟩ ⟨g:problem⟩')
    """
    words = normalize(text).split()
    readings: list[list[str]] = [[]]
    i = 0
    while i < len(words):
        alternatives = [words[i : i + 1]]
        step = 1
        for n in range(min(_SENSE_WORDS, len(words) - i), 0, -1):
            phrase = " ".join(words[i : i + n])
            if phrase in _SENSES:
                alternatives = [words[i : i + n], *(s.split() for s in _SENSES[phrase])]
                step = n
                break
        else:
            word = words[i]
            if has_hangul(word):
                for p in _KO_SENSES:
                    rest = word[len(p) :]
                    if word.startswith(p) and rest and (rest in _PARTICLES or rest in _VERBAL_ENDINGS):
                        alternatives = [[word], *(s.split() for s in _SENSES[p])]  # 문제를: the particle says nothing
                        break
        readings = [r + a for r in readings for a in alternatives][:_MAX_SENSE_READINGS]
        i += step
    out: list[str] = []
    for r in readings:
        c = canonical(" ".join(r))
        if c not in out:
            out.append(c)
    return tuple(out)


_VERBAL_ENDINGS = frozenset({"하기", "하다", "합니다", "하세요", "해요", "해", "하기를", "하기로", "하는", "하고", "하여",
                             "해주세요", "해줘", "할", "함", "됨", "되기", "중"})


def _korean_compound(word: str) -> list[str]:
    """A Korean word that starts with a known phrase: the concept, then the rest (itself maybe a known word
    or a particle): 로그인하기 → ⟨signin⟩ 하기, 전체보기 → ⟨all⟩ ⟨view⟩, 비밀번호를 → ⟨password⟩ (not 내보내기 ⊃ 보내기)."""
    for p in _KO_PHRASES:
        if word.startswith(p):
            rest = word[len(p) :]
            concept = f"⟨{_PHRASES[p]}⟩"
            if not rest or rest in _PARTICLES or rest in _VERBAL_ENDINGS:
                return [concept]  # 로그인하기, 검색하세요: the verb ending says nothing more
            if rest in _PHRASES:
                return [concept, f"⟨{_PHRASES[rest]}⟩"]
            if len(rest) >= 2 and any(rest.startswith(q) for q in _KO_PHRASES):
                return [concept, *_korean_compound(rest)]
            return [concept, rest]
    return [word]


@lru_cache(maxsize=65536)
def singular(word: str) -> str:
    """An English plural folded to its singular (``reports`` → ``report``, ``categories`` → ``category``,
    ``boxes`` → ``box``); other words unchanged.

    >>> singular("notifications"), singular("categories"), singular("addresses"), singular("status")
    ('notification', 'category', 'address', 'status')
    """
    if len(word) <= 3 or not word.isascii() or not word.isalpha() or not word.endswith("s"):
        return word
    if word.endswith(("ss", "us", "is", "ous")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "ches", "shes", "xes", "zes")):
        return word[:-2]
    return word[:-1]


# -- colours -----------------------------------------------------------------------------------------
# (hue range in degrees or None for an achromatic colour, predicate on (h, s, v) in 0..360, 0..1, 0..1)
COLOURS: dict[str, tuple[str, ...]] = {
    "red": ("red", "crimson", "scarlet", "빨간", "빨강", "빨간색", "붉은", "적색", "레드", "빨강색"),
    "orange": ("orange", "주황", "주황색", "오렌지", "오렌지색"),
    "yellow": ("yellow", "gold", "golden", "노란", "노랑", "노란색", "황색", "노랑색", "금색"),
    "green": ("green", "lime", "초록", "초록색", "녹색", "연두", "연두색", "그린", "푸른색 녹색"),
    "teal": ("teal", "cyan", "turquoise", "청록", "청록색", "하늘색"),
    "blue": ("blue", "navy", "azure", "파란", "파랑", "파란색", "청색", "푸른", "남색", "블루", "파랑색"),
    "purple": ("purple", "violet", "indigo", "보라", "보라색", "자주", "자주색", "퍼플"),
    "pink": ("pink", "magenta", "분홍", "분홍색", "핑크", "핑크색"),
    "brown": ("brown", "갈색", "밤색"),
    "gray": ("gray", "grey", "silver", "회색", "잿빛", "은색", "그레이"),
    "black": ("black", "검은", "검정", "검은색", "까만", "흑색", "검정색", "블랙"),
    "white": ("white", "흰", "하얀", "흰색", "하얀색", "백색", "화이트"),
}  # fmt: skip
"""Colour → the words for it. :func:`perception.grounding` compares them with an element's colours."""

# -- states ------------------------------------------------------------------------------------------
STATE_WORDS: dict[str, tuple[str, bool]] = {
    "checked": ("checked", True), "ticked": ("checked", True), "selected": ("selected", True),
    "unchecked": ("checked", False), "unticked": ("checked", False), "unselected": ("selected", False),
    "not checked": ("checked", False), "not selected": ("selected", False), "non checked": ("checked", False),
    "disabled": ("disabled", True), "greyed out": ("disabled", True), "grayed out": ("disabled", True),
    "inactive": ("disabled", True), "enabled": ("disabled", False), "active": ("selected", True),
    "expanded": ("expanded", True), "collapsed": ("expanded", False), "focused": ("focused", True),
    "required": ("required", True), "mandatory": ("required", True), "optional": ("required", False),
    "empty": ("empty", True), "blank": ("empty", True), "filled": ("empty", False),
    "체크된": ("checked", True), "체크 된": ("checked", True), "선택된": ("selected", True),
    "체크되지 않은": ("checked", False), "체크 안 된": ("checked", False), "체크 안된": ("checked", False),
    "체크되지 않은 상태의": ("checked", False), "체크 해제된": ("checked", False), "해제된": ("checked", False),
    "선택되지 않은": ("selected", False), "선택 안 된": ("selected", False), "선택 안된": ("selected", False),
    "비활성": ("disabled", True), "비활성화된": ("disabled", True), "비활성화": ("disabled", True),
    "비활성된": ("disabled", True), "활성": ("disabled", False), "활성화된": ("disabled", False),
    "펼쳐진": ("expanded", True), "접힌": ("expanded", False), "필수": ("required", True),
    "빈": ("empty", True), "비어 있는": ("empty", True), "비어있는": ("empty", True), "켜진": ("checked", True),
    "꺼진": ("checked", False),
    "switched on": ("checked", True), "turned on": ("checked", True), "toggled on": ("checked", True),
    "switched off": ("checked", False), "turned off": ("checked", False), "toggled off": ("checked", False),
    "that is off": ("checked", False), "which is off": ("checked", False),  # "the switch that's off"
    "that is on": ("checked", True), "which is on": ("checked", True), "already on": ("checked", True),
    "currently on": ("checked", True), "already off": ("checked", False), "currently off": ("checked", False),
    "that is already on": ("checked", True), "that is currently on": ("checked", True),
    "that is already off": ("checked", False), "that is currently off": ("checked", False),
    "current": ("selected", True), "chosen": ("selected", True),
    "pressed": ("checked", True), "not pressed": ("checked", False), "unpressed": ("checked", False),
    "starred": ("starred", True), "unstarred": ("starred", False), "not starred": ("starred", False),
    "favourited": ("starred", True), "favorited": ("starred", True), "flagged": ("flagged", True),
    "unflagged": ("flagged", False), "pinned": ("pinned", True), "unpinned": ("pinned", False),
    "unavailable": ("disabled", True), "not available": ("disabled", True), "greyed": ("disabled", True),
    "grayed": ("disabled", True), "dimmed": ("disabled", True),
    "현재": ("selected", True), "선택한": ("selected", True), "선택되어 있는": ("selected", True), "선택된 상태의": ("selected", True),
    "체크한": ("checked", True), "체크되어 있는": ("checked", True), "눌린": ("checked", True), "눌려 있는": ("checked", True),
    "별표 된": ("starred", True), "별표된": ("starred", True), "별표 표시된": ("starred", True), "별표 표시한": ("starred", True),
    "즐겨찾기 된": ("starred", True), "별표한": ("starred", True), "즐겨찾기한": ("starred", True),
    "고정된": ("pinned", True), "비활성화되어 있는": ("disabled", True), "회색으로 표시된": ("disabled", True),
    "흐리게 표시된": ("disabled", True), "사용할 수 없는": ("disabled", True), "펼쳐져 있는": ("expanded", True),
    "is on": ("checked", True), "is off": ("checked", False), "켜져 있는": ("checked", True),
    "꺼져 있는": ("checked", False), "켜짐": ("checked", True), "꺼짐": ("checked", False),
    # what cannot be done to it: greyed out, or a field that takes no typing
    "can t be selected": ("disabled", True), "cannot be selected": ("disabled", True), "not selectable": ("disabled", True),
    "unselectable": ("disabled", True), "not clickable": ("disabled", True), "unclickable": ("disabled", True),
    "can t be edited": ("disabled", True), "cannot be edited": ("disabled", True), "read only": ("disabled", True),
    "not editable": ("disabled", True), "locked": ("disabled", True),
    "선택할 수 없는": ("disabled", True), "선택 못 하는": ("disabled", True), "선택 못하는": ("disabled", True),
    "선택 불가": ("disabled", True), "선택 불가능한": ("disabled", True), "누를 수 없는": ("disabled", True),
    "클릭할 수 없는": ("disabled", True), "못 누르는": ("disabled", True), "사용 불가": ("disabled", True),
    "수정할 수 없는": ("disabled", True), "수정 못 하는": ("disabled", True), "고칠 수 없는": ("disabled", True),
    "못 고치는": ("disabled", True), "입력할 수 없는": ("disabled", True), "입력 못 하는": ("disabled", True),
    "읽기 전용": ("disabled", True), "잠긴": ("disabled", True), "마감된": ("disabled", True),
    # what cannot be had: sold out, booked out, not on offer now
    "sold out": ("disabled", True), "fully booked": ("disabled", True), "booked out": ("disabled", True),
    "out of stock": ("disabled", True), "can t be booked": ("disabled", True), "cannot be booked": ("disabled", True),
    "can t be reserved": ("disabled", True), "cannot be reserved": ("disabled", True),
    "can t be returned": ("disabled", True), "cannot be returned": ("disabled", True),
    "not returnable": ("disabled", True), "non returnable": ("disabled", True),
    "can t be chosen": ("disabled", True), "cannot be chosen": ("disabled", True),
    "매진된": ("disabled", True), "매진": ("disabled", True), "품절된": ("disabled", True), "품절": ("disabled", True),
    "예약 불가": ("disabled", True), "예약 불가능한": ("disabled", True), "예약할 수 없는": ("disabled", True),
    "예약 마감된": ("disabled", True), "예약마감된": ("disabled", True), "예약 마감": ("disabled", True),
    "예약마감": ("disabled", True),
    "이용 불가": ("disabled", True), "이용할 수 없는": ("disabled", True), "구매 불가": ("disabled", True),
    "구매할 수 없는": ("disabled", True), "반품 불가": ("disabled", True), "반품할 수 없는": ("disabled", True),
    "신청 불가": ("disabled", True), "신청할 수 없는": ("disabled", True),
    # chosen, said in other Korean forms
    "선택돼 있는": ("selected", True), "선택되어있는": ("selected", True), "골라진": ("selected", True),
    "선택 중인": ("selected", True), "진행 중인": ("selected", True), "현재 진행 중인": ("selected", True),
    "관심 등록된": ("starred", True), "찜한": ("starred", True), "찜된": ("starred", True), "북마크한": ("starred", True),
    "북마크된": ("starred", True), "opened": ("expanded", True), "열린": ("expanded", True), "열려 있는": ("expanded", True),
    "열려있는": ("expanded", True),
}  # fmt: skip
"""State phrase → (state, wanted value). ``selected`` also accepts ``checked`` and vice versa."""

# -- typed values ------------------------------------------------------------------------------------
VALUE_TYPES: dict[str, str] = {
    "price": r"^[\s]*(?:[$€£¥₩]\s?\d[\d,]*(?:\.\d+)?|\d[\d,]*(?:\.\d+)?\s?(?:원|usd|eur|krw|달러|\$|€))\s*$",
    "email": r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$",
    "phone": r"^\+?[\d\s().-]{7,}$",
    "date": r"^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}|\d{4}년\s?\d{1,2}월\s?\d{1,2}일|"
            r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}(?:,? \d{4})?|"
            r"\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:,? \d{4})?|\d{1,2}월\s?\d{1,2}일)$",
    "time": r"^\d{1,2}:\d{2}(?::\d{2})?\s?(?:am|pm|오전|오후)?$",
    "quantity": r"^\d+$",
    "g:number": r"^\s*[-+−]?[$€£¥₩]?\s?\d[\d,]*(?:\.\d+)?\s?(?:%|원|만|천|억|k|m)?\s*$",
    "total": r"^[\s]*(?:[$€£¥₩]\s?\d[\d,]*(?:\.\d+)?|\d[\d,]*(?:\.\d+)?\s?(?:원|usd|eur|krw|달러))\s*$",
}
"""Concept (of :data:`SYNONYMS`) → a pattern its values follow: "Bob's email" means the cell that looks
like an address, "the price of the Red Hoodie" the one that looks like money."""

DESCRIPTIVE = frozenset({
    "company", "site", "website", "brand", "main", "primary", "secondary", "big", "large", "small", "little", "tiny",
    "round", "square", "rounded", "wide", "long", "short", "bold", "highlighted", "colored", "coloured", "empty",
    "회사", "큰", "작은", "동그란", "네모난", "메인", "주요",
    # shades of a colour said with it ("the dark blue button", "진한 남색 버튼")
    "dark", "light", "bright", "pale", "deep", "진한", "연한", "밝은", "어두운", "옅은", "짙은",
})  # fmt: skip
"""Words that describe how a control looks, not what it says ("the company logo", "the big button"):
dropped from the text when a role word names the target."""
