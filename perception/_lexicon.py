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
    "INTERACTIVE_ROLES",
    "ROLE_WORDS",
    "STATE_WORDS",
    "SYNONYMS",
    "VALUE_TYPES",
    "canonical",
    "has_hangul",
    "jamo",
    "normalize",
    "strip_particle",
]

# -- normalisation ------------------------------------------------------------------------------------
_PUNCT = re.compile(r"[^\w\s#]|_", re.UNICODE)
_SPACES = re.compile(r"\s+")
_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")


_GLYPHS = str.maketrans({
    "×": " x ", "✕": " x ", "✖": " x ", "╳": " x ", "⨯": " x ", "❌": " x ", "☰": " menu ", "≡": " menu ",
    "⚙": " settings ", "🔍": " search ", "🔎": " search ", "🛒": " cart ", "♥": " like ", "❤": " like ",
    "♡": " like ", "★": " star ", "☆": " star ", "⋮": " more ", "⋯": " more ", "…": " ", "←": " back ",
    "→": " next ", "‹": " previous ", "›": " next ", "«": " previous ", "»": " next ", "+": " plus ",
    "✓": " check ", "✔": " check ", "🗑": " delete ", "✎": " edit ", "✏": " edit ", "🖊": " edit ",
    "⬇": " download ", "⤓": " download ", "⬆": " upload ", "🔔": " notifications ", "👤": " account ",
    "🏠": " home ", "⌂": " home ", "↻": " refresh ", "⟳": " refresh ", "🔄": " refresh ", "✉": " mail ",
    "📧": " email ", "🔒": " lock ", "❓": " help ", "?": " ", "ⓘ": " info ", "ℹ": " info ",
})  # fmt: skip
"""Icon glyphs that stand for a word on buttons ("×" for close, "☰" for menu, "🔍" for search)."""


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Case-, width- and punctuation-folded text with single spaces; icon glyphs become their word.

    >>> normalize("  E-mail:  *Required* ")
    'e mail required'
    >>> normalize("ＳＩＧＮ　ＩＮ"), normalize("×"), normalize("☰ Menu")
    ('sign in', 'x', 'menu menu')
    """
    text = unicodedata.normalize("NFKC", text).translate(_GLYPHS).casefold()
    text = _PUNCT.sub(" ", text).replace("#", " ")
    return _SPACES.sub(" ", text).strip()


def has_hangul(text: str) -> bool:
    """Whether ``text`` holds any Hangul.

    >>> has_hangul("로그인 button"), has_hangul("Sign in")
    (True, False)
    """
    return _HANGUL.search(text) is not None


_CHO = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_JUNG = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
_JONG = " ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"


@lru_cache(maxsize=65536)
def jamo(text: str) -> str:
    """``text`` with every Hangul syllable split into its letters (jamo); other characters kept.

    >>> jamo("한글 ok")
    'ㅎㅏㄴㄱㅡㄹ ok'
    """
    out: list[str] = []
    for ch in text:
        code = ord(ch) - 0xAC00
        if 0 <= code < 11172:
            out += (_CHO[code // 588], _JUNG[(code % 588) // 28])
            if code % 28:
                out.append(_JONG[code % 28])
        else:
            out.append(ch)
    return "".join(out)


# Korean postpositions (josa) that glue to the word before them; longest first
_PARTICLES = (
    "에서는", "으로는", "이라는", "에서의", "에게서", "에서", "에게", "으로", "이라", "라는", "까지", "부터", "처럼",
    "보다", "에는", "와의", "과의", "에의", "을", "를", "은", "는", "이", "가", "의", "에", "로", "와", "과", "도", "만",
)  # fmt: skip


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
        if token.endswith(p) and len(token) - len(p) >= (1 if len(p) >= 2 else 2):
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
    "row", "tabpanel", "tablist", "radiogroup", "tree", "search", "document", "figure", "listitem",
})  # fmt: skip
"""Roles of elements that hold others: the anchors of "in the … dialog/section/row"."""

_FIELD = {"textbox": 1.0, "searchbox": 1.0, "spinbutton": 0.9, "combobox": 0.8}
_BUTTON = {"button": 1.0, "link": 0.6, "menuitem": 0.6, "tab": 0.45, "switch": 0.45, "option": 0.35}
_IMAGE = {"img": 1.0, "image": 1.0, "figure": 0.7, "graphics-document": 0.7, "canvas": 0.6}
_DROPDOWN = {"combobox": 1.0, "listbox": 1.0, "button": 0.55}
_TEXT = {"text": 1.0, "paragraph": 1.0, "generic": 1.0, "statictext": 1.0, "label": 1.0, "cell": 0.9, "caption": 1.0,
         "legend": 1.0, "term": 1.0, "definition": 1.0, "columnheader": 0.8, "rowheader": 0.8,
         "heading": 0.8, "listitem": 0.8, "note": 0.9, "status": 0.9, "strong": 1.0, "emphasis": 1.0}  # fmt: skip

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
    "heading": {"heading": 1.0}, "headline": {"heading": 1.0}, "title": {"heading": 1.0},
    "subtitle": {"heading": 1.0}, "subheading": {"heading": 1.0},
    "switch": {"switch": 1.0, "checkbox": 0.8, "button": 0.5}, "toggle": {"switch": 1.0, "checkbox": 0.8,
                                                                        "button": 0.6},
    "toggle switch": {"switch": 1.0, "checkbox": 0.8}, "spinner": {"spinbutton": 1.0},
    "text": _TEXT, "label": _TEXT, "caption": _TEXT, "message": _TEXT, "paragraph": _TEXT, "word": _TEXT,
    "dialog": {"dialog": 1.0, "alertdialog": 1.0}, "modal": {"dialog": 1.0, "alertdialog": 1.0},
    "popup": {"dialog": 1.0, "alertdialog": 1.0, "menu": 0.6}, "pop up": {"dialog": 1.0, "alertdialog": 1.0},
    "window": {"dialog": 1.0, "alertdialog": 1.0}, "dialog box": {"dialog": 1.0, "alertdialog": 1.0},
    "section": {"region": 1.0, "group": 0.8, "form": 0.7, "article": 0.8, "section": 1.0},
    "panel": {"region": 1.0, "group": 0.8, "tabpanel": 1.0, "complementary": 0.7, "section": 1.0},
    "card": {"article": 1.0, "region": 0.8, "group": 0.8, "listitem": 0.8},
    "area": {"region": 1.0, "group": 0.8}, "form": {"form": 1.0, "group": 0.6},
    "group": {"group": 1.0, "radiogroup": 1.0, "region": 0.7},
    "row": {"row": 1.0}, "line": {"row": 1.0}, "column": {"columnheader": 1.0, "cell": 0.7},
    "cell": {"cell": 1.0, "gridcell": 1.0}, "table": {"table": 1.0, "grid": 1.0},
    "list": {"list": 1.0, "listbox": 0.8}, "item": {"listitem": 1.0, "option": 0.8, "menuitem": 0.8},
    "list item": {"listitem": 1.0, "option": 0.8},
    "header": {"banner": 1.0, "heading": 0.6}, "footer": {"contentinfo": 1.0},
    "sidebar": {"complementary": 1.0, "navigation": 0.7}, "toolbar": {"toolbar": 1.0},
    "navigation": {"navigation": 1.0, "menubar": 0.8}, "nav": {"navigation": 1.0, "menubar": 0.8},
    "nav bar": {"navigation": 1.0, "menubar": 0.8}, "navbar": {"navigation": 1.0, "menubar": 0.8},
    "menu bar": {"menubar": 1.0, "navigation": 0.8}, "menubar": {"menubar": 1.0, "navigation": 0.8},
    # Korean
    "버튼": _BUTTON, "단추": _BUTTON,
    "링크": {"link": 1.0, "button": 0.5, "menuitem": 0.5, "tab": 0.4}, "하이퍼링크": {"link": 1.0},
    "입력란": _FIELD, "입력창": _FIELD, "입력칸": _FIELD, "입력 필드": _FIELD, "입력필드": _FIELD, "필드": _FIELD,
    "입력 상자": _FIELD, "입력상자": _FIELD, "텍스트 상자": _FIELD, "텍스트상자": _FIELD, "텍스트 박스": _FIELD,
    "텍스트박스": _FIELD, "칸": _FIELD, "란": _FIELD, "창": _FIELD,
    "입력": _FIELD,
    "체크박스": {"checkbox": 1.0, "menuitemcheckbox": 0.9, "switch": 0.7},
    "체크 박스": {"checkbox": 1.0, "menuitemcheckbox": 0.9, "switch": 0.7},
    "확인란": {"checkbox": 1.0, "switch": 0.7}, "체크란": {"checkbox": 1.0, "switch": 0.7},
    "라디오": {"radio": 1.0, "menuitemradio": 0.9}, "라디오 버튼": {"radio": 1.0, "menuitemradio": 0.9},
    "라디오버튼": {"radio": 1.0, "menuitemradio": 0.9},
    "탭": {"tab": 1.0, "link": 0.4, "button": 0.4},
    "메뉴": {"menu": 1.0, "menubar": 1.0, "menuitem": 0.85, "button": 0.6, "link": 0.45, "combobox": 0.4},
    "메뉴 항목": {"menuitem": 1.0, "option": 0.6, "link": 0.5, "button": 0.5},
    "드롭다운": _DROPDOWN, "드롭다운 메뉴": _DROPDOWN, "선택 상자": _DROPDOWN, "선택상자": _DROPDOWN,
    "콤보 상자": _DROPDOWN, "콤보상자": _DROPDOWN, "콤보박스": _DROPDOWN, "목록 상자": _DROPDOWN,
    "셀렉트": _DROPDOWN, "셀렉트 박스": _DROPDOWN, "선택창": _DROPDOWN,
    "옵션": {"option": 1.0, "menuitem": 0.7, "radio": 0.5, "listitem": 0.4},
    "슬라이더": {"slider": 1.0, "spinbutton": 0.4}, "슬라이드": {"slider": 1.0}, "스크롤바": {"slider": 0.8},
    "캔버스": _IMAGE, "차트": _IMAGE, "그래프": _IMAGE, "도표": _IMAGE, "지도": _IMAGE,
    "이미지": _IMAGE, "그림": _IMAGE, "사진": _IMAGE, "로고": _IMAGE, "썸네일": _IMAGE,
    "아이콘": {"img": 1.0, "image": 1.0, "button": 0.6, "link": 0.5, "graphics-symbol": 1.0},
    "제목": {"heading": 1.0}, "헤딩": {"heading": 1.0}, "머리글": {"heading": 0.8, "banner": 0.8},
    "소제목": {"heading": 1.0},
    "스위치": {"switch": 1.0, "checkbox": 0.8, "button": 0.5}, "토글": {"switch": 1.0, "checkbox": 0.8,
                                                                   "button": 0.6},
    "텍스트": _TEXT, "문구": _TEXT, "글자": _TEXT, "글": _TEXT, "라벨": _TEXT, "레이블": _TEXT, "문장": _TEXT,
    "메시지": _TEXT, "안내문": _TEXT,
    "대화상자": {"dialog": 1.0, "alertdialog": 1.0}, "대화 상자": {"dialog": 1.0, "alertdialog": 1.0},
    "다이얼로그": {"dialog": 1.0, "alertdialog": 1.0}, "팝업": {"dialog": 1.0, "alertdialog": 1.0, "menu": 0.6},
    "팝업창": {"dialog": 1.0, "alertdialog": 1.0}, "모달": {"dialog": 1.0, "alertdialog": 1.0},
    "모달창": {"dialog": 1.0, "alertdialog": 1.0}, "대화창": {"dialog": 1.0, "alertdialog": 1.0},
    "섹션": {"region": 1.0, "group": 0.8, "form": 0.7, "article": 0.8, "section": 1.0},
    "패널": {"region": 1.0, "group": 0.8, "tabpanel": 1.0, "section": 1.0},
    "영역": {"region": 1.0, "group": 0.8, "section": 1.0}, "카드": {"article": 1.0, "region": 0.8, "listitem": 0.8},
    "양식": {"form": 1.0}, "폼": {"form": 1.0}, "그룹": {"group": 1.0, "radiogroup": 1.0},
    "행": {"row": 1.0}, "줄": {"row": 1.0}, "열": {"columnheader": 1.0, "cell": 0.7}, "셀": {"cell": 1.0},
    "표": {"table": 1.0, "grid": 1.0}, "테이블": {"table": 1.0, "grid": 1.0}, "목록": {"list": 1.0},
    "리스트": {"list": 1.0}, "항목": {"listitem": 1.0, "option": 0.8, "menuitem": 0.8, "row": 0.6},
    "헤더": {"banner": 1.0, "heading": 0.6}, "푸터": {"contentinfo": 1.0}, "바닥글": {"contentinfo": 1.0},
    "사이드바": {"complementary": 1.0, "navigation": 0.7}, "툴바": {"toolbar": 1.0}, "도구 모음": {"toolbar": 1.0},
    "내비게이션": {"navigation": 1.0, "menubar": 0.8}, "네비게이션": {"navigation": 1.0, "menubar": 0.8},
    "메뉴바": {"menubar": 1.0, "navigation": 0.8}, "메뉴 바": {"menubar": 1.0, "navigation": 0.8},
}  # fmt: skip
"""Role word → the element roles it accepts, with how well each fits (1 = exactly what the word means)."""

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
    "delete": ("delete", "remove", "trash", "erase", "삭제", "제거", "지우기"),
    "next": ("next", "continue", "proceed", "forward", "다음", "계속", "계속하기"),
    "previous": ("previous", "prev", "back", "go back", "이전", "뒤로", "뒤로 가기", "뒤로가기"),
    "save": ("save", "저장", "저장하기"),
    "edit": ("edit", "modify", "change", "수정", "편집", "변경"),
    "close": ("close", "dismiss", "x", "close x", "닫기", "창 닫기"),
    "submit": ("submit", "제출", "제출하기"),
    "send": ("send", "보내기", "전송", "send it"),
    "add": ("add", "추가", "추가하기"),
    "create": ("create", "new", "생성", "만들기", "새로 만들기"),
    "settings": ("settings", "setting", "preferences", "options", "configuration", "설정", "환경설정", "환경 설정"),
    "home": ("home", "홈", "처음으로"),
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
    "reset": ("reset", "clear", "초기화"),
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
    "privacy": ("privacy", "privacy policy", "개인정보", "개인정보처리방침", "개인정보 처리방침"),
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


def _build_phrase_table() -> tuple[dict[str, str], int]:
    table: dict[str, str] = {}
    for concept, phrases in SYNONYMS.items():
        for p in phrases:
            table.setdefault(normalize(p), concept)
    return table, max(len(p.split()) for p in table)


_PHRASES, _MAX_WORDS = _build_phrase_table()
_KO_PHRASES = sorted((p for p in _PHRASES if has_hangul(p) and " " not in p and len(p) >= 2), key=len, reverse=True)


_IGNORED = frozenset({"the", "a", "an", "my", "your", "our", "please", "내"})


@lru_cache(maxsize=65536)
def canonical(text: str) -> str:
    """Normalised ``text`` with each known phrase replaced by its concept token (longest match first).

    Korean phrases also match at the start of a longer word (``로그인하기`` is ``로그인`` + ``하기``).

    >>> canonical("Log in"), canonical("로그인"), canonical("Sign in with Google")
    ('⟨signin⟩', '⟨signin⟩', '⟨signin⟩ with google')
    >>> canonical("로그인하기")
    '⟨signin⟩ 하기'
    """
    words = [w for w in normalize(text).split() if w not in _IGNORED] or normalize(text).split()
    out: list[str] = []
    i = 0
    while i < len(words):
        for n in range(min(_MAX_WORDS, len(words) - i), 0, -1):
            concept = _PHRASES.get(" ".join(words[i : i + n]))
            if concept is not None:
                out.append(f"⟨{concept}⟩")
                i += n
                break
        else:
            word = words[i]
            for p in _KO_PHRASES if has_hangul(word) else ():
                if word.startswith(p):  # a stem with an ending: 로그인하기, 검색하세요 (not 내보내기 ⊃ 보내기)
                    out += [f"⟨{_PHRASES[p]}⟩", word[len(p) :]]
                    break
            else:
                out.append(word)
            i += 1
    return " ".join(out)


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
    "black": ("black", "dark", "검은", "검정", "검은색", "까만", "흑색", "검정색", "블랙"),
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
}  # fmt: skip
"""State phrase → (state, wanted value). ``selected`` also accepts ``checked`` and vice versa."""

# -- typed values ------------------------------------------------------------------------------------
VALUE_TYPES: dict[str, str] = {
    "price": r"^[\s]*(?:[$€£¥₩]\s?\d[\d,]*(?:\.\d+)?|\d[\d,]*(?:\.\d+)?\s?(?:원|usd|eur|krw|달러|\$|€))\s*$",
    "email": r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$",
    "phone": r"^\+?[\d\s().-]{7,}$",
    "date": r"^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}|\d{4}년\s?\d{1,2}월\s?\d{1,2}일|"
            r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4})$",
    "time": r"^\d{1,2}:\d{2}(?::\d{2})?\s?(?:am|pm|오전|오후)?$",
    "quantity": r"^\d+$",
    "total": r"^[\s]*(?:[$€£¥₩]\s?\d[\d,]*(?:\.\d+)?|\d[\d,]*(?:\.\d+)?\s?(?:원|usd|eur|krw|달러))\s*$",
}
"""Concept (of :data:`SYNONYMS`) → a pattern its values follow: "Bob's email" means the cell that looks
like an address, "the price of the Red Hoodie" the one that looks like money."""

DESCRIPTIVE = frozenset({
    "company", "site", "website", "brand", "main", "primary", "secondary", "big", "large", "small", "little", "tiny",
    "round", "square", "rounded", "wide", "long", "short", "bold", "highlighted", "colored", "coloured", "empty",
    "회사", "큰", "작은", "동그란", "네모난", "메인", "주요",
})  # fmt: skip
"""Words that describe how a control looks, not what it says ("the company logo", "the big button"):
dropped from the text when a role word names the target."""
