"""How well a query's text matches a label: exact > normalised > synonym > contained > fuzzy, 0..1.

One number per pair, from a ladder of evidence that each rung bounds from below:

==============================  =========================================================
equal after :func:`normalize`   1.0
equal without spaces            0.97 (``"Sign in"`` / ``"SIGNIN"``, ``"로그 인"`` / ``"로그인"``)
equal as concepts               0.93 (``"Log in"`` / ``"로그인"``: :func:`canonical`)
equal under another meaning     0.86 (``"다음 문제"`` / ``"Next question"``: a word of :mod:`perception._senses`
                                on one side, the usual meanings on the other), or a phrase read word by word
                                (``"수량 감소"`` / ``"수량 줄이기"``); 0.9 times their containment
query words ⊂ label words       0.62 + 0.33·√(coverage): ``"delete"`` in ``"Delete account"`` → 0.85
label words ⊂ query words       0.3 + 0.45·coverage (the query says more than the label: a label that
                                covers only part of it is weak evidence, "Restore" for "Restore from trash")
Korean compound containment     the same, on characters (``로그인`` in ``로그인하기``)
typos                           a slip per word of ≥ 5 letters (two in ≥ 9): 0.82 (0.72), times coverage
fuzzy (OCR slips)               ratio r → 0.9·((r − 0.6)/0.4)^1.3, on words and, for Hangul, on jamo
a loanword in the other script  up to 0.84 by :func:`sound_similarity` (``디럭스`` / ``Deluxe``), times coverage
Korean in Latin letters         up to 0.84 by :func:`romanized_similarity` (``Park Jihoon`` / ``박지훈``,
                                ``Yonhap`` / ``연합뉴스``), times the share of the label's syllables it says
==============================  =========================================================

Numbers and dates must agree: when both sides say a number (or a month) and they say different ones
(``"5 September"`` / ``"5 July"``, ``"Zoom 90%"`` / ``"Zoom 100%"``), the score is at most 0.3.

Fuzzy matching is a typo detector, not a meaning detector: ``"Sign up"`` vs ``"Sign in"`` (r = 0.71)
scores 0.19 (one shared word of two), and two labels that name different known concepts never score above 0.3 by fuzz.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from perception._lexicon import (
    canonical,
    canonical_senses,
    has_hangul,
    jamo,
    normalize,
    singular,
    strip_particle,
    syllable,
)

__all__ = [
    "Text", "ocr_fold", "prepare", "romanized_similarity", "similarity", "similarity_read", "sound_key",
    "sound_similarity",
]  # fmt: skip


@dataclass(frozen=True)
class Text:
    """A string prepared once for many comparisons."""

    norm: str
    tokens: frozenset[str]
    compact: str
    canon: str
    canon_tokens: frozenset[str]
    hangul: bool
    jamo: str
    stems: frozenset[str]  # tokens with Korean particles peeled off and English plurals folded
    senses: tuple[frozenset[str], ...]  # canon_tokens under each reading of words that mean several things


@lru_cache(maxsize=131072)
def prepare(text: str) -> Text:
    """``text`` normalised, tokenised and canonicalised (cached)."""
    norm = normalize(text)
    tokens = frozenset(norm.split())
    canon = canonical(norm)
    hangul = has_hangul(norm)
    return Text(
        norm=norm,
        tokens=tokens,
        compact=norm.replace(" ", ""),
        canon=canon,
        canon_tokens=frozenset(canon.split()),
        hangul=hangul,
        jamo=jamo(norm) if hangul else norm,
        stems=frozenset(strip_particle(t) if has_hangul(t) else singular(t) for t in tokens),
        senses=tuple(frozenset(c.split()) for c in canonical_senses(norm)),
    )


def _reading_pairs(q: Text, t: Text, senses: bool) -> list[tuple[frozenset[str], frozenset[str]]]:
    """The readings of ``q`` and ``t`` to compare, the usual pair first; with ``senses``, each other meaning of one
    side against the usual meaning of the other (two other meanings that meet, archive → save ← done, say nothing)."""
    pairs = [(q.senses[0], t.senses[0])]
    if senses:
        pairs += [(a, t.senses[0]) for a in q.senses[1:]] + [(q.senses[0], b) for b in t.senses[1:]]
    return pairs


@lru_cache(maxsize=65536)
def _word_by_word(norm: str) -> frozenset[str]:
    """The concept tokens of ``norm`` read word by word: a phrase known as one concept ("수량 감소") still says its
    words, so 수량 줄이기 is the same."""
    return frozenset(tok for w in norm.split() for tok in canonical(w).split())


_STOP = frozenset({"the", "a", "an", "my", "your", "our", "please", "this", "that"})
_VALUE_NOUNS = frozenset({"level", "value", "amount", "count", "number", "total", "price", "percentage", "percent",
                          "rate", "size", "score", "quantity", "progress", "balance", "limit", "fee", "cost",
                          "remaining", "usage", "값", "수치", "금액", "개수", "수량", "비율", "잔액", "한도", "용량", "크기",
                          "요금", "합계"})


def _contain(q: frozenset[str], t: frozenset[str]) -> float:
    if not q or not t:
        return 0.0
    if q <= t:
        return 0.62 + 0.33 * math.sqrt(len(q) / len(t))
    if t <= q:
        return 0.3 + 0.45 * _coverage(q, t)
    inter = len(q & t)
    if inter:  # some words shared: weak evidence, more when most of the query is covered
        return 0.55 * (inter / len(q)) * math.sqrt(inter / len(t))
    return 0.0


_KIND_NOUNS = frozenset({
    "page", "key", "entry", "item", "option", "value", "number", "name", "label", "text", "area", "section",
    "tab", "menu", "list", "screen", "view", "mode", "setting", "thing", "one", "selection",
    "키", "버튼", "숫자", "번호", "선택", "항목", "값", "칸", "메뉴", "페이지", "화면", "영역", "부분", "목록", "탭", "란", "창", "자리",
})  # fmt: skip
"""Nouns that say what kind of thing the target is, not what it says ("next *page*", "지우기 *키*")."""


def _coverage(q: frozenset[str], t: frozenset[str], order: tuple[str, ...] = ()) -> float:
    """How much of the query the label's words cover, when the label says less than the query: words of the
    query that only name a kind count a tenth, one trailing head noun after the label's words
    ("the Background *layer*") a fifth; every other extra word ("Restore *from trash*", "*Empty* trash") counts whole."""
    extra = q - t - _STOP
    weight = 0.0
    for w in extra:
        bare = w[3:-1] if w.startswith("⟨g:") else w.strip("⟨⟩")  # a concept token of the lexicon names its word
        weight += 0.1 if bare in _KIND_NOUNS or bare in _VALUE_NOUNS else 1.0
    if order and len(extra) == 1 and order[-1] in extra and order[-1] not in _KIND_NOUNS | _VALUE_NOUNS:
        w = order[-1]
        head = w.isalpha() and w.isascii() and w not in _MONTHS and set(order[:-1]) - _STOP <= t
        if head:
            weight -= 0.8
    return len(t) / (len(t) + max(weight, 0.0))


def _fuzz_curve(r: float) -> float:
    return 0.0 if r <= 0.6 else 0.9 * math.pow((r - 0.6) / 0.4, 1.3)


def _typo(a: str, b: str) -> float:
    """A typed word against a label word: one slip (a letter missing, extra, wrong or two swapped) in a word
    of five letters or more, two in one of nine or more, is still that word."""
    if a == b:
        return 1.0
    n = min(len(a), len(b))
    d = OSA.distance(a, b, score_cutoff=2)
    if d <= 1:
        return 0.82 if n >= 5 else 0.6 if n >= 4 else 0.0
    if d == 2:
        return 0.72 if n >= 9 else 0.5 if n >= 7 else 0.0
    return 0.0


def _typos(q: Text, t: Text) -> float:
    """Every query word equal to, or one slip from, a label word; scaled by how much of the label is covered."""
    qw, tw = q.norm.split(), t.norm.split()
    if not qw or len(tw) > 12 or q.hangul:
        return 0.0
    total = 0.0
    for w in qw:
        best = max(_typo(w, x) for x in tw)
        if best == 0.0:
            return 0.0
        total += best
    if total == len(qw):
        return 0.0  # no slip: the other rungs say it
    score = total / len(qw)
    return score * (0.85 + 0.15 * min(1.0, len(qw) / len(tw)))


def _tokenwise(q: frozenset[str], t: frozenset[str]) -> float:
    """Each query word matched to its closest label word (typos in multi-word labels)."""
    if not q or not t or len(t) > 40:
        return 0.0
    total = 0.0
    for w in q:
        total += max(fuzz.ratio(w, x) for x in t) / 100
    mean = total / len(q)
    coverage = min(1.0, len(q) / len(t))
    return _fuzz_curve(mean) * (0.75 + 0.25 * math.sqrt(coverage))


@lru_cache(maxsize=262144)
def similarity(query: str, label: str, *, senses: bool = True) -> float:
    """How well ``label`` matches the text ``query`` asks for, 0..1 (see the module table). ``senses=False``
    leaves out the other meanings of words and the word-by-word reading (is it the same text, not the same
    meaning).

    >>> similarity("Delete", "delete"), round(similarity("delete", "Delete account"), 2)
    (1.0, 0.85)
    >>> similarity("로그인", "Log in"), round(similarity("sign up", "Sign in"), 2)
    (0.93, 0.19)
    """
    q, t = prepare(query), prepare(label)
    if not q.norm or not t.norm:
        return 0.0
    if q.norm == t.norm:
        return 1.0
    if q.compact == t.compact:
        return 0.97
    best = _contain(q.tokens, t.tokens)
    if not q.hangul:  # the head noun of an English phrase may be a kind, not a word of it ("the coin balance")
        if t.tokens < q.tokens:
            best = max(best, 0.3 + 0.45 * _coverage(q.tokens, t.tokens, tuple(q.norm.split())))
        elif t.stems < q.stems:
            order = tuple(singular(w) for w in q.norm.split())
            best = max(best, 0.98 * (0.3 + 0.45 * _coverage(q.stems, t.stems, order)))
    values = frozenset(w for w in t.tokens if w.isdigit())
    if values and len(values) < len(t.tokens) and not any(w.isdigit() for w in q.tokens):
        words = t.tokens - values  # "the zoom level" / "Zoom 100%": the label says the value of what is asked
        if words <= q.tokens and q.tokens - words <= _VALUE_NOUNS | _STOP:
            best = max(best, 0.86)
        stems = frozenset(singular(w) for w in words)
        if stems <= q.stems and q.stems - stems <= _VALUE_NOUNS | _STOP:  # "the coin balance" / "Coins 1250"
            best = max(best, 0.84)
    if q.stems != q.tokens or t.stems != t.tokens:
        best = max(best, 0.97 if q.stems == t.stems else _contain(q.stems, t.stems) * 0.98)
    synonyms = q.canon != q.norm or t.canon != t.norm
    if synonyms:
        if q.canon == t.canon:
            return max(best, 0.93)
        best = max(best, 0.96 * _contain(q.canon_tokens, t.canon_tokens))
        # another meaning of a word, or the words of a phrase one by one: good evidence, below the usual reading
        others = _reading_pairs(q, t, senses)[1:]
        if senses and (" " in q.norm or " " in t.norm):
            others.append((_word_by_word(q.norm), _word_by_word(t.norm)))
        if others:
            best = max(best, 0.86 if any(a == b for a, b in others) else 0.9 * max(_contain(a, b) for a, b in others))
    if (q.hangul or t.hangul) and len(q.compact) >= 2:
        if q.compact in t.compact:
            best = max(best, 0.6 + 0.32 * (len(q.compact) / len(t.compact)) ** 0.5)
        elif t.compact in q.compact and len(t.compact) >= 2:
            rest = q.compact.replace(t.compact, "", 1)
            ratio = 0.9 if rest in _KIND_NOUNS else len(t.compact) / len(q.compact)  # "지우기 키", "검색창"
            best = max(best, 0.3 + 0.42 * ratio)
    if q.hangul != t.hangul and best < 0.6 and synonyms:
        # across languages, a phrase the glossary knows as one concept ("비밀번호 변경") still says its parts
        # ("change", "password"): compare by those, as words of one language would be
        best = max(best, 0.96 * max(_contain(*_across(a, b)) * (0.9 if k else 1.0)
                                    for k, (a, b) in enumerate(_reading_pairs(q, t, senses))))  # fmt: skip
    if q.hangul != t.hangul and best < 0.84:  # a loanword written in the other script ("디럭스" / "Deluxe")
        best = max(best, _loanword(q, t))
        if best < 0.84:  # a Korean name written in Latin letters ("Park Jihoon" / "박지훈")
            best = max(best, romanized_similarity(query, label))
    if best >= 0.9:
        return best
    # fuzzy: whole string, word by word, and for Hangul on letters (OCR confuses 인/안, 로/르)
    r = fuzz.ratio(q.norm, t.norm) / 100
    fuzzy = max(_fuzz_curve(r), _tokenwise(q.tokens, t.tokens), _typos(q, t))
    if q.hangul or t.hangul:
        fuzzy = max(fuzzy, _fuzz_curve(fuzz.ratio(q.jamo, t.jamo) / 100) * 0.95)
    if synonyms and _distinct_concepts(q, t):
        fuzzy = min(fuzzy, 0.3)
    out = max(best, fuzzy)
    return min(out, 0.3) if _values_disagree(q, t) else out


@lru_cache(maxsize=65536)
def _parts(token: str) -> frozenset[str]:
    """A glossary concept of several words (``⟨g:change_password⟩``) as the concepts or words of its name."""
    if not token.startswith("⟨g:") or "_" not in token:
        return frozenset({token})
    return frozenset(c or w for w in token[3:-1].split("_") for c in canonical_senses(w))


def _bare(token: str) -> str:
    return token[3:-1] if token.startswith("⟨g:") else token.strip("⟨⟩")


def _across(q: frozenset[str], t: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """Both sides' concepts, split into parts; an English word the lexicon does not know stands for a concept
    of the other side whose name shares its stem ("invitation" for ⟨invite⟩)."""
    qa = frozenset().union(*(_parts(w) for w in q))
    ta = frozenset().union(*(_parts(w) for w in t))

    def stem_to(side: frozenset[str], other: frozenset[str]) -> frozenset[str]:
        out = set()
        for w in side:
            if not w.startswith("⟨") and w.isascii() and w.isalpha() and len(w) >= 5:
                hit = next((c for c in other if c.startswith("⟨") and _bare(c)[:5] == w[:5]), None)
                out.add(hit or w)
            else:
                out.add(w)
        return frozenset(out)

    return stem_to(qa, ta), stem_to(ta, qa)


_MONTHS = {m: i + 1 for i, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
    ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
    ("december", "dec"))) for m in names}  # fmt: skip
_KO_MONTH = re.compile(r"^(\d{1,2})월")
_KO_DAY = re.compile(r"^(\d{1,2})일")
_NUMBER = re.compile(r"\d+")


@lru_cache(maxsize=65536)
def _values(norm: str) -> tuple[frozenset[str], frozenset[int]]:
    """The numbers and the months a normalised text says (``"5 sept"`` → ({5}, {9}); ``"7월 5일"`` → ({5}, {7}))."""
    numbers: set[str] = set()
    months: set[int] = set()
    for w in norm.split():
        if w in _MONTHS:
            months.add(_MONTHS[w])
        elif m := _KO_MONTH.match(w):
            months.add(int(m.group(1)))
        elif m := _KO_DAY.match(w):
            numbers.add(str(int(m.group(1))))
        elif w.isdigit():
            numbers.add(str(int(w)) if len(w) <= 4 else w)
        elif any(c.isdigit() for c in w) and not has_hangul(w):
            numbers.update(str(int(n)) if len(n) <= 4 else n for n in _NUMBER.findall(w))
    return frozenset(numbers), frozenset(months)


def _values_disagree(q: Text, t: Text) -> bool:
    """Both say numbers (or months), and the label lacks one the query says: another date, another amount."""
    qn, qm = _values(q.norm)
    if not qn and not qm:
        return False
    tn, tm = _values(t.norm)
    return bool((qn and tn and not qn <= tn) or (qm and tm and not qm & tm))


def _distinct_concepts(q: Text, t: Text) -> bool:
    """Both sides are known concepts and nothing else, and different ones ("sign in" vs "sign up") under
    every reading of their words."""
    for a in q.senses:
        for b in t.senses:
            qc = {x for x in a if x.startswith("⟨")}
            tc = {x for x in b if x.startswith("⟨")}
            pure = len(qc) == len(a) and len(tc) == len(b)
            if not (pure and qc and tc and not qc & tc):
                return False
    return True


_DIGIT_AS_LETTER = str.maketrans({"0": "o", "1": "l", "5": "s", "8": "b", "6": "b", "2": "z", "|": "l"})


@lru_cache(maxsize=65536)
def ocr_fold(text: str) -> str:
    """Normalised text with the letters OCR confuses folded together: a digit inside a word of letters is the
    letter it looks like (``Z00m`` → ``zoom``, ``5ave`` → ``save``), ``i``/``1``/``|`` → ``l``, ``rn`` → ``m``,
    ``vv`` → ``w``. Numbers stay numbers (``100``).

    >>> ocr_fold("Z00m 100%"), ocr_fold("Sign 1n"), ocr_fold("Modern")
    ('zoom 100', 'slgn ln', 'modem')
    """
    words = []
    for w in normalize(text).split():
        if any(c.isalpha() for c in w) and any(c.isdigit() for c in w):
            w = w.translate(_DIGIT_AS_LETTER)
        words.append(w.replace("rn", "m").replace("vv", "w").replace("i", "l"))
    return " ".join(words)


@lru_cache(maxsize=65536)
def similarity_read(query: str, label: str) -> float:
    """:func:`similarity` for text read from pixels: OCR slips (``Publsh``, ``로그안``, ``Sign 10``) cost less,
    and a query may match part of a line that OCR ran together with its neighbours.

    >>> round(similarity_read("로그인", "로그안"), 2), round(similarity("로그인", "로그안"), 2)
    (0.68, 0.48)
    """
    base = similarity(query, label)
    q, t = prepare(query), prepare(label)
    if not q.norm or not t.norm or base >= 0.9:
        return base
    if _values_disagree(q, t):
        return base
    if len(q.compact) >= 4 and q.compact in t.compact and len(t.compact) > len(q.compact):
        # OCR drops spaces and runs a label into its neighbours ("BGM ON" read as "BGMON 50%")
        base = max(base, 0.62 + 0.3 * math.sqrt(len(q.compact) / len(t.compact)))
    if not q.hangul:
        fq, ft = ocr_fold(query), ocr_fold(label)
        if (fq, ft) != (q.norm, t.norm):  # the label once its look-alike letters are folded: "Z00m" is "Zoom"
            base = max(base, 0.97 * similarity(fq, ft))
            if base >= 0.9:
                return base
    r = fuzz.ratio(q.jamo, t.jamo) / 100 if (q.hangul or t.hangul) else fuzz.ratio(q.norm, t.norm) / 100
    lenient = 0.0 if r <= 0.5 else 0.92 * math.pow((r - 0.5) / 0.5, 0.9)
    words, n = t.norm.split(), len(q.norm.split())
    if len(words) > n:  # a line OCR ran together: the query against each run of whole words
        for size in {max(1, n - 1), n, n + 1}:
            for i in range(len(words) - size + 1):
                part = " ".join(words[i : i + size])
                pr = fuzz.ratio(jamo(part), q.jamo) / 100 if q.hangul else fuzz.ratio(part, q.norm) / 100
                lenient = max(lenient, 0.8 * (0.0 if pr <= 0.6 else math.pow((pr - 0.6) / 0.4, 1.1)))
    return max(base, min(lenient, 0.85))


# -- loanwords: Hangul and Latin letters compared by sound ----------------------------------------------
_CHO_CLASS = "KKNTTLMPPSS SSSKTPH"  # ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ (ㅇ at the start of a syllable is silent)
_JONG_CLASS = " KKKNNNTLKMPLLPLMPPTTNTTKTPT"  # ㅅ/ㅆ/ㅈ/ㅊ/ㅌ/ㅎ under a syllable sound as t: 로봇 = robot; ㅇ is ng
_JUNG_CLASS = "aaaaeaeaoaaaooeaio ii"  # ㅏ…ㅣ: a, e (ㅓ is heard for u, o and e), o/u, i; ㅡ silent
_EN_DIGRAPHS = (
    ("tch", "S"), ("dg", "S"), ("ui", "i"), ("ee", "i"), ("oo", "o"), ("ou", "o"), ("oa", "o"), ("ay", "ai"),
    ("ai", "ai"), ("sch", "SK"), ("tion", "SN"), ("sion", "SN"), ("ture", "S"), ("ck", "K"),
    ("ch", "S"), ("sh", "S"), ("ph", "P"), ("th", "T"), ("wh", ""), ("gh", ""), ("ng", "N"), ("qu", "K"),
    ("ts", "S"), ("kn", "N"), ("wr", "L"),
)  # fmt: skip
_EN_LETTER = {"b": "P", "p": "P", "f": "P", "v": "P", "t": "T", "d": "T", "k": "K", "q": "K", "s": "S", "z": "S",
              "j": "S", "x": "KS", "l": "L", "r": "L", "m": "M", "n": "N", "h": "H"}  # fmt: skip
_VOWELS = frozenset("aeiouy")
_EN_VOWEL = {"a": "a", "e": "a", "i": "i", "o": "o", "u": "o", "y": "i"}


@lru_cache(maxsize=65536)
def sound_key(text: str) -> str:
    """A text as a Korean ear hears it, one letter per sound class, so that a Hangul loanword and its
    English word come out alike. Consonants are upper case: labials ``P`` (ㅂㅍ / b p f v), ``T`` (ㄷㅌ, and
    ㅅ under a syllable / t d th), ``K`` (ㄱㅋ / k, hard c and g, q), sibilants ``S`` (ㅅㅈㅊ / s z j ch sh,
    soft c and g), ``L`` (ㄹ / l r), ``M``, ``N`` (ㄴ, ㅇ under a syllable / n ng), ``H``. Vowels are lower
    case and coarse: ``a`` (ㅏㅐㅔ / a e), ``e`` (ㅓ, heard for u, o and e), ``o`` (ㅗㅜ / o u), ``i``
    (ㅣ / i y), ``ai`` for a vowel said by its name (타임 / time). The epenthetic 으, a silent English ``e``
    and an ``r`` after a vowel and before no vowel (센터 / center) are dropped; a class repeated in a row
    counts once.

    >>> sound_key("Standard"), sound_key("스탠다드"), sound_key("Check-in"), sound_key("체크인")
    ('STaNTaT', 'STaNTaT', 'SaKiN', 'SaKiN')
    """
    out: list[str] = []
    for word in normalize(text).split():
        if has_hangul(word):
            for parts in filter(None, map(syllable, word)):
                cho, jung, jong = parts
                out += (_CHO_CLASS[cho].strip(), _JUNG_CLASS[jung].strip(), _JONG_CLASS[jong].strip())
        elif word.isascii():
            out.append(_english_key(word))
    return _squeeze("".join(out))


def _squeeze(key: str) -> str:
    """``key`` with each run of one letter kept once."""
    return "".join(c for i, c in enumerate(key) if i == 0 or c != key[i - 1])


def _english_key(word: str) -> str:
    w = "".join(c for c in word if c.isalpha())
    out: list[str] = []
    silent: set[int] = set()
    i = 0
    while i < len(w):
        for graph, cls in _EN_DIGRAPHS:
            if w.startswith(graph, i) and not (graph == "gh" and i == 0):
                out.append(cls)
                i += len(graph)
                break
        else:
            c, nxt = w[i], w[i + 1 : i + 2]
            if c in _VOWELS:
                if (c == "e" and i == len(w) - 1 and i > 1) or i in silent:
                    pass  # a final e is silent ("game" / 게임), and the e that makes a vowel long ("timeline")
                elif c in "aiy" and i > 0 and _long_vowel(w, i):
                    out.append("ai")  # "time" / 타임, "style" / 스타일, "page" / 페이지
                    silent.add(i + 2)
                else:
                    out.append(_EN_VOWEL[c])
            elif c == "w":
                pass
            elif c == "r" and i > 0 and w[i - 1] in _VOWELS and nxt not in _VOWELS:
                pass  # "order" / 오더, "user" / 유저
            elif c == "c":
                out.append("S" if nxt in ("e", "i", "y") else "K")
            elif c == "g":
                out.append("S" if nxt in ("e", "y") and i > 0 else "K")
            elif c == "h" and i > 0:
                pass
            else:
                out.append(_EN_LETTER.get(c, ""))
            i += 1
    return "".join(out)


def _long_vowel(w: str, i: int) -> bool:
    """A vowel said by its name: before one consonant and a final or a vowel-led ``e`` ("time", "timeline")."""
    if w[i] == "y":
        return i + 1 < len(w) and w[i + 1] not in _VOWELS and w[i - 1] not in _VOWELS
    if i + 2 < len(w) and w[i + 1] not in _VOWELS and w[i + 1] not in "rwxy" and w[i + 2] == "e":
        return w[i - 1] not in _VOWELS and (i + 3 == len(w) or w[i + 3] not in _VOWELS)
    return False


def _indel(c: str) -> float:
    return _VOWEL_COST if c.islower() else 0.5 if c == "H" else 1.0


def _sub(a: str, b: str) -> float:
    if a == b:
        return 0.0
    if a.islower() and b.islower():
        return 0.1 if "e" in (a, b) else _VOWEL_COST  # ㅓ is heard for u, o and e
    if a.islower() or b.islower():
        return 9.0
    return 0.5 if {a, b} in ({"S", "T"}, {"K", "S"}) else 1.0


_VOWEL_COST = 0.35


def _sound_distance(a: str, b: str) -> float:
    """Edit distance between two sound keys: a consonant costs 1 (an ``H``, or ``S`` for ``T``, half), a vowel
    0.35 (English spelling says little of how a vowel is heard)."""
    prev = [0.0]
    for cb in b:
        prev.append(prev[-1] + _indel(cb))
    for ca in a:
        cur = [prev[0] + _indel(ca)]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + _indel(ca), cur[j - 1] + _indel(cb), prev[j - 1] + _sub(ca, cb)))
        prev = cur
    return prev[-1]


def _sound_length(key: str) -> float:
    return sum(_indel(c) for c in key)


@lru_cache(maxsize=262144)
def sound_similarity(a: str, b: str) -> float:
    """How alike two texts sound, 0..1: one minus the edit distance of their :func:`sound_key` over the longer
    key's length (a consonant weighs 1, a vowel 0.35); 0 when either says fewer than two consonants.

    >>> sound_similarity("Family Twin", "패밀리 트윈"), round(sound_similarity("Log out", "로그아웃"), 2)
    (1.0, 0.91)
    """
    ka, kb = sound_key(a), sound_key(b)
    if min(sum(c.isupper() for c in ka), sum(c.isupper() for c in kb)) < 2 or min(len(ka), len(kb)) < 3:
        return 0.0
    la, lb = _sound_length(ka), _sound_length(kb)
    if abs(la - lb) > 0.5 * max(la, lb):  # the distance is at least the difference of the lengths
        return max(0.0, 1.0 - abs(la - lb) / max(la, lb))
    return max(0.0, 1.0 - _sound_distance(ka, kb) / max(la, lb))


def _leftover(t: Text, shared: frozenset[str]) -> tuple[list[str], int]:
    """The words of ``t`` (particles peeled off) that say none of the ``shared`` concepts, to be compared by
    sound, and how many Korean words say a concept of their own: a native word the lexicon knows (다음,
    결제) is never heard as an English loanword, and counts as a word the other side lacks."""
    out, known = [], 0
    for w in t.norm.split():
        if not w.isalpha():
            continue
        w = strip_particle(w) if has_hangul(w) else w
        concepts = set(canonical(w).split())
        if concepts & shared:
            continue
        if has_hangul(w) and all(c.startswith("⟨") for c in concepts):
            known += 1
        else:
            out.append(w)
    return out, known


def _loanword(q: Text, t: Text) -> float:
    """A query and a label in different scripts that sound alike: ``패밀리 트윈`` / ``Family Twin``, ``위젯 추가``
    / ``Add widget``. Words that say a concept both sides say (추가 / add) count as matched; the rest are
    compared by :func:`sound_similarity`, leaving out at most one word of either side (which costs its
    share). At most 0.84, below a synonym or an exact match in the label's own script; a match of fewer
    than three consonants with no shared concept (트윈 / twin) at most 0.63."""
    qc = frozenset(w for w in q.canon_tokens if w.startswith("⟨"))
    tc = frozenset(w for w in t.canon_tokens if w.startswith("⟨"))
    shared = qc & tc
    (qr, q_known), (tr, t_known) = _leftover(q, shared), _leftover(t, shared)
    return _heard(qr, q_known, tr, t_known, len(shared))


def _heard(qr: list[str], q_known: int, tr: list[str], t_known: int, shared: int) -> float:
    """The sound match of the leftover words, scaled by how much of each side it and the shared concepts cover."""
    if not qr or not tr:
        return 0.0
    tries = [(qr, tr)]
    if len(qr) > 1:
        tries += [(qr[:i] + qr[i + 1 :], tr) for i in range(len(qr))]
    if len(tr) > 1:
        tries += [(qr, tr[:i] + tr[i + 1 :]) for i in range(len(tr))]
    best = 0.0
    for qw, tw in tries[:9]:
        sim = sound_similarity(" ".join(qw), " ".join(tw))
        if sim < 0.85:
            continue
        heard = 0.5 + 0.34 * min(1.0, (sim - 0.85) / 0.1)
        if not shared and sum(c.isupper() for c in sound_key(" ".join(qw))) < 3:
            heard *= 0.75
        q_cover = (shared + len(qw)) / (shared + len(qr) + q_known)
        t_cover = (shared + len(tw)) / (shared + len(tr) + t_known)
        best = max(best, heard * (0.35 + 0.65 * q_cover) * math.sqrt(t_cover))
    return best


# -- Korean written in Latin letters: names of people, places and brands ------------------------------
_RR_CHO = ("g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h")
_RR_JUNG = ("a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi",
            "yu", "eu", "ui", "i")  # fmt: skip
_RR_JONG = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t",
            "ng", "t", "t", "k", "t", "p", "t")  # fmt: skip
_SURNAMES = {"lee": "i", "yi": "i", "rhee": "i", "rhie": "i", "park": "bak", "pak": "bak", "choi": "choe",
             "oh": "o", "roh": "no", "noh": "no", "woo": "u", "ryu": "yu", "rhyu": "yu", "yoo": "yu", "you": "yu",
             "shin": "sin", "chung": "jeong", "jung": "jeong", "kwon": "gwon", "kwak": "gwak"}  # fmt: skip
"""Family names whose usual spelling is not the standard romanisation of their syllable."""
_ROMAN_FOLDS = (("eo", "o"), ("eu", "u"), ("oo", "u"), ("ou", "u"), ("ee", "i"), ("ui", "i"), ("ae", "e"),
                ("ai", "e"), ("oi", "e"), ("oe", "e"), ("ch", "j"), ("sh", "s"), ("ph", "p"), ("ck", "k"),
                ("ng", "N"), ("c", "k"), ("q", "k"), ("x", "ks"), ("f", "p"), ("v", "b"), ("z", "j"), ("r", "l"),
                ("b", "p"), ("d", "t"), ("g", "k"), ("o", "u"), ("h", ""))  # fmt: skip
"""How spellings of one Korean sound differ (영 yeong / young, 훈 hun / hoon, 최 choe / choi), folded to one:
vowels that romanisations write in several ways, voiced and voiceless stops, r and l, and h, often left out."""


def _roman_fold(latin: str) -> str:
    out = latin
    for a, b in _ROMAN_FOLDS:
        out = out.replace(a, b)
    return _squeeze(out)


def _syllables(hangul: str) -> list[str]:
    """Each Hangul syllable in its standard romanisation (a character that is none is left out)."""
    return [_RR_CHO[cho] + _RR_JUNG[jung] + _RR_JONG[jong] for cho, jung, jong in filter(None, map(syllable, hangul))]


@lru_cache(maxsize=65536)
def romanized_similarity(latin: str, hangul: str) -> float:
    """How well Latin letters spell Korean: ``latin`` against the best run of ``hangul``'s words (or the first
    syllables of one word), 0..0.84. Both sides are folded (:data:`_ROMAN_FOLDS`) so that the ways Koreans
    spell their names agree; part of a word costs the share of its syllables left out, and a label of more
    words than the run says a little less, a Korean query of more words much less. Either argument may be the
    Hangul one; the first is the query. 0 when the Latin side folds to fewer than four letters or is English the
    glossary knows, or the other holds no Hangul.

    >>> romanized_similarity("Park Jihoon", "박지훈"), romanized_similarity("Lee Younghee", "이영희")
    (0.84, 0.84)
    >>> round(romanized_similarity("Yonhap", "연합뉴스"), 2), romanized_similarity("Sign in", "로그인")
    (0.59, 0.0)
    """
    asked = 1.0  # how much a Hangul word left out of the run costs: little in a label, all of it in a query
    if has_hangul(latin) and not has_hangul(hangul):
        latin, hangul, asked = hangul, latin, 0.0
    words = [w for w in re.split(r"[^a-z]+", latin.casefold()) if w]
    if not words or has_hangul(latin) or not latin.isascii():
        return 0.0
    if all(c.startswith("⟨") for c in canonical(" ".join(words)).split()):
        return 0.0  # English the glossary knows ("Done", "Sign in") is not Korean in Latin letters
    key = _roman_fold("".join(_SURNAMES.get(w, w) for w in words))
    if len(key) < 4:
        return 0.0  # three letters spell too many words ("Pan" / 반, "Son" / 선)
    said = normalize(hangul).split()
    label = [syl for w in said if (syl := _syllables(w))]
    if not label or len(label) > 30:
        return 0.0
    n = sum(1 for w in said if not any(c.isdigit() for c in w))  # "1.25L" names nothing

    def fit(syl: list[str]) -> float:
        r = fuzz.ratio(key, _roman_fold("".join(syl))) / 100
        return 0.0 if r < 0.82 else 0.6 + 0.24 * min(1.0, (r - 0.82) / 0.12)

    best = 0.0
    for i, word in enumerate(label):
        for k in range(1, min(3, len(label) - i) + 1):  # whole words: "박지훈", "박 지훈"
            run = [syl for w in label[i : i + k] for syl in w]
            best = max(best, fit(run) * _covered(min(1.0, k / max(n, 1)), asked))
        if len(word) > 2:  # the head of a compound: "연합" of "연합뉴스" (a name comes first, its kind after it)
            for b in range(2, len(word)):
                share = math.sqrt(b / len(word)) * _covered(min(1.0, 1 / max(n, 1)), asked)
                best = max(best, fit(word[:b]) * share)
    return round(best, 4)


def _covered(share: float, asked: float) -> float:
    """The factor for a run that covers ``share`` of the Hangul side's words: ``asked`` 1 for a label (extra
    words say a little less), 0 for a query (each word left out is a part of what was asked)."""
    return share if asked == 0.0 else 0.75 + 0.25 * math.sqrt(share)
