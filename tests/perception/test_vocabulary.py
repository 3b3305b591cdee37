"""The wide app vocabulary: every line well formed, no line that joins two known concepts, and spot checks that
an English label and its Korean wording say one concept."""

from __future__ import annotations

import pytest

from perception._lexicon import GLOSSARY, SYNONYMS, canonical, has_hangul, normalize
from perception._textmatch import similarity
from perception._vocabulary import VOCABULARY


def _lines(text: str) -> list[str]:
    return [s for line in text.splitlines() if (s := line.strip()) and not s.startswith("#")]


def _sides(line: str) -> tuple[list[str], list[str]]:
    en, ko = line.split("=")
    return [p.strip() for p in en.split("|")], [p.strip() for p in ko.split("|")]


def _known() -> dict[str, str]:
    """Phrase → concept as SYNONYMS and GLOSSARY alone give them (the vocabulary is read after both)."""
    table: dict[str, str] = {}
    for concept, phrases in SYNONYMS.items():
        for p in phrases:
            table.setdefault(normalize(p), concept)
    for line in _lines(GLOSSARY):
        en, ko = _sides(line)
        norms = [normalize(p) for p in (*en, *ko) if p]
        concept = next((table[p] for p in norms if p in table), "g:" + norms[0])
        for p in norms:
            table.setdefault(p, concept)
    return table


def _problems(line: str, known: dict[str, str]) -> list[str]:
    """What is wrong with one vocabulary line, as short reasons (empty when nothing is)."""
    if line.count("=") != 1:
        return ["not one '='"]
    en, ko = _sides(line)
    out = []
    if not all(en) or not all(ko):
        out.append("an empty alternative")
    if any(has_hangul(p) for p in en) or not all(has_hangul(p) for p in ko):
        out.append("Hangul on the English side or none on the Korean side")
    phrases = [normalize(p) for p in (*en, *ko)]
    if not all(phrases):
        out.append("a phrase that normalises to nothing")
    if any(len(p) == 1 for p in phrases if has_hangul(p)):
        out.append("a one-syllable Korean word")
    concepts = {known[p] for p in phrases if p in known}
    if len(concepts) > 1:
        out.append(f"joins concepts {sorted(concepts)}")
    if all(p in known for p in phrases):
        out.append("adds nothing")
    return out


def test_every_line_parses_and_joins_at_most_one_known_concept() -> None:
    known = _known()
    bad = {line: why for line in _lines(VOCABULARY) if (why := _problems(line, known))}
    assert not bad, bad
    assert len(_lines(VOCABULARY)) >= 1500


def test_the_line_check_catches_a_bad_line() -> None:
    known = _known()
    assert _problems("delete|edit = 삭제하고 수정", known) == ["joins concepts ['delete', 'edit']"]
    assert "an empty alternative" in _problems("merge cells| = 셀 병합", known)
    assert "a one-syllable Korean word" in _problems("cell = 셀", known)
    assert "a phrase that normalises to nothing" in _problems("merge cells|?! = 셀 병합", known)
    assert _problems("sign in = 로그인", known) == ["adds nothing"]
    assert _problems("merge cells = 셀 병합", known) == []


def test_no_phrase_is_given_twice() -> None:
    seen: dict[str, str] = {}
    twice = []
    for line in _lines(VOCABULARY):
        en, ko = _sides(line)
        for p in {normalize(x) for x in (*en, *ko)}:
            if p in seen:
                twice.append((p, seen[p], line))
            seen[p] = line
    assert not twice, twice[:20]


def test_each_line_reads_as_one_concept() -> None:
    split = []
    for line in _lines(VOCABULARY):
        en, ko = _sides(line)
        forms = {canonical(p) for p in (*en, *ko)}
        if len(forms) != 1 or " " in next(iter(forms)):
            split.append((line, sorted(forms)))
    assert not split, split[:20]


@pytest.mark.parametrize(
    ("english", "korean"),
    [
        ("Create playlist", "재생목록 만들기"), ("Merge cells", "셀 병합"), ("Lyrics", "가사"),
        ("Boarding pass", "탑승권"), ("Tracking number", "운송장 번호"), ("Maintenance fee", "관리비"),
        ("Course registration", "수강신청"), ("Next episode", "다음화"), ("Pull request", "풀 리퀘스트"),
        ("Direct message", "다이렉트 메시지"), ("Buy it now", "바로구매"), ("Prescription", "처방전"),
        ("Dividends", "배당금"), ("Thermostat", "온도 조절기"), ("Due soon", "마감 임박"),
        ("Add to playlist", "재생목록에 추가"), ("Attendance", "출석"), ("Request refund", "환불 신청"),
        ("Payment method", "결제 수단"), ("Reason", "사유"), ("Add a stop", "경유지 추가"), ("Reading room", "열람실"),
        ("Electric car", "전기차"), ("Rental car", "렌터카"), ("Destination", "목적지"), ("Round trip", "왕복"),
        ("Number of people", "인원수"), ("New issue", "이슈 등록"), ("Playback speed", "배속"), ("Partial refund", "부분 환불"),
        ("Date", "일시"), ("Lump sum", "일시불"), ("Transit card", "교통카드"),
    ],
)  # fmt: skip
def test_an_english_label_and_its_korean_say_the_same_concepts(english: str, korean: str) -> None:
    """One concept, or the same concepts word by word ("Create playlist": ⟨create⟩ ⟨playlist⟩ either way)."""
    assert sorted(canonical(english).split()) == sorted(canonical(korean).split()), (
        canonical(english),
        canonical(korean),
    )
    assert all(c.startswith("⟨") for c in canonical(english).split())
    assert similarity(english, korean) >= 0.9


def test_korean_verb_endings_and_the_glossary_still_win() -> None:
    assert canonical("수강신청하기") == canonical("Course registration")  # a verb ending says nothing more
    assert canonical("담기") == canonical("Add to cart")  # a line that names a glossary phrase joins its concept
    assert canonical("Stock") == canonical("재고")  # the glossary's sense of a word comes first
    assert canonical("Create playlist") != canonical("Delete playlist")
    assert canonical("내보내기") == canonical("Export") and canonical("로그인하기") == canonical("Sign in")


_LINKING = frozenset({"to", "the", "a", "an", "of", "for", "my", "your", "in", "on", "with", "and"})


def _composed(phrase: str, own: str) -> frozenset[str] | None:
    """The concepts a phrase of two or more words says word by word, when each of its words is a concept of its own
    (other than the line's); None otherwise."""
    words = [w for w in normalize(phrase).split() if w not in _LINKING]
    if len(words) < 2:
        return None
    concepts = [canonical(w) for w in words]
    if not all(c.startswith("⟨") and c.endswith("⟩") and " " not in c and c != own for c in concepts):
        return None
    return frozenset(concepts)


def test_no_line_only_names_what_its_words_already_say() -> None:
    """A line whose every phrase is its words' concepts in both languages ("agree to terms = 약관 동의") turns a
    phrase that matched word by word into one token, so a label that says the same words in another form
    ("이용약관에 동의합니다") stops matching it."""
    lumped = []
    for line in _lines(VOCABULARY):
        en, ko = _sides(line)
        own = canonical(en[0])
        parts = [_composed(p, own) for p in (*en, *ko)]
        if all(p is not None for p in parts) and len(set(parts)) == 1:
            lumped.append(line)
    assert not lumped, lumped[:10]
    assert similarity("약관 동의", "이용약관에 동의합니다") >= 0.9
