"""Grounding queries as people write them, in English and Korean, parsed into a small structure.

A query is a noun phrase with modifiers: the target's text (quoted or not), a role word, an
ordinal, colours, states, a place on the screen, and relations to other things (each relation's
anchor is itself a query). The grammar knows the two word orders: English puts the anchor after the
relation word ("the button *below* the password field"), Korean before it ("비밀번호 입력란 *아래의*
버튼"), and both have a possessive ("Bob's …", "Bob의 …").

Words such as "first", "for" or "blue" are grammar in one query and part of a label in another
("the first name field", "Search for products", "Blue T-shirt"). :func:`parse` therefore returns
several *readings*, the grammatical one first and then ones that read more of the words as text;
grounding scores every reading against the page and keeps the best supported one.

>>> q = parse("the second Delete button in the row for Bob")[0]
>>> q.text, sorted(q.roles), q.ordinal, q.relations[0].kind, q.relations[0].anchor.text
('delete', ['button', 'link', 'menuitem', 'option', 'switch', 'tab'], 2, 'row', 'bob')
>>> q = parse("비밀번호 입력란 아래의 파란 버튼")[0]
>>> q.relations[0].kind, q.relations[0].anchor.text, q.colours, q.role_word
('below', '비밀번호', ('blue',), '버튼')
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Literal, cast

from perception._lexicon import (
    COLOURS,
    DESCRIPTIVE,
    ITEM_NOUNS,
    ROLE_SUFFIXES,
    ROLE_WORDS,
    STATE_WORDS,
    SYNONYMS,
    canonical,
    glyph_words,
    has_hangul,
    particle_fits,
    strip_particle,
)

__all__ = [
    "Query", "Relation", "RelationKind", "is_ordinal_word", "item_noun", "item_reading", "parse", "without_numeral_kind",
]  # fmt: skip

RelationKind = Literal["near", "left_of", "right_of", "above", "below", "inside", "row", "assoc", "after", "before"]
Horizontal = Literal["left", "center", "right"]
Vertical = Literal["top", "middle", "bottom"]


@dataclass(frozen=True)
class Relation:
    """The target stands in ``kind`` to what ``anchor`` describes (``below`` the anchor, in its ``row``…)."""

    kind: RelationKind
    anchor: Query


@dataclass(frozen=True)
class Query:
    """One reading of a query. ``text`` is normalised (lower case); empty when only a role is named."""

    text: str = ""
    quoted: bool = False
    roles: Mapping[str, float] | None = None
    role_word: str = ""
    attribute: Literal["placeholder", "label", "title", "alt", "value"] | None = None
    ordinal: int | None = None  # 1-based; -1 is the last, -2 the one before it, 0 the middle one
    relations: tuple[Relation, ...] = ()
    region: tuple[Horizontal | None, Vertical | None] | None = None
    colours: tuple[str, ...] = ()
    states: tuple[tuple[str, bool], ...] = ()
    literal: int = 0  # how many grammar words this reading took as text (0: the grammatical reading)
    literal_words: tuple[str, ...] = ()  # the grammar words this reading took as text: a label must have them
    relaxed: bool = False  # words that only describe the look were dropped: good only for a one-of-a-kind role
    raw: str = field(default="", compare=False)

    @property
    def empty(self) -> bool:
        """True when the reading asks for nothing at all (only filler words)."""
        return not (self.text or self.roles or self.relations or self.region or self.colours or self.states
                    or self.ordinal)  # fmt: skip


# -- tokens ------------------------------------------------------------------------------------------
Kind = Literal["w", "q", "rel", "poss", "ord", "role", "col", "state", "region", "attr", "fill", "verb"]


@dataclass(frozen=True)
class _Tok:
    kind: Kind
    value: object = None
    raw: str = ""  # the words as written, for readings that take this token as text
    after: bool = True  # for relations: the anchor follows (English) or precedes (Korean, possessive)


_QUOTES = re.compile(r"\"([^\"]+)\"|“([^”]+)”|‘([^’]+)’|«([^»]+)»|「([^」]+)」|『([^』]+)』|(?<![\w])'([^']+)'(?![A-Za-z0-9])")
_TOKEN = re.compile(r"\x00\d+\x00|#\d+|\d+(?:st|nd|rd|th)\b|'s\b|[^\W_]+", re.UNICODE)

_CONTRACTED = {"that's": "that is", "which's": "which is", "it's": "it is", "what's": "what is", "isn't": "is not",
               "aren't": "are not", "who's": "who is", "wasn't": "was not", "doesn't": "does not",
               "hasn't": "has not", "haven't": "have not", "where's": "where is", "there's": "there is"}
_CONTRACTIONS = re.compile(r"\b(?:" + "|".join(re.escape(k) for k in _CONTRACTED) + r")(?![\w'])")
"""English contractions read as their words ("the date that's selected": not a possessive of "that")."""

_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "last": -1, "final": -1, "penultimate": -2, "bottommost": -1, "topmost": 1,
    "earliest": 1,
}  # fmt: skip
_KO_ORDINAL_STEMS = frozenset({"첫", "마지막", "처음"})


def is_ordinal_word(word: str) -> bool:
    """Whether ``word`` is one that counts ("first", "last", "3rd", "첫째", "마지막"): in a label ("Last name",
    "First page", "마지막 페이지") it may be the label's own, not the query's count."""
    return word in _ORDINAL_WORDS or word in _KO_ORD_JJAE or word in _KO_ORDINAL_STEMS \
        or re.fullmatch(r"\d+(st|nd|rd|th)", word) is not None  # fmt: skip


_KO_NUMERALS = {"첫": 1, "한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9, "열": 10}
_KO_ORD_JJAE = {"첫째": 1, "둘째": 2, "셋째": 3, "넷째": 4, "다섯째": 5, "여섯째": 6, "일곱째": 7, "여덟째": 8}

# English grammar phrases: words → token. Longest match wins; built once.
_EN: dict[tuple[str, ...], _Tok] = {}


def _en(phrases: str, tok: _Tok) -> None:
    for p in phrases.split("|"):
        words = tuple(p.split())
        _EN[words] = replace(tok, raw=p)


for _kind, _words in {
    "near": "next to|beside|besides|near|nearby|close to|adjacent to|alongside|by the side of|near to|around",
    "left_of": "left of|to the left of|on the left of|at the left of|left from|to the left side of",
    "right_of": "right of|to the right of|on the right of|at the right of|right from|to the right side of",
    "above": "above|over|on top of|atop",
    "below": "below|under|underneath|beneath|at the bottom of|just below|directly below|right below|right under",
    "inside": "in|inside|within|inside of|in the middle of|under the heading|under the section|on",
    "row": "in the row for|in the row of|in the row with|in the row containing|in the same row as|on the row for|"
           "in the line for|in the row that has|in the row where|row for|row of|on the same row as|in row",
    "assoc": "for|of|belonging to|associated with|that belongs to|with|that has|which has|having|"
             "corresponding to|related to|from|sent by|written by|posted by",
    "after": "after|following|right after|just after",
    "before": "before|preceding|right before|just before",
}.items():  # fmt: skip
    _en(_words, _Tok("rel", _kind))
_en("the second to last|second to last|second last|next to last|second from last|second from the end", _Tok("ord", -2))
_en("third to last|third from last|third last", _Tok("ord", -3))
_en("placeholder|placeholder text|hint text|with placeholder|with the placeholder|whose placeholder is|"
    "placeholder is|that shows|showing", _Tok("attr", "placeholder"))  # fmt: skip
_en("labeled|labelled|called|named|titled|saying|that says|which says|that reads|reading|with text|"
    "with the text|with label|with the label|with the name|with name|marked|that is labeled|that is labelled|"
    "whose label is|with the caption|captioned|that shows the text|with the words", _Tok("attr", "label"))  # fmt: skip
_en("tooltip|with tooltip|with the tooltip|with title|with the title|whose title is|hover text", _Tok("attr", "title"))
_en("alt|alt text|with alt|with the alt text|with alt text|alternative text|described as", _Tok("attr", "alt"))
_en("containing|that contains|which contains|with value|with the value|whose value is|that has the value|"
    "currently showing|set to", _Tok("attr", "value"))  # fmt: skip
_en("the|a|an|this|that|these|those|please|one|ones|element|control|thing|widget|is|are|which is|that is|to|"
    "which|where", _Tok("fill"))
_en("currently|already|right now|at the moment|presently|at present|which is currently|that is currently|"
    "is currently|that is now|is now|that is already|is already|that is still|is still|which is still",
    _Tok("fill", "drop"))  # fmt: skip
_en("on the page|on the screen|on screen|of the page|of the screen|in the page|on this page|in the window|"
    "of the window|item on the page|located|situated|positioned|placed|shown|displayed|right there",
    _Tok("fill", "drop"))  # fmt: skip
for _state, (_name, _value) in STATE_WORDS.items():
    if not has_hangul(_state):
        _en(_state, _Tok("state", (_name, _value)))
for _colour, _names in COLOURS.items():
    for _n in _names:
        if not has_hangul(_n):
            _en(_n + "|" + _n + " coloured|" + _n + " colored|" + _n + " colour|" + _n + " color", _Tok("col", _colour))

_H = {"left": "left", "right": "right", "center": "center", "centre": "center", "middle": "center"}
_V = {"top": "top", "upper": "top", "bottom": "bottom", "lower": "bottom", "middle": "middle", "center": "middle",
      "centre": "middle"}  # fmt: skip
_REGION_PREFIX = ("", "in the ", "at the ", "on the ", "to the ", "in ", "at ", "on ", "from the ", "near the ",
                  "towards the ", "toward the ", "up in the ", "down in the ", "over on the ", "far ", "at the very ",
                  "in the far ", "on the far ", "at the far ")  # fmt: skip
_REGION_SUFFIX = ("", " corner", " side", " hand side", " hand corner", " edge", " area", " part", " of the page",
                  " of the screen", " corner of the page", " corner of the screen", " side of the page",
                  " side of the screen", "most")  # fmt: skip


def _build_regions() -> None:
    cores: dict[str, tuple[str | None, str | None]] = {}
    for v, vv in _V.items():
        for h, hh in _H.items():
            if hh != "center" or vv != "middle":
                cores[f"{v} {h}"] = (hh, vv)
                cores[f"{v}-{h}"] = (hh, vv)
                cores[f"{v}{h}"] = (hh, vv)
        cores[v] = (None, vv)
    for h, hh in _H.items():
        cores.setdefault(h, (hh, None))
    for core, hv in cores.items():
        for pre in _REGION_PREFIX:
            for suf in _REGION_SUFFIX:
                words = tuple((pre + core.replace("-", " ") + suf).split())
                _EN.setdefault(words, _Tok("region", hv, raw=" ".join(words)))


_build_regions()
for _word in ROLE_WORDS:
    if " " in _word and not has_hangul(_word):
        _EN.setdefault(tuple(_word.split()), _Tok("role", _word, raw=_word))
_EN_MAX = max(len(k) for k in _EN)

_EN_VERBS = {
    "click", "clicks", "tap", "press", "hit", "push", "select", "choose", "pick", "check", "uncheck", "tick",
    "untick", "toggle", "find", "locate", "enter", "fill", "focus", "hover", "type", "scroll", "drag", "go",
    "navigate", "switch", "expand", "collapse", "activate", "highlight", "turn", "enable", "disable", "deactivate",
}  # fmt: skip
_CLICK_VERBS = {"click", "clicks", "tap", "press", "hit", "push", "double", "choose", "pick"}
_EN_VERB_PARTICLES = {"on", "in", "into", "to", "at", "over", "out", "down", "up", "click", "clicking", "the", "a",
                      "an", "onto", "off", "for", "me"}  # fmt: skip
_SIGN_IN_LIKE = {"sign", "log", "check", "zoom", "opt", "plug", "logged", "signed", "checked", "fill", "filled",
                 "type", "typed", "drop", "break", "built", "cash", "plugged", "opted", "zoomed", "join", "walk",
                 "dial", "punch", "key", "hand", "fade", "pencil", "logging", "signing", "drill"}  # fmt: skip
_DETERMINERS = {"the", "a", "an", "this", "that", "my", "your", "its", "their", "his", "her", "our"}
_AMBIGUOUS_EN_REL = {"for", "of", "with", "from", "by", "after", "before", "over", "under", "in", "around", "following",
                     "having", "near", "on the", "that has", "which has"}  # fmt: skip

# Korean grammar: one token at a time, particles peeled off
_KO_REL = {
    "옆": "near", "곁": "near", "근처": "near", "주변": "near", "부근": "near", "가까운": "near", "인근": "near",
    "아래": "below", "밑": "below", "아래쪽": "below", "밑에": "below", "하단": "below",
    "위": "above", "위쪽": "above", "상단": "above",
    "왼쪽": "left_of", "좌측": "left_of", "왼편": "left_of", "오른쪽": "right_of", "우측": "right_of", "오른편": "right_of",
    "안": "inside", "안쪽": "inside", "내부": "inside", "속": "inside", "내": "inside", "안에": "inside",
    "다음": "after", "뒤": "after", "앞": "before", "이전": "before",
    "행": "row", "줄": "row", "가로줄": "row",
    "쓴": "assoc", "작성한": "assoc", "올린": "assoc", "등록한": "assoc", "남긴": "assoc", "보낸": "assoc",
    "만든": "assoc", "게시한": "assoc", "추가한": "assoc", "소유한": "assoc", "붙은": "assoc", "달린": "assoc",
}  # fmt: skip
_KO_REL_TAIL = ("", "의", "에", "에서", "쪽", "쪽의", "쪽에", "쪽에서", "쪽에있는", "편", "편의", "편에", "으로", "로", "에있는",
                "에서의", "의")  # fmt: skip
_KO_REGION = {
    "오른쪽": ("right", None), "우측": ("right", None), "왼쪽": ("left", None), "좌측": ("left", None),
    "위": (None, "top"), "위쪽": (None, "top"), "상단": (None, "top"), "맨위": (None, "top"),
    "아래": (None, "bottom"), "아래쪽": (None, "bottom"), "하단": (None, "bottom"), "밑": (None, "bottom"),
    "맨아래": (None, "bottom"), "가운데": ("center", "middle"), "중앙": ("center", "middle"),
    "우상단": ("right", "top"), "좌상단": ("left", "top"), "우하단": ("right", "bottom"), "좌하단": ("left", "bottom"),
    "구석": (None, None), "모서리": (None, None), "끝": (None, None),
}  # fmt: skip
_KO_FILL = {
    "좀", "해당", "것", "거", "있는", "있는것", "위치한", "보이는", "표시된", "화면", "화면의", "화면에서", "화면에", "페이지",
    "페이지의", "페이지에서", "페이지에", "중", "중에서", "중에", "가운데서", "그", "이", "저", "에서", "에", "을", "를", "의", "은",
    "는", "이라고", "라고", "적힌", "쓰인", "쓰여진", "써있는", "써", "된", "되어", "나와", "맨", "제일", "가장",
    "정확히", "바로", "곳", "부분", "쪽", "부탁해", "부탁합니다", "주세요", "줘", "해줘", "해", "하세요", "해주세요", "합니다",
    "속한", "들어있는", "들어", "님", "님이", "님의", "님께서", "씨", "씨가", "씨의", "께서",
}  # fmt: skip
_KO_VERB_PREFIXES = ("클릭", "눌러", "누르", "선택해", "선택하", "찾아", "찾기를", "입력해", "입력하", "체크해", "체크하",
                     "탭하", "터치", "열어", "열기를", "골라", "고르", "이동", "가세요", "가줘", "가기", "선택을", "해제해", "해제하",
                     "켜", "꺼", "끄기", "끄세요", "작성")  # fmt: skip
_KO_BARE_VERBS = frozenset({"체크", "클릭"})
"""Nouns that say the action when they end a query on their own ("수술비 체크"); 선택, 입력 and 해제 are not among
them: they end labels too ("파일 선택", "직접 입력", "선택 해제")."""
_KO_SOFT_VERBS = frozenset({"선택", "활성화", "비활성화"})
"""Nouns that end labels and that, ending a query, may also say the action: both readings are kept."""
_KO_LABEL_SUFFIX = ("이라고쓰인", "라고쓰인", "이라고적힌", "라고적힌", "이라는", "라는", "이라고", "라고", "이란", "란")
_KO_TRAIL_PARTICLES = ("에서의", "에서", "에게", "으로", "에는", "와의", "과의", "을", "를", "은", "는", "이", "가", "의", "에",
                       "로", "와", "과", "만")  # fmt: skip
_GENERIC_KINDS = frozenset({"항목", "item", "items", "entry", "entries", "thing", "one", "요소"})
_KO_LOCATED = ("있는", "위치한", "속한", "들어있는", "보이는")
_LATIN_KO = re.compile(r"^([0-9a-z@.\-+]+)(에서의|에서|으로|에는|이라는|라는|을|를|은|는|이|가|의|에|로|와|과|도)$")


def _ko_state(words: list[str], i: int) -> tuple[int, tuple[str, bool]] | None:
    for n in (4, 3, 2, 1):
        phrase = " ".join(words[i : i + n])
        for cand in (phrase, phrase.replace(" ", "")):
            if cand in STATE_WORDS:
                return n, STATE_WORDS[cand]
    return None


_KO_COLOUR = {n: c for c, names in COLOURS.items() for n in names if has_hangul(n)}


def _korean(word: str, nxt: str | None) -> list[_Tok]:
    """The tokens of one Korean (or mixed) word."""
    if m := _LATIN_KO.match(word):  # "bob의", "email을"
        stem, particle = m.group(1), m.group(2)
        return [_Tok("w", stem, raw=stem), *_particle_tok(particle, stem, nxt)]
    if word in _KO_FILL:
        return [_Tok("fill", raw=word)]
    if any(word.startswith(v) for v in _KO_VERB_PREFIXES) or word in _KO_BARE_VERBS:
        return [_Tok("w", word, raw=word, after=False)]  # a verb when it ends the query (see _korean_verbs)
    if word in _KO_ORD_JJAE:
        return [_Tok("ord", _KO_ORD_JJAE[word], raw=word)]
    if word in _KO_LABEL_SUFFIX:  # "'저장'이라는 버튼": the quote is the label
        return [_Tok("attr", "label", raw=word)]
    for base, kind in _KO_REL.items():
        if word.startswith(base) and word[len(base) :] in _KO_REL_TAIL:
            return [_Tok("rel", kind, raw=word, after=False)]
    for stem in _stems(word):
        if stem in _KO_ORD_JJAE:
            return [_Tok("ord", _KO_ORD_JJAE[stem], raw=word)]
        if stem == "마지막":
            return [_Tok("ord", -1, raw=word)]
        if stem in _KO_COLOUR or stem.rstrip("색") in _KO_COLOUR:
            return [_Tok("col", _KO_COLOUR.get(stem) or _KO_COLOUR[stem.rstrip("색")], raw=word)]
        if stem in ROLE_WORDS:
            if word.endswith("의") and stem != word:  # "설정 대화상자의 저장 버튼": the dialog's button
                return [_Tok("role", stem, raw=stem), _Tok("poss", "assoc", raw="의", after=False)]
            if stem != word and word[len(stem) :] in ("에", "에서") and nxt in _KO_LOCATED:  # "결제 영역에 있는"
                return [_Tok("role", stem, raw=stem), _Tok("rel", "inside", raw=word[len(stem) :], after=False)]
            if stem != word and word[len(stem) :] == "에서" and nxt is not None:  # "8월 달력에서 22일"
                return [_Tok("role", stem, raw=stem), _Tok("rel", "inside", raw="에서", after=False)]
            return [_Tok("role", stem, raw=stem)]
    for suffix in _KO_LABEL_SUFFIX:
        if word.endswith(suffix) and len(word) > len(suffix) + (1 if len(suffix) >= 2 else 2):
            stem = word[: -len(suffix)]
            return [*_korean(stem, None), _Tok("attr", "label", raw=suffix)]
    for stem in _stems(word):
        for suffix in ROLE_SUFFIXES:
            rest = stem[: -len(suffix)]
            if stem.endswith(suffix) and len(rest) >= (2 if len(suffix) == 1 else 1) and stem not in ("확인란",):
                return [_Tok("w", rest, raw=rest), _Tok("role", suffix, raw=suffix)]
    if word.endswith("의") and len(word) >= 3 and not (nxt and nxt in ROLE_WORDS and len(word) <= 3):
        return [_Tok("w", word[:-1], raw=word[:-1]), _Tok("poss", "assoc", raw="의", after=False)]
    for p in ("에서", "에"):
        if word.endswith(p) and len(word) > len(p) and nxt in _KO_LOCATED:
            return [_Tok("w", word[: -len(p)], raw=word[: -len(p)]), _Tok("rel", "inside", raw=p, after=False)]
    stem = strip_particle(word)
    return [_Tok("w", stem, raw=stem)]


def _stems(word: str) -> list[str]:
    out = [word]
    for p in _KO_TRAIL_PARTICLES:
        if word.endswith(p) and len(word) > len(p) and particle_fits(word[: -len(p)], p):
            out.append(word[: -len(p)])
    return out


def _particle_tok(particle: str, stem: str, nxt: str | None) -> list[_Tok]:
    if particle == "의":
        return [_Tok("poss", "assoc", raw="의", after=False)]
    if particle in ("에", "에서") and nxt in ("있는", "위치한", "속한", "들어있는"):
        return [_Tok("rel", "inside", raw=particle, after=False)]
    if particle in ("이라는", "라는"):
        return [_Tok("attr", "label", raw=particle)]
    return []


def _tokens(query: str) -> list[_Tok]:
    """Quotes, then English phrases (longest first) and Korean words, as grammar tokens."""
    quotes: list[str] = []

    def keep(m: re.Match[str]) -> str:
        quotes.append(next(g for g in m.groups() if g is not None).strip())
        return f" \x00{len(quotes) - 1}\x00 "

    text = unicodedata.normalize("NFKC", query).replace("’", "'").replace("‘", "'") if "'" not in query else query
    text = _QUOTES.sub(keep, glyph_words(unicodedata.normalize("NFKC", text)))
    text = _CONTRACTIONS.sub(lambda m: _CONTRACTED[m.group(0)], text.casefold().replace("’", "'"))
    words = [w for w in _TOKEN.findall(text)]
    toks: list[_Tok] = []
    i = 0
    while i < len(words):
        w = words[i]
        if w.startswith("\x00"):
            toks.append(_Tok("q", quotes[int(w.strip("\x00"))], raw=quotes[int(w.strip("\x00"))]))
            i += 1
            continue
        if has_hangul(w) or (i + 1 < len(words) and words[i + 1] == "번째"):
            # Korean ordinals: "두 번째", "두번째", "2번째", "3 번째"
            m = re.fullmatch(r"(\d+|첫|한|두|세|네|다섯|여섯|일곱|여덟|아홉|열)(번째|번쨰|째)(의|로|에|를|을|인)?", w)
            if m:
                n = int(m.group(1)) if m.group(1).isdigit() else _KO_NUMERALS[m.group(1)]
                toks.append(_Tok("ord", n, raw=w))
                i += 1
                continue
            if i + 1 < len(words) and (m := re.fullmatch(r"([1-9]\d*)위(의|인)?", w)):
                toks.append(_Tok("ord", int(m.group(1)), raw=w))  # "1위 기사", "3위 상품": the ranks of a list
                i += 1
                continue
            if i + 1 < len(words) and re.fullmatch(r"번째(의|로|에|를|을|인)?", words[i + 1]) and (
                w.isdigit() or w in _KO_NUMERALS
            ):
                toks.append(_Tok("ord", int(w) if w.isdigit() else _KO_NUMERALS[w], raw=f"{w} 번째"))
                i += 2
                continue
            if w in ("끝에서", "마지막에서", "뒤에서") and toks is not None:
                j = i + 1
                if j < len(words) and (m2 := re.fullmatch(r"(\d+|두|세|네)\s*(번째)?", words[j])):
                    step = 2 if j + 1 < len(words) and words[j + 1].startswith("번째") else 1
                    n = int(m2.group(1)) if m2.group(1).isdigit() else _KO_NUMERALS[m2.group(1)]
                    toks.append(_Tok("ord", -n, raw=" ".join(words[i : j + step])))
                    i = j + step
                    continue
            if w in ("가운데", "중간") and i + 1 < len(words) and (i == 0 or words[i - 1] not in (
                    "화면", "화면의", "페이지", "페이지의", "맨", "정")):  # fmt: skip
                toks.append(_Tok("ord", 0, raw=w))  # "휴대전화 가운데 입력칸": the middle one of them
                i += 1
                continue
            if w in ("지금", "이미", "현재") and _ko_state(words, i + 1):
                i += 1  # "지금 선택된 탭": the adverb only says when
                continue
            if st := _ko_state(words, i):
                toks.append(_Tok("state", st[1], raw=" ".join(words[i : i + st[0]])))
                i += st[0]
                continue
            if i + 1 < len(words) and (words[i] + words[i + 1]) in ROLE_WORDS or " ".join(words[i : i + 2]) in ROLE_WORDS:
                toks.append(_Tok("role", " ".join(words[i : i + 2]) if " ".join(words[i : i + 2]) in ROLE_WORDS
                                 else words[i] + words[i + 1], raw=" ".join(words[i : i + 2])))  # fmt: skip
                i += 2
                continue
            toks += _korean(w, words[i + 1] if i + 1 < len(words) else None)
            i += 1
            continue
        if w in ("middle", "centre", "center") and toks and toks[-1].raw in ("the", "a") and i + 1 < len(words) \
                and (words[i + 1] in ROLE_WORDS or words[i + 1] == "one" or item_noun(words[i + 1])):  # fmt: skip
            toks.append(_Tok("ord", 0, raw=w))  # "the middle box of the phone number": the one in the middle
            i += 1
            continue
        phrase = _grammar_phrase(words, i)
        if phrase:  # "out of stock", "date of birth": a phrase of the lexicon, not a relation
            toks += [_Tok("w", x, raw=x) for x in words[i : i + phrase]]
            i += phrase
            continue
        for n in range(min(_EN_MAX, len(words) - i), 0, -1):
            tok = _EN.get(tuple(words[i : i + n]))
            if tok is not None and tok.kind in ("col", "state") and _concept_starts(words, i):
                continue  # "dark mode", "active directory": a known phrase, not a colour or a state
            if tok is not None and tok.kind == "state" and words[i + n - 1] in ("on", "off") \
                    and i + n < len(words) and words[i + n] in ("the", "a", "an", "this", "that", "my", "your"):  # fmt: skip
                continue  # "the light that is on the left": a place, not a switch that is on
            if tok is not None:
                toks.append(tok)
                i += n
                break
        else:
            if w == "'s":
                toks.append(_Tok("poss", "assoc", raw="'s", after=False))
            elif re.fullmatch(r"\d+(st|nd|rd|th)", w) and _next_to_month(words, i):
                day = re.sub(r"\D", "", w)  # "the 9th of August", "July 4th": a day, not an ordinal
                toks.append(_Tok("w", day, raw=day))
            elif re.fullmatch(r"#\d+", w) or re.fullmatch(r"\d+(st|nd|rd|th)", w):
                toks.append(_Tok("ord", int(re.sub(r"\D", "", w)), raw=w))
            elif w in ("number", "no") and i + 1 < len(words) and words[i + 1].isdigit():
                toks.append(_Tok("ord", int(words[i + 1]), raw=f"{w} {words[i + 1]}"))
                i += 1
            elif w in _ORDINAL_WORDS:
                toks.append(_Tok("ord", _ORDINAL_WORDS[w], raw=w))
            elif w in ROLE_WORDS or (w.endswith("es") and w[:-2] in ROLE_WORDS) or (w.endswith("s") and w[:-1] in ROLE_WORDS):
                base = w if w in ROLE_WORDS else w[:-2] if w[:-2] in ROLE_WORDS and w.endswith("es") else w[:-1]
                toks.append(_Tok("role", base, raw=w))
            else:
                toks.append(_Tok("w", w, raw=w))
            i += 1
    return _after_attribute(_korean_regions(_korean_verbs(_region_containers(_relative_clauses(
        _english_roles(_ordinal_of(_leading_verbs(_label_states(_open_state(_negations(toks)))))))))))


def _open_state(toks: list[_Tok]) -> list[_Tok]:
    """"the open menu", "an open dropdown": after an article and before a role word, "open" says a state (a popup
    that shows), not the verb or a label."""
    out = list(toks)
    for i in range(1, len(out) - 1):
        t = out[i]
        if t.kind == "w" and t.value in ("open", "opened") and out[i - 1].raw in ("the", "an") \
                and out[i + 1].kind == "role":  # fmt: skip
            out[i] = _Tok("state", ("expanded", True), raw=t.raw)
    return out


def _label_states(toks: list[_Tok]) -> list[_Tok]:
    """"the red Delete selected button", "Show disabled": an English state word comes before the noun it
    describes, so one right after a word and before the head role word (or the end) is a word of the label."""
    out = list(toks)
    for i, t in enumerate(out):
        if t.kind == "state" and i > 0 and out[i - 1].kind == "w" and not has_hangul(t.raw) and " " not in t.raw \
                and (i + 1 == len(out) or out[i + 1].kind == "role") and any(x.kind == "role" for x in out[i + 1 :]):  # fmt: skip
            out[i] = _Tok("w", t.raw, raw=t.raw)
    return out


def _negations(toks: list[_Tok]) -> list[_Tok]:
    """"not ticked", "is not selected", "isn't checked": "not" before a state word turns it round."""
    out: list[_Tok] = []
    for t in toks:
        if t.kind == "state" and out and out[-1].raw in ("not", "never"):
            name, value = cast("tuple[str, bool]", t.value)
            not_ = out.pop()
            while out and out[-1].kind == "fill" and out[-1].raw in ("is", "are", "that is", "which is"):
                out.pop()
            out.append(_Tok("state", (name, not value), raw=f"{not_.raw} {t.raw}"))
            continue
        out.append(t)
    return out


_MONTH_WORDS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
})  # fmt: skip


def _grammar_phrase(words: list[str], i: int) -> int:
    """How many words from ``i`` make one known phrase of the lexicon that holds a relation or filler word
    before its end ("out of stock", "one way", "in stock"); 0 when none does."""
    for n in (4, 3, 2):
        part = words[i : i + n]
        if len(part) < n or any(w in _DETERMINERS or w.startswith("\x00") or has_hangul(w) for w in part):
            continue
        grammar = [x for x in part[:-1] if (x,) in _EN and _EN[(x,)].kind in ("rel", "fill")]
        if not grammar:
            continue  # ("one way", "in stock", "out of stock", "to do": a grammar word inside a known phrase)
        c = canonical(" ".join(part))
        if " " not in c and c.startswith("⟨") and all(canonical(x) != c for x in grammar):
            return n
    return 0


def _next_to_month(words: list[str], i: int) -> bool:
    """Whether the word at ``i`` stands beside a month name ("9th of August", "July 4th", "3rd Sept")."""
    near = [words[j] for j in (i - 1, i + 1) if 0 <= j < len(words)]
    if i + 2 < len(words) and words[i + 1] == "of":
        near.append(words[i + 2])
    return any(w in _MONTH_WORDS for w in near)


_REL_PRONOUNS = ("that", "which", "who")
_CLAUSE_VERBS = {"close", "open", "delete", "remove", "save", "submit", "send", "show", "hide", "go", "lead", "take",
                 "add", "cancel", "expand", "collapse", "toggle", "start", "stop", "play", "pause", "search", "sort",
                 "filter", "download", "upload", "share", "print", "edit", "log", "sign", "create", "reset", "clear",
                 "refresh", "copy", "move", "return", "navigate", "dismiss", "confirm", "apply", "select", "change"}


def _verb_stem(word: str) -> str | None:
    for stem in (word, word[:-1] if word.endswith("s") else "", word[:-2] if word.endswith("es") else ""):
        if stem in _CLAUSE_VERBS:
            return stem
    return None


def _relative_clauses(toks: list[_Tok]) -> list[_Tok]:
    """"the X that closes the dialog", "the button which opens the menu": a relative clause says what the
    target does; its verb is a word the label may say ("Close"), and what it acts on only describes it."""
    for i, t in enumerate(toks):
        if t.kind == "fill" and t.raw in _REL_PRONOUNS and i > 0 and i + 1 < len(toks):
            nxt = toks[i + 1]
            stem = _verb_stem(str(nxt.raw)) if nxt.kind in ("w", "role") else None
            if stem is not None and stem not in ("go", "lead", "take", "navigate", "return"):
                return [*toks[:i], _Tok("q", stem, raw=stem)]
            if stem is not None:  # "the link that goes to Settings": where it goes is its label
                rest = [w for x in toks[i + 2 :] if x.kind != "fill" for w in str(x.raw).split()
                        if w not in ("to", "the", "back", "a", "an")]  # fmt: skip
                return [*toks[:i], _Tok("q", " ".join(rest), raw=" ".join(rest))] if rest else toks[:i]
    return toks


def _region_containers(toks: list[_Tok]) -> list[_Tok]:
    """"Team in the top navigation", "the Save button in the left sidebar": a place word before a part of the
    page describes that part, and "in" relates the target to it."""
    out: list[_Tok] = []
    for i, t in enumerate(toks):
        nxt = next((x for x in toks[i + 1 :] if x.kind != "fill"), None)
        words = str(t.raw).split()
        if t.kind == "region" and len(words) >= 2 and words[0] in ("in", "on", "at", "inside", "within") \
                and nxt is not None and nxt.kind == "role" and nxt.value in _CONTAINER_WORDS and out:  # fmt: skip
            core = [w for w in words[1:] if w not in ("the", "a", "an")]
            out += [_Tok("rel", "inside", raw=words[0]), _Tok("region", t.value, raw=" ".join(core))]
            continue
        out.append(t)
    return out


def _ordinal_of(toks: list[_Tok]) -> list[_Tok]:
    """"the second of the Delete buttons", "the last one of the links": the ordinal, then what it counts."""
    out: list[_Tok] = []
    skip = False
    for t in toks:
        if out and out[-1].kind == "ord" and t.kind == "rel" and t.raw == "of":
            skip = True
            continue
        if skip and t.kind == "fill":
            continue
        skip = False
        out.append(t)
    return out


def _korean_verbs(toks: list[_Tok]) -> list[_Tok]:
    """Korean puts the verb last ("로그인 버튼을 클릭하세요"): a verb-like word followed by no other word is a verb;
    elsewhere it is a word of the label ("이동 버튼")."""
    out = list(toks)
    for i, t in enumerate(out):
        if t.kind == "w" and not t.after:
            later = [x for x in out[i + 1 :] if x.kind in ("w", "q", "role")]
            out[i] = _Tok("fill", "drop", raw=t.raw) if not later and i > 0 else _Tok("w", t.value, raw=t.raw)
    return out


def _after_attribute(toks: list[_Tok]) -> list[_Tok]:
    """After "labelled", "named", "placeholder"…, grammar words are words of the label ("labelled First name")."""
    out: list[_Tok] = []
    literal = False
    for t in toks:
        if t.kind == "attr":
            literal = not has_hangul(t.raw)  # Korean says the label before "라는": "'저장'이라는 버튼"
        elif t.kind in ("rel", "poss") or t.kind == "q":
            literal = False
        elif literal and t.kind in ("ord", "col", "state", "region", "role") and t.raw:
            out += [_Tok("w", w, raw=w) for w in t.raw.split()]
            continue
        out.append(t)
    return out


def _concept_starts(words: list[str], i: int) -> bool:
    """Whether words ``i``, ``i+1`` (and ``i+2``) make one phrase of the lexicon ("dark mode")."""
    return any(" " not in (c := canonical(" ".join(words[i : i + n]))) and c.startswith("⟨")
               for n in (2, 3) if i + n <= len(words))  # fmt: skip


def _english_roles(toks: list[_Tok]) -> list[_Tok]:
    """Two-word role phrases ("radio button", "text box", "menu item", "check box", "search box") as one role."""
    out: list[_Tok] = []
    for t in toks:
        prev = out[-1] if out else None
        if prev is not None and t.kind == "role" and prev.kind in ("role", "w"):
            pair = f"{prev.raw} {t.value}"
            if pair in ROLE_WORDS and not has_hangul(pair):
                out[-1] = _Tok("role", pair, raw=f"{prev.raw} {t.raw}")
                continue
        out.append(t)
    return out


def _leading_verbs(toks: list[_Tok]) -> list[_Tok]:
    """Mark an imperative at the start ("click on", "double-click", "right click the", "select") as a verb.

    One verb only, and only when words are left to name the target: "Open button" and "Search" keep
    their first word. Readings that take grammar words literally take a verb as a word again.
    """
    i = 0
    while i + 1 < len(toks) and toks[i].raw in ("right", "left", "double") and toks[i + 1].raw in (
            "click", "clicking", "tap", "right", "left", "double"):  # fmt: skip
        i += 1  # "right click", "double-click" (not "Double coins", "Left panel")
    if i < len(toks) and toks[i].kind in ("w", "role") and toks[i].raw in _EN_VERBS:
        i += 1  # ("toggle", "switch" and "select" are role words too)
    elif i == 0:
        return toks
    while i < len(toks) and (toks[i].raw in _EN_VERB_PARTICLES or toks[i].raw in ("click", "clicking", "tap")):
        i += 1
    rest = toks[i:]
    if not rest:
        return toks  # nothing but the verb: the verb is the label ("Search", "Continue")
    verb = next((t for t in toks[:i] if t.kind in ("w", "role")), None)
    if not any(t.kind in ("w", "q") for t in rest) and verb is not None and verb.raw not in _CLICK_VERBS:
        return toks  # the verb and a role word: the verb is the label ("Select button", "Search box")
    return [_Tok("verb", raw=" ".join(str(t.raw) for t in toks[:i] if t.raw)), *rest]


# -- structure ---------------------------------------------------------------------------------------
_LITERAL_LEVELS: tuple[frozenset[str], ...] = (
    frozenset(),
    frozenset({"ord", "col", "state", "region", "attr"}),
    frozenset({"verb"}),
    frozenset({"ord", "col", "state", "region", "attr", "rel:assoc"}),
    frozenset({"ord", "col", "state", "region", "attr", "rel", "poss"}),
    frozenset({"ord", "col", "state", "region", "attr", "verb", "rel", "poss", "role"}),
)
"""Which token kinds each reading takes as plain words (reading 0 is the grammatical one; ``rel:assoc``
is an English "for", "of", "with": "Date of birth", "Sign in with Google")."""


def _kind_of(t: _Tok) -> str:
    return "rel:assoc" if t.kind == "rel" and t.value == "assoc" and t.after else t.kind


def _takes(kinds: frozenset[str], t: _Tok) -> bool:
    return t.kind in kinds or _kind_of(t) in kinds


def _as_text(toks: list[_Tok], kinds: frozenset[str]) -> tuple[list[_Tok], set[str], int]:
    out: list[_Tok] = []
    words: set[str] = set()
    count = 0
    for t in toks:
        if t.kind == "verb" and "verb" not in kinds:
            continue
        if _takes(kinds, t) and t.raw and t.kind != "fill":
            count += 1
            if t.kind == "poss":
                continue  # "의", "'s": a particle, not a word of any label
            out += [_Tok("w", w, raw=w) for w in t.raw.split()]
            words.update(w for w in t.raw.split() if w not in _DETERMINERS and w not in ("의", "'s"))
        else:
            out.append(t)
    return out, words, count


def _mark_literal(q: Query, words: set[str]) -> Query:
    if not words and not q.literal:
        return q
    # a reading that took grammar words as text claims the whole phrase is a label: it must have every word
    mine = tuple(w for w in q.text.split() if w not in _DETERMINERS and w not in ("의", "'s"))
    rels = tuple(Relation(r.kind, _mark_literal(r.anchor, words)) for r in q.relations)
    if not q.text:
        mine = ()
    return replace(q, literal_words=mine, relations=rels)


def _en_rel_ok(toks: list[_Tok], i: int) -> bool:
    """Whether the English relation word at ``i`` is a relation here, not part of a phrase."""
    t = toks[i]
    rest = toks[i + 1 :]
    if not any(x.kind != "fill" for x in rest) or not any(x.kind != "fill" for x in toks[:i]):
        return False
    if t.raw == "in":
        prev = toks[i - 1]
        if prev.kind == "w" and prev.value in _SIGN_IN_LIKE:
            return False
    if t.raw == "from":  # "the email from Priya", not "Pay from" or "Osaka from ₩199,000"
        word = next((x for x in reversed(toks[:i]) if x.kind != "fill"), None)
        return word is not None and word.kind == "w" and item_noun(str(word.value)) is not None
    if t.raw == "on":  # "on the Settings card", "on the second product": a part or an item of the page
        return any((x.kind == "role" and x.value in _CONTAINER_WORDS)
                   or (x.kind == "w" and (item_noun(str(x.value)) is not None or x.value in PART_NOUNS))
                   for x in rest)  # fmt: skip
    return not (t.raw == "of" and toks[i - 1].kind == "ord")  # "the second of the Delete buttons"


_CONTAINER_WORDS = {w for w, roles in ROLE_WORDS.items() if set(roles) & {
    "dialog", "alertdialog", "region", "group", "form", "article", "section", "navigation", "banner", "contentinfo",
    "complementary", "toolbar", "menubar", "row", "table", "grid", "list", "tabpanel", "img", "figure", "alert",
    "menu"}}  # fmt: skip  ("Undo on the green toast", "Delete on the menu")
PART_NOUNS = frozenset({"tile", "layer", "panel", "pane", "widget", "block", "box", "bar", "strip", "sidebar",
                         "header", "footer", "screen", "page", "popup", "sheet", "drawer", "entry", "bubble"})
"""Nouns for a part of a page a control can sit on ("the switch on the Air Purifier tile")."""
_DIRECTIONS = {"left_of", "right_of", "above", "below"}


def _korean_regions(toks: list[_Tok]) -> list[_Tok]:
    """Korean places on the screen: two direction words ("오른쪽 위", "좌측 하단"), or one after 맨/제일/가장."""
    out: list[_Tok] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.kind == "rel" and not t.after and t.value in _DIRECTIONS:
            here = _KO_REGION.get(_ko_base(t.raw), (None, None))
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            if nxt is not None and nxt.kind == "rel" and not nxt.after and nxt.value in _DIRECTIONS:
                there = _KO_REGION.get(_ko_base(nxt.raw), (None, None))
                if (here[0] is None) != (there[0] is None):
                    out.append(_Tok("region", (here[0] or there[0], here[1] or there[1]), raw=f"{t.raw} {nxt.raw}"))
                    i += 2
                    continue
            if out and out[-1].raw in ("맨", "제일", "가장", "화면", "화면의", "페이지의"):
                out[-1] = _Tok("region", here, raw=f"{out[-1].raw} {t.raw}")
                i += 1
                continue
        elif t.kind == "w" and isinstance(t.value, str) and _ko_base(t.value) in _KO_REGION and len(t.value) >= 3:
            out.append(_Tok("region", _KO_REGION[_ko_base(t.value)], raw=t.raw))  # "우상단", "좌측하단"
            i += 1
            continue
        out.append(t)
        i += 1
    return out


def _ko_base(word: str) -> str:
    for tail in sorted(_KO_REL_TAIL, key=len, reverse=True):
        if tail and word.endswith(tail) and word[: -len(tail)] in _KO_REGION:
            return word[: -len(tail)]
    return word


def _build(toks: list[_Tok], level: int, raw: str) -> Query:
    # English relation: the first relation word with something on both sides; the anchor follows it
    for i, t in enumerate(toks):
        if t.kind == "rel" and t.after and _en_rel_ok(toks, i):
            target = _build(toks[:i], level, raw)
            anchor = _build(toks[i + 1 :], level, raw)
            return _with_relation(target, str(t.value), anchor)
    # Korean relation or possessive: the last one with something on both sides; the anchor precedes it
    for i in range(len(toks) - 1, -1, -1):
        t = toks[i]
        if t.kind in ("rel", "poss") and not t.after:
            before = [x for x in toks[:i] if x.kind != "fill"]
            after = [x for x in toks[i + 1 :] if x.kind != "fill"]
            if before and after:
                anchor = _build(toks[:i], level, raw)
                target = _build(toks[i + 1 :], level, raw)
                return _with_relation(target, str(t.value), anchor)
    return _clause(toks, level, raw)


_ROW_WORDS = frozenset({"row", "line", "행", "줄"})


def _with_relation(target: Query, kind: str, anchor: Query) -> Query:
    rel_kind = kind
    if kind == "row" and not anchor.text and anchor.ordinal is not None and not anchor.relations:
        # "두 번째 행의 체크박스": the n-th row is the anchor, and the target lies in it
        rel_kind, anchor = "inside", replace(anchor, roles=dict(ROLE_WORDS["row"]), role_word="row")
    elif anchor.roles is not None and anchor.role_word in _ROW_WORDS:  # "in the row for Bob", "in Bob's row"
        if anchor.relations and not anchor.text:
            rel_kind, anchor = "row", anchor.relations[0].anchor
        elif anchor.text:
            rel_kind, anchor = "row", replace(anchor, roles=None, role_word="")
    if anchor.empty:
        return target
    rel = Relation(rel_kind, anchor)  # type: ignore[arg-type]
    return replace(target, relations=(*target.relations, rel))


def _clause(toks: list[_Tok], level: int, raw: str) -> Query:
    """A phrase with no relation left: text, head role word and modifiers."""
    pieces: list[_Tok] = []  # text-bearing tokens, in order: words, quotes, role words, kept fillers
    ordinal: int | None = None
    colours: list[str] = []
    states: list[tuple[str, bool]] = []
    attribute = None
    attr_at = -1
    h: str | None = None
    v: str | None = None
    for t in toks:
        if t.kind in ("w", "q", "role"):
            pieces.append(t)
        elif t.kind == "fill":
            if t.value != "drop" and t.raw and not has_hangul(t.raw):
                pieces.append(t)  # kept only between words: "Add to cart", "Remember me"
        elif t.kind == "ord":
            ordinal = int(t.value)  # type: ignore[call-overload]
        elif t.kind == "col":
            colours.append(str(t.value))
        elif t.kind == "state":
            states.append(t.value)  # type: ignore[arg-type]
        elif t.kind == "attr":
            attribute = t.value
            attr_at = len(pieces)
        elif t.kind == "region":
            place: tuple[str | None, str | None] = t.value  # type: ignore[assignment]
            h, v = place[0] or h, place[1] or v
        elif t.kind == "rel" and not t.after and t.value in _DIRECTIONS:
            # Korean direction word with no anchor: a place on the screen ("오른쪽의 버튼")
            rh, rv = _KO_REGION.get(_ko_base(t.raw), (None, None))
            h, v = rh or h, rv or v
        elif t.kind == "rel":  # a relation word with nothing to relate to is a word again ("Search for")
            pieces += [_Tok("w", w, raw=w) for w in t.raw.split()]
    while pieces and pieces[0].kind == "fill":
        pieces.pop(0)
        attr_at -= 1
    while pieces and pieces[-1].kind == "fill":
        pieces.pop()
    # the head role word is the last one; earlier role words are part of the text ("the Menu button")
    roles = [i for i, p in enumerate(pieces) if p.kind == "role"]
    if attr_at >= 0 and any(i < attr_at for i in roles):  # "the field labelled Message": the label follows
        roles = [i for i in roles if i < attr_at]
    elif roles:
        after = pieces[roles[-1] + 1 :]
        # English heads come last ("the Card number field"); a role word before plain words is one of them
        # ("Card number", "Menu items"), unless a quote or "labelled" names the label ("the button 'Save'")
        postmodified = bool(after) and after[0].kind == "fill" and after[0].raw in ("to", "that", "which", "where")
        if any(p.kind == "w" for p in after) and not any(p.kind == "q" for p in after) and attribute is None \
                and not postmodified:  # fmt: skip
            roles = []
    head = pieces.pop(roles[-1]) if roles else None
    if head is None and attribute == "label" and 0 < attr_at < len(pieces) \
            and any(p.kind in ("w", "q") for p in pieces[attr_at:]):  # fmt: skip
        # "the cover that says KINGS", "the sign reading Exit": what it says is the label; the noun before it only
        # says what kind of thing bears it
        pieces = pieces[attr_at:]
    if head is not None and str(head.value).startswith("search "):  # "the search box": a field that says search
        pieces.insert(roles[-1], _Tok("w", "search", raw="search"))
    quotes = [str(p.value) for p in pieces if p.kind == "q"]
    if quotes:  # a quote is the label; unquoted words beside it only describe it ("the 'Save' icon")
        text = " ".join(quotes)
    else:
        text = " ".join(str(p.raw) for p in pieces)
    text = re.sub(r"\s+", " ", text.casefold()).strip()
    if re.fullmatch(r"\d{1,2}일", text):
        text = text[:-1]  # "22일": the day 22
    return Query(
        text=text,
        quoted=bool(quotes),
        roles=dict(ROLE_WORDS[str(head.value)]) if head is not None else None,
        role_word=str(head.value) if head is not None else "",
        attribute=attribute,  # type: ignore[arg-type]
        ordinal=ordinal,
        region=(h, v) if (h or v) else None,  # type: ignore[arg-type]
        colours=tuple(colours),
        states=tuple(states),
        literal=level,
        raw=raw,
    )


@lru_cache(maxsize=4096)
def parse(query: str) -> tuple[Query, ...]:
    """The readings of ``query``, the grammatical one first; each distinct and not empty.

    >>> [(r.text, r.ordinal) for r in parse("the first name field")]
    [('name', 1), ('first name', None), ('first name field', None)]
    >>> parse("'Save' 버튼")[0].text, "search for products" in [r.text for r in parse("Search for products")]
    ('save', True)
    """
    toks = _tokens(query)
    readings: list[Query] = []
    for level, kinds in enumerate(_LITERAL_LEVELS):
        if level and not any(_takes(kinds, t) for t in toks):
            continue
        as_text, converted, count = _as_text(toks, kinds)
        q = _mark_literal(_build(as_text, count, query), converted)
        variants = [q]
        said = q.text.split()
        if q.roles is not None and not q.quoted and any(w in DESCRIPTIVE for w in said):
            # "the company logo", "the big blue button": words that say how it looks, not what it says
            plain = " ".join(w for w in said if w not in DESCRIPTIVE)
            variants.append(replace(q, text=plain, literal=q.literal + 1, literal_words=(), relaxed=True))
        if q.roles is not None and not q.quoted and said and all(w in _GENERIC_KINDS for w in said):
            # "세 번째 항목 행", "the second entry row": a word that only says "a thing" says nothing of the label
            variants.append(replace(q, text="", literal_words=()))
        if q.roles is None and not q.quoted and (bare := _without_medium(q.text, q.raw)) is not None:
            # "Jul 21 on the price chart", "summer escape banner headline", "겨울 세일 광고": words that say where the
            # text is printed (a chart, a banner, an ad, a notice), not what it says
            variants.append(replace(q, text=bare, literal=q.literal + 1, literal_words=()))
        if q.roles is None and not q.quoted and (bare := without_numeral_kind(said)) is not None:
            # "숫자 7", "the digit 4", "number 12": a word that says the label is a numeral, not part of it
            variants.append(replace(q, text=bare, literal=q.literal + 1, literal_words=()))
        kind = item_noun(q.text) if q.roles is None and not q.quoted else None
        if kind is not None and (q.ordinal is not None or q.states or q.relations):
            # "the third email", "the starred email", "the selected date": one of the page's repeated things
            variants.append(replace(q, text="", roles=dict(ITEM_NOUNS[kind]), role_word=kind, literal=q.literal + 1,
                                    literal_words=()))  # fmt: skip
        elif (q.ordinal is not None or q.states and q.roles is None) and (noun := _counted_noun(q, said)) is not None \
                and (q.roles is None or q.ordinal is not None and not _control_word(noun)):  # fmt: skip
            # without a role word, "the second therapist", "the selected slot": a noun nobody listed, counted among
            # the page's alike things; with one, "the third room tab", "두 번째 약 카드": the noun says what the counted
            # controls are about and need not be in their labels (Living room, Kitchen, Garage), unless it is a
            # control's own word ("the sixth Edit button": its label)
            counted = replace(q, text="", literal=q.literal + 2, literal_words=())
            if q.roles is None:
                counted = replace(counted, roles=dict(ITEM_NOUNS["item"]), role_word=noun)
            # the noun may title the set ("Therapist" over a list of people): then the items belong to it
            variants += [replace(counted, relations=(*q.relations, Relation("assoc", Query(text=noun, raw=noun)))),
                         counted]  # fmt: skip
        elif q.ordinal is not None and q.roles is None and not q.relations and len(said) == 2 \
                and (noun := _counted_noun(replace(q, raw=said[1]), said[1:])) is not None \
                and not _control_word(noun) and not _control_word(said[0]) and not _one_concept(q.text):  # fmt: skip
            # "the earliest morning slot", "the second fiction title": the noun is counted within the set the
            # other word titles
            variants.append(replace(q, text="", roles=dict(ITEM_NOUNS["item"]), role_word=noun, literal=q.literal + 2,
                                    literal_words=(), relations=(Relation("inside", Query(text=said[0], raw=said[0])),)))
        elif q.roles is None and not q.quoted and len(said) >= 2 and (head := item_noun(said[-1])) is not None \
                and _verb_stem(said[0]) is None:  # fmt: skip  ("Delete row" is an action on a row, not a row)
            # "the out of stock product", "the Wool Scarf card": the item whose text says the rest
            variants.append(replace(q, text=" ".join(said[:-1]), roles=dict(ITEM_NOUNS[head]), role_word=head,
                                    literal=q.literal + 1, literal_words=()))  # fmt: skip
        if q.roles is None and len(said) == 1 and any(r.kind == "assoc" and r.anchor.colours and (r.anchor.role_word or r.anchor.text)
                                                      for r in q.relations) \
                and (noun := _counted_noun(q, said)) is not None and not _control_word(noun):  # fmt: skip
            # "the VM with the red status icon", "빨간 배지 붙은 요금제": one of the page's things, the one that holds
            # something of that colour (the noun need not be in its label)
            variants.append(replace(q, text="", roles=dict(ITEM_NOUNS["item"]), role_word=noun, literal=q.literal + 1,
                                    literal_words=()))  # fmt: skip
        if q.roles is None and not q.quoted and q.ordinal is None and 2 <= len(said) <= 4 \
                and (said_as := _adnominal(said)) is not None:  # fmt: skip
            # "거래완료된 물건", "배송중인 상품", "예약 마감된 객실": the thing (any noun) whose text says the clause
            # before it (a badge on its card)
            variants.append(replace(q, text="", roles=dict(ITEM_NOUNS["item"]), role_word=said[-1],
                                    literal=q.literal + 1, literal_words=(),
                                    relations=(Relation("assoc", Query(text=said_as, raw=said_as)),)))  # fmt: skip
        if q.ordinal is not None and q.roles is None and not q.relations and not q.quoted and 2 <= len(said) <= 3 \
                and has_hangul(q.raw) and _counted_noun(replace(q, raw=said[0]), said[:1]) is not None \
                and not _control_word(said[0]) and not _one_concept(q.text):  # fmt: skip
            # "세번째 객실 예약하기", "두번째 요금제 변경하기": the ordinal counts the things the first word names, and the
            # rest is the control each of them has
            variants.append(replace(q, text=" ".join(said[1:]), ordinal=None, literal=q.literal + 1, literal_words=(),
                                    relations=(Relation("inside", Query(text=said[0], raw=said[0], ordinal=q.ordinal)),)))
        if q.ordinal is not None and q.roles is None and not q.relations and not q.quoted and 2 <= len(said) <= 3 \
                and not _one_concept(q.raw) and not _control_word(said[-1]):  # fmt: skip
            # "the last time slot": one of the things in the set the words name (a list "Time slots" of options)
            variants.append(replace(q, text="", roles=dict(ITEM_NOUNS["item"]), role_word=said[-1],
                                    literal=q.literal + 2, literal_words=(),
                                    relations=(Relation("inside", Query(text=q.text, raw=q.text)),)))  # fmt: skip
        if q.roles is not None and set(q.roles) & _ACTED_ON and not q.quoted and q.ordinal is None \
                and not q.colours and not q.states and 1 <= len(verb := _acting(said)) <= 3:  # fmt: skip
            # "close the dialog", "submit this form", "dismiss the toast": an action on a passing part of the page is
            # the control in that part that says the action, or, where the page is that part, the control that says
            # it ("Delete card", without an article, is a label)
            part = Relation("inside", Query(roles=q.roles, role_word=q.role_word, raw=q.role_word))
            text = " ".join(verb)
            variants += [replace(q, text=text, roles=None, role_word="", relations=(*q.relations, part),
                                 literal=q.literal + 1, literal_words=()),
                         replace(q, text=text, roles=None, role_word="", literal=q.literal + 2, literal_words=())]  # fmt: skip
        if q.text and q.role_word and q.relations and not q.quoted and not q.ordinal and not q.colours \
                and not q.states and len(said) <= 2:  # fmt: skip
            # "add card in the Done column": the role word is a word of the label, with the place
            raw = q.raw.casefold().split()
            first = q.role_word in raw and said[0] in raw and raw.index(q.role_word) < raw.index(said[0])
            text = f"{q.role_word} {q.text}" if first else f"{q.text} {q.role_word}"
            variants.append(replace(q, text=text, roles=None, role_word="", literal=q.literal + 1, literal_words=()))
        if not q.text and q.role_word and q.relations and not q.ordinal and not q.colours and not q.states \
                and not has_hangul(q.role_word):  # fmt: skip
            # "Photos in the folder tree": a role word with a place may be the label of the thing there
            variants.append(replace(q, text=q.role_word, roles=None, role_word="", literal=q.literal + 1))
        if not q.text and q.role_word and not q.relations and not q.ordinal and not q.colours and not q.states:
            # a role word alone may be a label ("click Message", "Menu", "제목"): also read it as text
            variants.append(replace(q, text=q.role_word, roles=None, role_word="", literal=q.literal + 1))
        for v in variants:
            if not v.empty and all(_key(v) != _key(r) for r in readings):
                readings.append(v)
    if not readings:  # only filler words: take everything literally
        every = [w for t in toks for w in t.raw.split()] or query.split()
        readings.append(Query(text=" ".join(every).casefold(), literal=len(_LITERAL_LEVELS), raw=query))
    if (said_as := _copular(query)) is not None:
        # "the charge that's still pending", "the store that is closed right now": what the clause says the thing
        # is reads the way "pending charge" does
        _add_new(readings, (replace(r, raw=query) for r in parse(said_as)))
    if (implied := _verb_of_implied_object(query)) is not None:
        # "upload file", "save changes", "파일 업로드": the object a verb takes anyway is often left off its label
        verb_q = parse(implied)[0]
        _add_new(readings, [replace(verb_q, raw=query, literal=verb_q.literal + 1)] if verb_q.text else [])
    if (key := _sort_key(query)) is not None:
        # "sort by email", "order the list by last active": the column whose header sorts by that key
        _add_new(readings, [Query(text=key, roles=dict(_SORT_ROLES), role_word="column", literal=1, raw=query)])
    if (means := _means_of(query)) is not None:
        # "pay with Kakao Pay", "카카오페이로 결제": the way it is done is the choice to make, where no control
        # says the whole phrase
        _add_new(readings, (replace(r, raw=query, literal=r.literal + 1) for r in parse(means)[:2]))
    toggled = _toggled(query)
    bases = [r for r in parse(toggled) if r.roles is None and r.text] if toggled is not None else []
    if bases and (base := next((r for r in bases if r.text == toggled), bases[0])):  # "push notifications": no verb
        # "turn off email notifications", "푸시 알림 켜기": a control that is switched, named by the rest (a role
        # word there, "notifications", is a word of its label)
        r = replace(base, roles=dict(ROLE_WORDS["toggle"]), role_word="toggle", literal=0, literal_words=(), raw=query)
        if all(_key(r) != _key(x) for x in readings):
            readings.insert(0, r)
    words = query.split()
    if len(words) >= 2 and words[-1] in _KO_SOFT_VERBS:
        # "국가 선택": a word that ends labels ("파일 선택") may also be the verb, the way "select country" is read
        verbless = parse(" ".join(words[:-1]))
        leads = verbless[0].ordinal is not None
        # "첫 번째 상품 선택" counts products, not labels that say 선택: the counted readings come first
        extra = [replace(x, raw=query) for x in verbless[:3]] if leads \
            else [replace(verbless[0], raw=query, literal=verbless[0].literal + 1)]  # fmt: skip
        extra = [r for r in extra if all(_key(r) != _key(x) for x in readings)]
        readings = [*extra, *readings] if leads else [*readings, *extra]
    return tuple(readings)


def _add_new(readings: list[Query], extra: Iterable[Query]) -> None:
    """Append each reading of ``extra`` that ``readings`` (as it grows) does not hold yet."""
    for r in extra:
        if all(_key(r) != _key(x) for x in readings):
            readings.append(r)


_COPULAR = re.compile(
    r"^(?:(?:the|a|an)\s+)?(?P<thing>\S+(?:\s+\S+){0,2}?)\s+(?:that|which|who)(?:\s+is|\s+are|'s|’s|'re|’re)"
    r"(?:\s+(?:still|currently|now|already|not yet))?\s+(?P<said>\S+(?:\s+\S+){0,2}?)"
    r"(?:\s+(?:right now|now|currently|at the moment|today|already))?$")


def _copular(query: str) -> str | None:
    """"the charge that's still pending" → "pending charge": a clause that only says what the thing is (not what it
    does: "the link that goes to Settings" is a relative clause with a verb), or None."""
    m = _COPULAR.match(" ".join(query.casefold().split()))
    if m is None or m["said"].split()[0] in _DETERMINERS or _verb_stem(m["said"].split()[0]) is not None:
        return None
    return f"{m['said']} {m['thing']}"


_MEANS_EN = re.compile(r"^(?P<verb>[a-z]+)\s+(?:with|using|via|through)\s+(?:(?:a|an|the|my)\s+)?(?P<means>.+)$")
_MEANS_KO = re.compile(r"^(?P<means>.+?)(?:으로|로)\s+(?P<verb>\S+)$")


_SORT_BY = re.compile(r"^(?:sort|order|arrange|rank)(?:\s+\S+){0,3}?\s+by\s+(?:(?:the|its|their)\s+)?(?P<key>.+?)"
                      r"(?:\s+(?:column|field|ascending|descending|asc|desc))?$")


_IMPLIED_OBJECTS = frozenset({"file", "files", "changes", "message", "item", "items", "article", "page", "post",
                              "document", "파일", "변경사항", "변경 사항", "메시지", "항목", "기사", "페이지", "문서"})  # fmt: skip
"""Objects a verb takes anyway ("upload file", "save changes", "send the message", "print the article": the
one on screen), so labels leave them off."""


def _verb_of_implied_object(query: str) -> str | None:
    """The verb of "upload file", "save the changes", "파일 업로드", "변경 사항 저장", or None."""
    words = [w for w in query.casefold().split() if w not in ("the", "a", "an", "my", "this", "your")]
    if len(words) < 2 or len(words) > 3:
        return None
    if has_hangul(query):
        head, verb = " ".join(words[:-1]), words[-1]
    else:
        verb, head = words[0], " ".join(words[1:])
    if head not in _IMPLIED_OBJECTS or verb in ROLE_WORDS or verb in ("new", "create", "새", "새로운") \
            or item_noun(verb) is not None:
        return None
    return verb


_SORT_ROLES = {"columnheader": 1.0, "button": 0.9, "link": 0.8}
"""What sorts a table by a key: its column's header, or the button or link in it."""


def _sort_key(query: str) -> str | None:
    """What ``query`` sorts by ("sort by email" → email, "order users by last active" → last active), or None."""
    m = _SORT_BY.match(" ".join(query.casefold().split()))
    return m["key"] if m is not None else None


def _means_of(query: str) -> str | None:
    """What ``query`` says a thing is done with: "pay with Kakao Pay" → kakao pay, "카카오페이로 결제하기" → 카카오페이;
    None when it says no such thing, or when its first word is not a verb ("the row with Alice")."""
    low = " ".join(query.casefold().split())
    m = _MEANS_EN.match(low)
    if m is not None:
        verb = m["verb"]
        if verb in ROLE_WORDS or item_noun(verb) is not None or verb in _DETERMINERS or is_ordinal_word(verb):
            return None
        return m["means"]
    m = _MEANS_KO.match(low)
    if m is not None and has_hangul(m["verb"]) and len(m["means"]) >= 2:
        last = m["means"].split()[-1]
        said = low.split()[-2]  # "처음으로" is one word (home), not "처음" and a particle
        if _KO_REL.get(last) is None and last not in ROLE_WORDS \
                and not (canonical(said).startswith("⟨") and canonical(said) != canonical(last)):
            return m["means"]
    return None


_ACTED_ON = frozenset({"dialog", "alertdialog", "form", "alert", "status", "tooltip"})
"""Roles of the parts of a page that an action is done to through one of their controls ("close the dialog")."""


_TOGGLE_EN = ("turn on ", "turn off ", "switch on ", "switch off ", "enable ", "disable ", "activate ", "deactivate ")
_TOGGLE_KO = ("켜", "꺼", "끄", "활성화", "비활성화")


def _toggled(query: str) -> str | None:
    """What ``query`` asks to switch on or off ("turn off email notifications" → email notifications, "turn the
    metronome on" → metronome, "푸시 알림 켜기" → 푸시 알림), or None."""
    low = " ".join(query.casefold().split())
    for verb in _TOGGLE_EN:
        if low.startswith(verb) and (rest := [w for w in low[len(verb) :].split() if w not in _DETERMINERS]):
            return " ".join(rest)
    words = low.split()
    if len(words) >= 3 and words[0] in ("turn", "switch") and words[-1] in ("on", "off"):  # "turn the metronome on"
        rest = [w for w in words[1:-1] if w not in _DETERMINERS]
        return " ".join(rest) or None
    if len(words) >= 2 and any(words[-1].startswith(v) for v in _TOGGLE_KO):
        return " ".join(words[:-1])
    return None


def _acting(said: list[str]) -> list[str]:
    """The words of ``said`` before its trailing article, when the first says an action ("close the" → close);
    else none."""
    if len(said) < 2 or said[-1] not in _DETERMINERS:
        return []
    words = said[:-1]
    if _verb_stem(words[0]) is None or set(words) & _PLACE_WORDS:
        return []  # "open in the dialog" read with "in the" as words: a place, said by another reading
    return words


_PLACE_WORDS = frozenset({"in", "on", "at", "inside", "within", "of", "for", "from", "to", "into", "under", "below",
                          "above", "near", "next", "beside", "by", "over"})  # fmt: skip


def _counted_noun(q: Query, said: list[str]) -> str | None:
    """The one word of an unquoted query that may say what is counted rather than be a label: a real word, not a
    phrase of the lexicon with its ordinal ("the first name", "Last name": a label, not a count)."""
    if q.quoted or len(said) != 1 or q.literal_words:
        return None
    word = said[0]
    # one syllable names a thing in Korean when it is counted ("두 번째 차", "세 번째 방")
    if len(word) < (1 if has_hangul(word) and q.ordinal is not None else 2 if has_hangul(word) else 3) \
            or not word.isalpha() or _one_concept(q.raw):  # fmt: skip
        return None
    return word


_ADNOMINAL = ("된", "인", "난", "한")


def _adnominal(said: list[str]) -> str | None:
    """What a Korean adnominal clause before the last word says (거래완료된 물건 → 거래완료, 배송중인 상품 → 배송중):
    the clause's words with the ending off, when the clause ends in a done/being form (된, 인, 난, 한) of a word
    of two syllables or more; None otherwise."""
    clause, noun = said[:-1], said[-1]
    last = clause[-1]
    if not has_hangul(noun) or not last.endswith(_ADNOMINAL) or len(last) < 3:
        return None
    stem = last[:-1]
    if not all(has_hangul(c) for c in stem) or _control_word(stem):
        return None
    if any(t.kind in ("role", "state") for t in (*_tokens(last), *_tokens(stem), *_tokens(noun))):
        return None  # "선택된 좌석", "비활성화된 버튼": a state or a role word, read as such already
    return " ".join([*clause[:-1], stem])


def _control_word(word: str) -> bool:
    """Whether ``word`` is what controls say (Edit, 수정, Delete: a concept of :data:`SYNONYMS`)."""
    concept = canonical(word)
    return concept.startswith("⟨") and concept[1:-1] in SYNONYMS


_NUMERAL_KINDS = frozenset({"number", "digit", "numeral", "숫자", "번호"})


def without_numeral_kind(words: list[str]) -> str | None:
    """``words`` without a word that calls the numeral beside it a number ("digit 7", "숫자 7", "7 번호"); None
    when no such pair is there."""
    for i, w in enumerate(words):
        if w in _NUMERAL_KINDS and any(0 <= j < len(words) and words[j].isdigit() for j in (i - 1, i + 1)):
            return " ".join(words[:i] + words[i + 1 :])
    return None


_MEDIA = frozenset({
    "chart", "graph", "plot", "image", "picture", "photo", "screenshot", "banner", "poster", "map", "ad", "advert",
    "advertisement", "headline", "notice", "announcement", "caption", "promo", "sticker", "badge", "plan", "diagram",
    "차트", "그래프", "이미지", "사진", "스크린샷", "배너", "포스터", "지도", "광고", "헤드라인", "공지", "안내문", "문구", "캡션", "표시",
    "배치도", "도면", "평면도", "좌석표", "약도", "slide", "axis", "thumbnail", "cover", "슬라이드", "축", "썸네일", "표지",
})  # fmt: skip
_KO_SPOTS = frozenset({"구석", "위", "아래", "안", "속", "가운데", "모서리", "하단", "상단", "왼쪽", "오른쪽", "한쪽"})
"""Korean nouns of a spot on a medium ("사진 구석의 …": in the photo's corner)."""
_MEDIA_LEAD = frozenset({"on", "in", "of", "from", "the", "a", "an", "this", "that"})


def _without_medium(text: str, raw: str = "") -> str | None:
    """``text`` without the words at its end that name what it is printed on ("… on the price chart", "… banner
    headline", "… 광고"), or at its start in Korean ("배치도에서 입구": ``raw`` keeps the particle that says where);
    None when nothing of the kind is there or nothing would be left."""
    words = text.split()
    said = raw.split()
    where = [strip_particle(w) if w.endswith(("에서", "에", "의")) else None for w in said[:2]]
    led = len(words) >= 2 and bool(where) and where[0] in _MEDIA and words[0] == where[0]
    if led:
        words = words[1:]
    elif len(words) >= 3 and len(said) >= 3 and words[0] == said[0] in _MEDIA and where[1] in _KO_SPOTS \
            and words[1] == where[1]:  # fmt: skip
        words, led = words[2:], True  # "사진 구석의 @devhumor": a spot on the medium says where, too
    end = len(words)
    while end > 1 and (words[end - 1] in _MEDIA or strip_particle(words[end - 1]) in _MEDIA):
        end -= 1
        while end > 1 and words[end - 1] in _MEDIA_LEAD:
            end -= 1
        # "on the price chart": words that qualify the medium go with it, back to the preposition
        for back in (2, 3):
            if end - back >= 1 and words[end - back] in ("on", "in", "of", "from"):
                end -= back
                break
    if end == len(words) and not led or end < 1:
        return None
    return " ".join(words[:end])


def _one_concept(raw: str) -> bool:
    """Whether the words of ``raw`` (bar determiners and verbs) make one phrase of the lexicon ("first name",
    "first page"): then its ordinal word is part of a label."""
    words = [w for w in raw.casefold().split() if w not in _DETERMINERS and w not in _EN_VERBS]
    for n in (2, 3):
        for i in range(len(words) - n + 1):
            c = canonical(" ".join(words[i : i + n]))
            if " " not in c and c.startswith("⟨"):
                return True
    return False


def item_reading(q: Query) -> Query | None:
    """``q`` read as one of the page's repeated things when its text is an item noun and it counts or picks
    one ("the third email", "the first product" as an anchor), else None."""
    kind = item_noun(q.text) if q.roles is None and not q.quoted else None
    if kind is None or not (q.ordinal is not None or q.states or q.relations):
        return None
    return replace(q, text="", roles=dict(ITEM_NOUNS[kind]), role_word=kind, literal=q.literal + 1, literal_words=())


def item_noun(text: str) -> str | None:
    """The item noun ``text`` is ("emails" → "email", "메일을" → "메일"), or None."""
    if not text:
        return None
    for cand in (text, text[:-1] if text.endswith("s") else "", text[:-2] if text.endswith("es") else "",
                 strip_particle(text) if has_hangul(text) else ""):  # fmt: skip
        if cand and cand in ITEM_NOUNS:
            return cand
    return None


def _key(q: Query) -> tuple[object, ...]:
    return (q.text, tuple(sorted(q.roles or {})), q.ordinal, q.region, q.colours, q.states, q.attribute,
            tuple((r.kind, _key(r.anchor)) for r in q.relations))  # fmt: skip
