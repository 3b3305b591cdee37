"""Instructions in plain English or Korean → :mod:`agent.actions`, with no model.

A small grammar, not a list of sentences: the text is split into steps (numbered or bulleted lines,
sentences, then clauses joined by "and", "then", ", …", or Korean connective endings such as
``-고``, ``-한 후``), and each clause is read as a **verb**, a **target** (kept in words, grounded
later: ordinals, roles and relations stay in the phrase) and a **value** (quoted or not). A clause
without a verb borrows the one before it ("Enter 'kiera' as the username and 'x9f' as the
password"). Conditions ("if there is a cookie banner, close it", "쿠키 배너가 있으면 닫으세요")
make the steps ``optional`` with a ``condition``. Dates and times are normalised to ISO in
``TypeText.normalized`` and kept as written in ``text``.

>>> [a.kind for a in compile_steps("Type 'shoes' in the search box and press Enter")]
['type', 'press']
>>> compile_steps("검색창에 '신발'을 입력하세요")[0].text
'신발'
"""

from __future__ import annotations

import re

from agent._english import _EN, _EN_FILLER, _EN_TAIL, _SHOWN
from agent._grammar import (
    _ARTICLE,
    _EN_JOIN,
    _KO_JOIN,
    _Q0,
    _Q1,
    _SENSITIVE,
    _Clause,
    _has_hangul,
    _lines,
    _mask,
    _NoMatch,
    _sentences,
    _target,
)
from agent._korean import _Ko, _ko, _kv
from agent.actions import Action, Click, Target
from model.errors import ConfigError

__all__ = ["CompileError", "compile_steps"]


class CompileError(ConfigError):
    """A phrase the compiler cannot read: ``exc.text`` is the instruction, ``exc.phrase`` the part at fault.

    ``exc.start``/``exc.end`` index ``exc.text``; ``exc.reason`` says what was missing.

    >>> try:
    ...     compile_steps("Click Save, then frobnicate the widget")
    ... except CompileError as exc:
    ...     print(exc.phrase, exc.start, exc.end)
    frobnicate the widget 17 38
    """

    def __init__(self, text: str, start: int, end: int, reason: str) -> None:
        phrase = text[start:end]
        super().__init__(f"cannot compile {phrase!r} (characters {start}..{end}): {reason}", name="instruction",
                         value=phrase)  # fmt: skip
        self.text, self.start, self.end, self.phrase, self.reason = text, start, end, phrase, reason


# -- conditions, clauses, steps ----------------------------------------------------------------------------------
_EN_IF = re.compile(r"^(?:if|when|in\s+case)\s+(?:there\s+(?:is|are)\s+|you\s+see\s+)?(?:a\s+|an\s+|any\s+)?(?P<c>.+?)"
                    rf"(?:\s+(?:is\s+)?(?:{_SHOWN}|present|visible|open|shown|pops\s+up|exists|is\s+there))?\s*,\s*(?:then\s+)?(?P<r>.+)$",
                    re.IGNORECASE)  # fmt: skip
_EN_IF_TAIL = re.compile(r"^(?P<r>.+?)\s*,?\s+(?:if|when)\s+(?:there\s+is\s+one|there\s+are\s+any|(?:it\s+|one\s+|they\s+)?"
                         r"(?:is\s+|are\s+)?(?:present|shown|visible|appears?|exists?|any|needed|necessary|shows\s+up|pops\s+up|"
                         r"there)|(?:there\s+is\s+(?:a\s+|an\s+)?)(?P<c>.+?))$|^(?P<r2>.+?)\s*,?\s+if\s+(?:any|present)$",
                         re.IGNORECASE)  # fmt: skip
_EN_IF_TAIL2 = re.compile(
    r"^(?P<r>.+?)\s*,?\s+(?:if|when|in\s+case)\s+(?:there\s+is\s+|you\s+see\s+)?(?:a\s+|an\s+|the\s+|any\s+)?(?P<c>.+?)\s+"
    r"(?:appears|is\s+shown|shows\s+up|pops\s+up|is\s+visible|is\s+displayed|exists|opens|is\s+present|is\s+open)$",
    re.IGNORECASE,
)
_KO_IF = re.compile(r"^(?:만약\s*|만일\s*)?(?P<c>.+?)(?:이|가)?\s*(?:있으면|있다면|있을\s*경우|나타나면|나타날\s*경우|보이면|뜨면|뜬다면|"
                    r"표시되면|나오면|열리면)\s*,?\s*(?P<r>.+)$")  # fmt: skip


def _sentence_clauses(src: str, masked: str, quotes: dict[int, tuple[int, int]], a: int, b: int) -> list[_Clause]:
    whole = _Clause(src, masked, [(a, b)], quotes)
    text = whole.text
    condition, optional, start = None, False, 0
    korean = _has_hangul(text.replace(_Q1, ""))
    stripped = re.sub(r"^(?:please|kindly|now|then|next|finally)\s*,?\s+", "", text, flags=re.IGNORECASE)
    lead = len(text) - len(stripped)
    if not korean and (m := _EN_IF.match(stripped)):
        raw = whole.value(lead + m.start("c"), lead + m.end("c"))
        condition, optional, start = (
            _target(_ARTICLE.sub("", raw) if not raw.startswith("'") else raw),
            True,
            lead + m.start("r"),
        )
        end = len(text)
    elif korean and (m := _KO_IF.match(text)):
        raw = _kv(whole, m.start("c"), m.end("c"))
        condition, optional, start, end = _target(raw), True, m.start("r"), len(text)
    elif not korean and (m := _EN_IF_TAIL2.match(text)):
        start, end, optional = m.start("r"), m.end("r"), True
        condition = _target(whole.value(m.start("c"), m.end("c")))
    elif not korean and (m := _EN_IF_TAIL.match(text)):
        r = "r" if m.group("r") is not None else "r2"
        start, end, optional = m.start(r), m.end(r), True
        if m.group("c") is not None:
            condition = _target(whole.value(m.start("c"), m.end("c")))
    else:
        end = len(text)
    pieces = _split(whole.sub(start, end), korean)
    if condition is None and optional:
        # "Close the cookie banner if present": the step's own target is the condition
        pass
    for p in pieces:
        p.condition, p.optional = condition, optional
    return pieces


_EN_VERB = re.compile(
    r"(?:please\s+|then\s+|now\s+|also\s+)*(?:click|tap|press|hit|push|select|choose|pick|type|enter|input|write|fill|"
    r"put|insert|check|uncheck|tick|untick|open|go|navigate|visit|scroll|hover|wait|drag|move|upload|attach|download|"
    r"extract|make\s+sure|ensure|verify|confirm|assert|close|dismiss|submit|search|clear|set|reload|refresh|double|"
    r"right|expand|collapse|switch|accept|reject|log|sign|save|toggle|mouse|follow|activate|paste|deselect|unselect|"
    r"agree|finish|stop|done|fail|read|get|scrape|copy|use|change|update|complete|slide|look|expect|validate|"
    r"give|provide|key|empty|erase|drop|load|browse|head|turn|enable|disable|mark|unmark|trigger|continue|proceed|"
    r"register|return|abort|hide|grab|capture|collect|export|decline|strike|point)\b",
    re.IGNORECASE,
)


_FILL_VERB = re.compile(
    r"(?:fill(?:\s+in|\s+out)?|type|enter|input|put|write|set|select|choose|pick|insert|change)\s", re.IGNORECASE
)


def _split(c: _Clause, korean: bool) -> list[_Clause]:
    if not korean:
        return _split_en_joins(c, korean=False)
    text, pieces, pos = c.text, [], 0
    for m in _KO_JOIN.finditer(text):
        pieces.append(c.sub(pos, m.start()))
        pos = m.end()
    pieces.append(c.sub(pos, len(text)))
    return [q for p in pieces for q in _split_en_joins(p, korean=True) if q.text.strip()]


def _split_en_joins(c: _Clause, *, korean: bool) -> list[_Clause]:
    """Split at "and", "then", commas… where a verb follows; a quoted value after "and" borrows the verb before."""
    text = c.text
    spans: list[tuple[int, int, tuple[int, int] | None]] = []  # (start, end, borrowed original range)
    start, borrow, prefix = 0, None, None
    for m in _EN_JOIN.finditer(text):
        if m.start() <= start or m.end() >= len(text):
            continue
        joiner = re.sub(r"\s+", " ", m.group(0).strip().lower().strip(","))
        right = text[m.end() :]
        if korean:
            object_before = re.search(r"(?:을|를|에|에서|으로|로)$", text[start : m.start()].rstrip())
            if joiner.startswith(("그", "이어")) or (joiner == "" and object_before):
                spans.append((start, m.start(), borrow))
                start, borrow, prefix = m.end(), None, None
            continue
        word = re.match(r"\S+", right)
        left_word = re.search(r"(\S+)\s*$", text[start : m.start()])
        verb_next = bool(_EN_VERB.match(right))
        if (
            verb_next
            and joiner in ("and", "")
            and word
            and left_word
            and word.group(0)[0].isupper()
            and left_word.group(1)[0].isupper()
            and left_word.group(1)[0].isalpha()
        ):
            verb_next = False  # "Save and Close", "Terms and Conditions": a name, not two steps
        if any(w in joiner for w in ("then", "after", "finally", "also")):
            verb_next = True
        elif joiner == "" and not _EN_VERB.match(_EN_FILLER.sub("", text[start : m.start()])):
            verb_next = False  # "In the Country dropdown, select Canada": the part before the comma is no step
        if verb_next:
            spans.append((start, m.start(), borrow))
            start, borrow, prefix = m.end(), None, None
        elif joiner in ("and", "") and not right.startswith(_Q0) and (borrow is not None or (
                fill := _FILL_VERB.match(text, start))) and re.search(r"\s(?:with|as|in|into|to|from)\s", right, re.IGNORECASE):  # fmt: skip
            spans.append((start, m.start(), borrow))
            if borrow is None:
                a0 = c.orig(fill.start())  # type: ignore[union-attr]
                prefix = (a0, a0 + len(fill.group(0).rstrip()))  # type: ignore[union-attr]
            start, borrow = m.end(), prefix
        elif right.startswith(_Q0) and joiner in ("and", ""):
            if prefix is None:
                left = text[start : m.start()]
                q = left.find(_Q0)
                vm = re.match(r"\S+", left)
                if q <= 0 and vm is None:
                    continue
                cut = q if q > 0 else vm.end()  # type: ignore[union-attr]
                a0, b0 = c.orig(start), c.orig(start + cut)
                while b0 > a0 and c.src[b0 - 1].isspace():
                    b0 -= 1
                prefix = (a0, b0)
            spans.append((start, m.start(), borrow))
            start, borrow = m.end(), prefix
    spans.append((start, len(text), borrow))
    out = []
    verb_end = re.search(r"\S+$", text) if korean else None
    for k, (a, b, pre) in enumerate(spans):
        piece = c.sub(a, b)
        if not piece.text.strip():
            continue
        if pre is not None:
            piece = _Clause(c.src, c.masked, [pre, piece.segments[0]], c.quotes, borrowed=pre[1] - pre[0] + 1)
        nxt = spans[k + 1] if k + 1 < len(spans) else None
        if nxt is not None and nxt[2] is not None and text[a:b].rstrip().endswith(_Q1):
            # "Select 'Blue' and 'Green' from the colors list": the first value shares the complement after the last
            if shared := re.match(
                rf"{_Q0}{_Q1}*\s+((?:from|in|into|on|onto|to|for|as|under)\s+.+)$", text[nxt[0] : nxt[1]]
            ):
                extra = (c.orig(nxt[0] + shared.start(1)), c.orig(nxt[1]))
                piece = _Clause(c.src, c.masked, [*piece.segments, extra], c.quotes, borrowed=piece.borrowed)
        elif verb_end is not None and b < verb_end.start() and not _ends_in_verb(piece):
            # "아이디에 'kim'을, 비밀번호에 '1234'를 입력하세요": the first part shares the final verb
            piece = _Clause(c.src, c.masked, [piece.segments[0], (c.orig(verb_end.start()), c.orig(verb_end.end()))],
                            c.quotes)  # fmt: skip
        out.append(piece)
    return out


def _ends_in_verb(piece: _Clause) -> bool:
    try:
        _Ko(piece)
    except _NoMatch:
        return False
    return True


_KO_FILLER = re.compile(
    r"^(?:(?:그리고|먼저|우선|다음으로|그\s*다음에?|그런\s*다음에?|마지막으로|이어서|이제|또한|또)\s*,?\s+)+"
)


def _compile_clause(c: _Clause) -> list[Action]:
    text = c.text
    if _has_hangul(text.replace(_Q1, "")) and not re.match(r"^\s*[A-Za-z]", _EN_FILLER.sub("", text)):
        filler = _KO_FILLER.match(text)
        if filler and not c.borrowed:
            return _ko(c.sub(filler.end(), len(text)))
        return _ko(c)
    lead = len(text) - len(_EN_FILLER.sub("", text))
    tail = _EN_TAIL.search(text)
    end = tail.start() if tail and tail.start() > lead else len(text)
    body = c.sub(lead, end) if (lead or end != len(text)) and not c.borrowed else c
    if c.borrowed and (lead or end != len(text)):
        body = _Clause(c.src, c.masked, [c.segments[0], (c.segments[1][0], c.orig(end))], c.quotes, c.condition, c.optional,
                       antecedent=c.antecedent, borrowed=c.borrowed)  # fmt: skip
    btext = body.text
    for pattern, build in _EN:
        if m := pattern.match(btext):
            try:
                return build(body, m)
            except _NoMatch:
                continue
    if _has_hangul(text.replace(_Q1, "")):
        return _ko(c)
    raise _NoMatch


def _finish(action: Action, c: _Clause) -> Action:
    src = c.src[c.start : c.end].strip()
    if c.borrowed:
        src = c.src[c.segments[0][0] : c.segments[0][1]].strip() + " … " + src
    upd: dict[str, object] = {"source": src}
    if c.optional:
        upd["optional"] = True
        own = (
            action.expect.target
            if action.expect is not None and action.expect.target is not None
            else getattr(action, "target", None)
        )
        condition = c.condition if c.condition is not None else own
        if isinstance(condition, Target):
            upd["condition"] = condition
    if isinstance(action, Click):
        words = f"{action.target.query or ''} {src}"
        if _SENSITIVE.search(words):
            upd["sensitive"] = True
    return action.model_copy(update=upd)


def _antecedent(actions: list[Action]) -> Target | None:
    if not actions:
        return None
    last = actions[-1]
    got = getattr(last, "target", None) or getattr(last, "element", None)
    return got if isinstance(got, Target) else None


def compile_steps(text: str) -> list[Action]:
    """Compile instructions (English or Korean, one or many steps) into actions; raises :class:`CompileError`.

    Steps may be numbered or bulleted lines, sentences, or clauses joined by "and"/"then"/commas
    (Korean: ``-고``, ``-한 후``, ``그리고``). Each action's ``source`` is the phrase it came from.

    >>> [a.kind for a in compile_steps("1. Go to https://example.com\\n2. Click Sign in")]
    ['navigate', 'click']
    """
    if not isinstance(text, str) or not text.strip():
        raise CompileError(text if isinstance(text, str) else "", 0, 0, "the instruction is empty")
    masked, quotes = _mask(text)
    actions: list[Action] = []
    for la, lb in _lines(masked):
        for sa, sb in _sentences(masked, la, lb):
            for clause in _sentence_clauses(text, masked, quotes, sa, sb):
                clause.antecedent = _antecedent(actions)
                try:
                    got = _compile_clause(clause)
                except (_NoMatch, ValueError) as exc:
                    reason = str(exc) if isinstance(exc, ValueError) and str(exc) else (
                        "no step I can read here: expected a verb (click, type, select, check, press, go to, scroll, "
                        "wait, make sure…; 입력, 누르, 선택, 체크, 열, 스크롤, 기다리, 확인…) with its target and value")  # fmt: skip
                    raise CompileError(text, clause.start, clause.end, reason) from None
                actions.extend(_finish(a, clause) for a in got)
    if not actions:
        raise CompileError(text, 0, len(text), "no steps found")
    return actions
