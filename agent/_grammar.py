"""What the instruction compiler shares: the masked text and its clauses, the vocabulary, targets and keys."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from agent._datetimes import normalize_datetime
from agent.actions import Action, Effect, Target, TypeText

_QUOTES = {"'": "'", '"': '"', "‘": "’", "“": "”", "「": "」", "『": "』", "`": "`"}
_Q0, _Q1 = "\ue000", "\ue001"  # a masked quoted value: one opening char, then fillers of the same length


# -- the text, masked and split --------------------------------------------------------------------------------
@dataclass
class _Clause:
    """Part of the instruction, possibly with a borrowed verb prefix: ``segments`` are ranges of the original."""

    src: str
    masked: str
    segments: list[tuple[int, int]]
    quotes: dict[int, tuple[int, int]]  # original start of a quoted span → (its end, its content's end)
    condition: Target | None = None
    optional: bool = False
    antecedent: Target | None = None  # the previous step's target, for "it" and a Korean omitted object
    borrowed: int = 0  # length of a borrowed prefix (plus its joining space) at the start of ``text``
    maybe: bool = False  # a step that may already be done by the one before ("…을 눌러 앞 페이지로 가세요")

    @property
    def start(self) -> int:
        return self.segments[1][0] if self.borrowed else self.segments[0][0]

    @property
    def end(self) -> int:
        return self.segments[-1][1]

    @property
    def text(self) -> str:
        return " ".join(self.masked[a:b] for a, b in self.segments)

    def orig(self, pos: int) -> int:
        for a, b in self.segments:
            if pos <= b - a:
                return a + pos
            pos -= b - a + 1
        return self.segments[-1][1]

    def raw(self, a: int, b: int) -> str:
        """The original text of ``text[a:b]`` (segments joined by a space)."""
        out, pos = [], 0
        for sa, sb in self.segments:
            lo, hi = max(a - pos, 0), min(b - pos, sb - sa)
            if lo < hi:
                out.append(self.src[sa + lo : sa + hi])
            pos += sb - sa + 1
        return " ".join(out)

    def value(self, a: int, b: int) -> str:
        """The original text of ``text[a:b]``, stripped, with a quoted value unquoted."""
        oa = self.orig(a)
        raw = self.raw(a, b)
        lead = len(raw) - len(raw.lstrip())
        oa, raw = oa + lead, raw.strip()
        q = self.quotes.get(oa)
        if q is not None and q[0] == oa + len(raw):
            return self.src[oa + 1 : q[1]]
        return raw

    def sub(self, a: int, b: int) -> _Clause:
        return _Clause(self.src, self.masked, [(self.orig(a), self.orig(b))], self.quotes, self.condition,
                       self.optional, antecedent=self.antecedent)  # fmt: skip


def _mask(text: str) -> tuple[str, dict[int, tuple[int, int]]]:
    out, quotes, i = list(text), {}, 0
    while i < len(text):
        ch = text[i]
        close = _QUOTES.get(ch)
        if close and (ch not in "'`" or i == 0 or not text[i - 1].isascii() or not text[i - 1].isalnum()):
            j = i + 1
            while j < len(text):
                if text[j] == close and (close not in "'`" or j + 1 == len(text) or not (
                        text[j + 1].isascii() and text[j + 1].isalnum())):  # fmt: skip
                    break
                j += 1
            if j < len(text) and j > i + 1:
                quotes[i] = (j + 1, j)
                out[i] = _Q0
                for k in range(i + 1, j + 1):
                    out[k] = _Q1
                i = j + 1
                continue
        i += 1
    return "".join(out), quotes


_LIST_MARK = re.compile(
    r"^\s*(?:step\s*\d{1,3}\s*(?:[.):–—-]|\s)|\d{1,3}\s*[.):]|[-*•·]|\(\d{1,3}\)|\d{1,3}\s*단계\s*[:.]?|[a-z]\))\s*",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<!\d)[.!?;。](?=\s|$)|[.!?;。](?=\s+[A-Z가-힣\ue000])")
_NIEUN = "".join(chr(0xAC00 + i) for i in range(11172) if i % 28 == 4)  # syllables ending in ㄴ: 한, 린, 른, 은…
_KO_JOIN = re.compile(
    rf"(?<=[가-힣])(?<!라)(?<!그리)(?:고\s*나서|고|(?<=[{_NIEUN}])\s*(?:후|다음|뒤)에?(?:는)?|"
    r"(?<=[해어아러려워와줘봐켜꺼쳐춰둬놔겨져])서|(?<=\s가)서|(?<=[로에]가)서|(?<=[가-힣])(?<![이그])며|면서)\s*,?\s+(?=\S)"
)
_EN_JOIN = re.compile(
    r"\s*(?:,\s*(?:and\s+)?then\b|\band\s+then\b|\bthen\b|,?\s*\b(?:and\s+)?after\s+(?:that|this|which)\b,?|"
    r",?\s*\b(?:and\s+)?(?:finally|lastly|afterwards|next)\b,?(?=\s+[a-z])|"
    r",?\s*\band\s+also\b|,?\s*\band\b|,(?!\d)(?!\s*\d{4}\b)|:(?=\s)|그리고|그\s*다음(?:에)?|그런\s*다음(?:에)?|이어서)\s*",
    re.IGNORECASE,
)


def _lines(masked: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in masked.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if m := _LIST_MARK.match(line):
            start += m.end()
        while start < end and masked[start].isspace():
            start += 1
        while end > start and masked[end - 1].isspace():
            end -= 1
        if start < end:
            spans.append((start, end))
    return spans


def _sentences(masked: str, a: int, b: int) -> list[tuple[int, int]]:
    out, start = [], a
    for m in _SENTENCE_END.finditer(masked, a, b):
        if _looks_like_url_dot(masked, m.start()):
            continue
        out.append((start, m.start()))
        start = m.end()
    out.append((start, b))
    return [(s + len(masked[s:e]) - len(masked[s:e].lstrip()), len(masked[:e].rstrip()))
            for s, e in out if masked[s:e].strip()]  # fmt: skip


def _looks_like_url_dot(masked: str, i: int) -> bool:
    return i + 1 < len(masked) and not masked[i + 1].isspace()


# -- vocabulary --------------------------------------------------------------------------------------------------
_KEY_NAMES = {
    "enter": "Enter", "return": "Enter", "tab": "Tab", "escape": "Escape", "esc": "Escape", "space": "Space",
    "spacebar": "Space", "backspace": "Backspace", "delete": "Delete", "del": "Delete", "home": "Home", "end": "End",
    "pageup": "PageUp", "page up": "PageUp", "pagedown": "PageDown", "page down": "PageDown", "up": "ArrowUp",
    "down": "ArrowDown", "left": "ArrowLeft", "right": "ArrowRight", "arrowup": "ArrowUp", "arrowdown": "ArrowDown",
    "arrowleft": "ArrowLeft", "arrowright": "ArrowRight", "up arrow": "ArrowUp", "down arrow": "ArrowDown",
    "left arrow": "ArrowLeft", "right arrow": "ArrowRight", "insert": "Insert",
    "엔터": "Enter", "탭": "Tab", "스페이스": "Space", "스페이스바": "Space", "이스케이프": "Escape", "백스페이스": "Backspace",
    "esc키": "Escape", "엔터키": "Enter",
}  # fmt: skip
_MODIFIERS = {"ctrl": "Control", "control": "Control", "alt": "Alt", "option": "Alt", "shift": "Shift", "cmd": "Meta",
              "command": "Meta", "meta": "Meta", "win": "Meta", "컨트롤": "Control", "시프트": "Shift"}  # fmt: skip


def _key(phrase: str, *, bare_ok: bool) -> tuple[str, ...] | None:
    """'Enter', 'the Tab key', 'Ctrl+A', 'ctrl a' → Playwright key names; None when it is not a key."""
    p = re.sub(r"^(?:the\s+)?", "", phrase.strip().strip("'\"`"), flags=re.IGNORECASE)
    had_key_word = bool(re.search(r"(?:\s+keys?|\s*키)$", p, re.IGNORECASE))
    p = re.sub(r"(?:\s+keys?|\s*키)$", "", p, flags=re.IGNORECASE).strip().strip("'\"`")
    if not p:
        return None
    out = []
    for chord in re.split(r"\s*,\s*|\s+(?:then|and)\s+", p):
        parts = re.split(r"\s*[+\-]\s*|\s+", chord.strip()) if re.search(r"[+\-]|\s", chord.strip()) else [chord]
        if len(parts) > 1 and " ".join(parts).lower() in _KEY_NAMES:
            parts = [" ".join(parts)]
        names = []
        for i, part in enumerate(parts):
            low = part.lower()
            if i < len(parts) - 1:
                if low not in _MODIFIERS:
                    return None
                names.append(_MODIFIERS[low])
            elif low in _KEY_NAMES:
                names.append(_KEY_NAMES[low])
            elif re.fullmatch(r"f(?:[1-9]|1[0-2])", low):
                names.append(low.upper())
            elif len(part) == 1 and (len(parts) > 1 or had_key_word):
                names.append(part.upper() if len(parts) > 1 and part.isalpha() else part)
            else:
                return None
        if len(names) == 1 and not bare_ok and not had_key_word and names[0] in ("Home", "End", "Delete", "Insert"):
            return None  # "press Delete" is more likely the Delete button than the key; "the Delete key" is the key
        out.append("+".join(names))
    return tuple(out)


# Steps a person approves first: money, deletion, closing an account. A plain form submit is not one
# (most scripted tasks end with one); "submit the payment" is, through its other words.
_SENSITIVE = re.compile(
    r"\b(?:pay|payment|purchase|buy|checkout|check\s*out|place\s+(?:the\s+|my\s+)?order|order\s+now|delete|"
    r"remove|transfer|send\s+money|unsubscribe|deactivate|close\s+(?:my\s+)?account|cancel\s+(?:my\s+)?(?:account|"
    r"subscription|order)|confirm\s+(?:the\s+)?(?:order|payment|purchase|transfer))\b|결제|삭제|구매|송금|주문|탈퇴|이체|해지",
    re.IGNORECASE,
)
_URLISH = re.compile(r"^(?:https?://\S+|file://\S+|www\.\S+|localhost(?::\d+)?(?:/\S*)?|[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}"
                     r"(?::\d+)?(?:/\S*)?|\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?(?:/\S*)?|about:\S+)$", re.IGNORECASE)  # fmt: skip
_DROPDOWNISH = re.compile(
    r"\b(?:dropdown|drop-down|select|menu|list|combo\s*box|picker|options?)\b|드롭다운|목록|메뉴|선택\s*상자|리스트|콤보",
    re.IGNORECASE,
)
_CHECKISH = re.compile(
    r"\b(?:check\s*box(?:es)?|tick\s*box(?:es)?|boxes|box|radio(?:\s+button)?|toggle|switch)\b|체크\s*박스|라디오|토글|스위치",
    re.IGNORECASE,
)
_STRICT_CHECKISH = re.compile(r"check\s*box|tick\s*box|radio|toggle|switch|체크|라디오", re.IGNORECASE)
_SLIDERISH = re.compile(r"\b(?:slider|range)\b|슬라이더", re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
             "ninth": 9, "tenth": 10, "last": -1, "첫": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7,
             "여덟": 8, "아홉": 9, "열": 10, "마지막": -1}  # fmt: skip


def _ordinal(query: str) -> int | None:
    if m := re.search(r"\b(\d{1,3})(?:st|nd|rd|th)\b", query, re.IGNORECASE):
        return int(m.group(1))
    words = r"\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last)\b(?!\s*name)"
    if m := re.search(words, query, re.IGNORECASE):
        return _ORDINALS[m.group(1).lower()]
    if m := re.search(r"(\d{1,3})\s*번째", query):
        return int(m.group(1))
    if m := re.search(r"(첫|두|세|네|다섯|여섯|일곱|여덟|아홉|열)\s*번째|(마지막)", query):
        return _ORDINALS[m.group(1) or m.group(2)]
    return None


def _target(phrase: str) -> Target:
    q = phrase.strip().rstrip(",.")
    for a, b in _QUOTES.items():
        if len(q) >= 2 and q[0] == a and q[-1] == b and q.count(a) == (1 if a != b else 2):
            q = q[1:-1]  # a target that is only a quoted name is that name
            break
    if not q:
        raise ValueError("empty target")
    return Target(query=q, ordinal=_ordinal(q))


V = rf"(?P<v>{_Q0}{_Q1}*|.+?)"  # a value: a quoted span, or the shortest run of words that lets the rest match
QV = rf"(?P<v>{_Q0}{_Q1}*)"
T = r"(?P<t>.+?)"
_Rule = tuple[re.Pattern[str], Callable[["_Clause", re.Match[str]], list[Action]]]


def _g(c: _Clause, m: re.Match[str], name: str) -> str:
    return c.value(m.start(name), m.end(name))


def _has(m: re.Match[str], name: str) -> bool:
    return m.groupdict().get(name) is not None


def _is_quoted(c: _Clause, m: re.Match[str], name: str) -> bool:
    s = m.group(name).strip()
    return bool(s) and s[0] == _Q0 and s.strip(_Q0 + _Q1) == ""


def _tgt(c: _Clause, m: re.Match[str], name: str = "t") -> Target:
    raw = c.raw(m.start(name), m.end(name)).strip()
    if re.fullmatch(r"(?:it|them|that|this|that\s+one|this\s+one|one|그것|그걸|이것)", raw, re.IGNORECASE):
        if c.condition is not None:
            return c.condition
        if c.antecedent is not None:
            return c.antecedent
    box = re.fullmatch(
        r"(?:the\s+)?(?:check|tick)?box(?:es)?\s+(?:for|labell?ed|named|called|next\s+to)\s+(.+)", raw, re.IGNORECASE
    )
    if box:
        return _target(box.group(1) + " checkbox")
    named = re.fullmatch(
        r"(?:the\s+)?(field|box|input|text\s*box|button|link|check\s*box|dropdown|menu|tab|option|radio(?:\s+button)?|icon|"
        r"section|row|column|card|item)\s+(?:labell?ed|named|called|titled|marked|that\s+says|saying|with\s+(?:the\s+)?"
        r"(?:text|label|name|title))\s+(.+)",
        raw,
        re.IGNORECASE,
    )
    if named:  # "the button labelled 'Continue'" → "'Continue' button", the label first as people see it
        return _target(f"{named.group(2)} {named.group(1)}")
    if (
        (one := re.fullmatch(r"(?:the\s+)?(\w+)\s+one", raw, re.IGNORECASE))
        and c.antecedent is not None
        and _ordinal(raw)
    ):
        head = re.search(r"(\w+)\W*$", c.antecedent.query or "")  # "uncheck the second one" after "the first checkbox"
        if head is not None and not _ordinal(head.group(1)):
            return _target(f"the {one.group(1)} {head.group(1)}")
    if own := re.match(r"^(?:his|her|their|its)\s+", raw, re.IGNORECASE):
        raw = "the " + raw[own.end() :]  # "change her role to Admin": the role field
    if both := re.match(rf"^(?:both|each\s+of|all\s+of|either)\s+(?={_Q0})", c.text[m.start(name) :]):
        raw = c.raw(m.start(name) + both.end(), m.end(name)).strip()  # "Tick both 'Email' and 'SMS'"
    return _target(raw)


def _type(c: _Clause, target: Target | None, text: str) -> TypeText:
    return TypeText(target=target, text=text, normalized=normalize_datetime(text),
                    expect=Effect(what="value_set", target=target, value=text))  # fmt: skip


class _NoMatch(Exception):
    """A rule's pattern fitted but its meaning did not; the next rule is tried."""


def _has_hangul(s: str) -> bool:
    return any("가" <= ch <= "힣" for ch in s)


def _plain_stem(word_end: str) -> str:
    """'기다린' → '기다리', '누른' → '누르': the verb stem under a ㄴ-final connective form."""
    ch = word_end[-1:]
    if ch and ch in _NIEUN:
        return word_end[:-1] + chr(ord(ch) - 4)
    return word_end
