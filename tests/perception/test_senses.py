"""Words that mean several things on app labels: every line of the table well formed, each other meaning
found where it is meant, and below the usual meaning of a word."""

from __future__ import annotations

from perception._lexicon import canonical, canonical_senses, has_hangul, normalize
from perception._senses import SENSES
from perception._textmatch import similarity


def _lines() -> list[tuple[str, list[str]]]:
    out = []
    for line in SENSES.splitlines():
        if line.strip():
            left, right = line.split("=")
            out.append((left.strip(), [r.strip() for r in right.split("|")]))
    return out


def test_every_line_names_other_known_concepts() -> None:
    lefts = [normalize(left) for left, _ in _lines()]
    assert len(lefts) == len(set(lefts)), "a word is listed twice"
    for left, senses in _lines():
        assert normalize(left) and not (has_hangul(left) and len(normalize(left)) < 2), left
        concepts = [canonical(s) for s in senses]
        for s, c in zip(senses, concepts, strict=True):
            assert c.startswith("⟨") and " " not in c, f"{left} = {s}: {s!r} is no one known concept ({c!r})"
            assert c != canonical(left), f"{left} = {s}: that is already what {left!r} means"
        assert len(set(concepts)) == len(concepts), left


def test_a_word_is_read_with_each_of_its_meanings() -> None:
    readings = canonical_senses("다음 문제")
    assert readings[0] == canonical("다음 문제") and canonical("Next question") in readings
    assert canonical_senses("문제를")[0] == canonical("문제")  # a particle does not hide the word
    assert len(canonical_senses("로그인")) == 1


def test_another_meaning_matches_below_the_usual_one() -> None:
    assert 0.8 <= similarity("다음 문제", "Next question") < similarity("다음 질문", "Next question")
    assert similarity("제목 입력", "Subject") >= 0.6
    assert similarity("sign in", "sign up") <= 0.3  # different concepts stay apart under every reading


def test_controls_that_apps_put_side_by_side_stay_apart() -> None:
    """No other meaning joins two of the core actions a page shows together (Delete and Reset, Cancel and Undo)."""
    for a, b in [("Delete", "Reset"), ("Cancel", "Undo"), ("Save", "Download"), ("Notifications", "Messages"),
                 ("Reset", "Forgot password?"), ("Dismiss", "Cancel"), ("OK", "I agree"), ("삭제", "초기화")]:  # fmt: skip
        assert similarity(a, b) < 0.5, (a, b)


def test_two_other_meanings_that_meet_say_nothing() -> None:
    """archive may mean save and Done may mean save: an archive button is still no Done button."""
    from perception._lexicon import canonical_senses as senses

    shared = set(senses("archive")[1:]) & set(senses("Done")[1:])
    assert shared and canonical("archive") not in senses("Done") and canonical("Done") not in senses("archive")
    assert similarity("archive", "Done") < 0.3


def test_a_phrase_known_as_one_concept_still_says_its_words() -> None:
    assert similarity("수량 줄이기", "수량 감소") >= 0.8
    assert similarity("log in", "log out") < 0.3


def test_a_number_word_after_a_numeral_says_only_that_it_is_a_number() -> None:
    assert normalize("3번 문제") == "3 문제" and normalize("3번째") == "3번째" and normalize("3페이지") == "3 페이지"
    assert similarity("3번 문제", "Question 3") >= 0.8 and similarity("3페이지", "Page 3") >= 0.9
    assert similarity("3번 문제", "Question 4") <= 0.3
