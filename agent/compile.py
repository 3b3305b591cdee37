"""Instructions in plain English or Korean → :mod:`agent.actions`, with no model.

A small grammar, not a list of sentences: the text is split into steps (numbered or bulleted lines,
sentences, then clauses joined by "and", "then", "after that", ", …", or Korean connective endings
such as ``-고``, ``-(으)ㄴ 후/뒤/다음``, ``-어서``), and each clause is read as a **verb**, a
**target** (kept in words, grounded later: ordinals, roles and relations such as "in the row for
Alice" stay in the phrase) and a **value** (quoted or not; ``{{name}}`` secret placeholders stay
as written). Politeness and fillers ("please", "could you", "~해 주세요", "~하십시오") are no part
of a step. A clause without a verb borrows the one before it ("Enter 'kiera' as the username and
'x9f' as the password", "Click Next, then Finish"); one clause may name several fields ("Fill out
the form with name 'Ann' and email 'a@b.c'", "아이디 'kim', 비밀번호 '1234'로 로그인하세요").
Conditions ("if there is a cookie banner, close it", "쿠키 배너가 있으면 닫으세요") make the steps
``optional`` with a ``condition``. Dates and times are normalised to ISO in
``TypeText.normalized`` and kept as written in ``text``. Each action declares the effect it implies
(``expect``) for the graph to verify.

English rules live in :mod:`agent._english` (one pattern per way of saying a step, tried in order),
Korean in :mod:`agent._korean` (read from the final verb back through the particles), what they
share in :mod:`agent._grammar`. What none of them reads raises :class:`CompileError` at the phrase,
never a guessed action.

>>> [a.kind for a in compile_steps("Type 'shoes' in the search box and press Enter")]
['type', 'press']
>>> compile_steps("검색창에 '신발'을 입력하세요")[0].text
'신발'
"""

from __future__ import annotations

import contextlib
import difflib
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
    _key,
    _lines,
    _mask,
    _NoMatch,
    _sentences,
    _target,
)
from agent._korean import _KO_VERB_FORM, _Ko, _ko, _kv
from agent.actions import (
    Action,
    Assert,
    Click,
    Done,
    Effect,
    EffectKind,
    Navigate,
    Press,
    Select,
    Target,
    TypeText,
    WaitFor,
)
from model.errors import ConfigError

__all__ = ["CompileError", "compile_steps"]


class CompileError(ConfigError):
    """A phrase the compiler cannot read: ``exc.text`` is the instruction, ``exc.phrase`` the part at fault.

    ``exc.start``/``exc.end`` (also ``exc.span``) index ``exc.text``; ``exc.reason`` says what was
    missing and ``exc.suggestion`` how the step could be written instead.

    >>> try:
    ...     compile_steps("Click Save, then frobnicate the widget")
    ... except CompileError as exc:
    ...     print(exc.phrase, exc.span)
    frobnicate the widget (17, 38)
    """

    def __init__(self, text: str, start: int, end: int, reason: str, *, suggestion: str = "") -> None:
        phrase = text[start:end]
        hint = f"; {suggestion}" if suggestion else ""
        super().__init__(f"cannot compile {phrase!r} (characters {start}..{end}): {reason}{hint}", name="instruction",
                         value=phrase)  # fmt: skip
        self.text, self.start, self.end, self.phrase, self.reason = text, start, end, phrase, reason
        self.suggestion = suggestion

    @property
    def span(self) -> tuple[int, int]:
        """``(start, end)`` of the phrase in ``exc.text``."""
        return self.start, self.end


_EN_VERBS_SHOWN = ("click", "type", "enter", "select", "choose", "check", "uncheck", "press", "open", "go", "scroll",
                   "wait", "hover", "drag", "upload", "download", "close", "search", "verify", "submit", "fill", "set")  # fmt: skip


def _suggest(phrase: str) -> str:
    """A way to write the phrase that the grammar reads: the nearest verb, else the shape of a step."""
    if _has_hangul(phrase):
        return ("end the step with a verb, its target and value marked by particles: "
                "\"아이디에 'kim'을 입력하세요\", \"로그인 버튼을 누르세요\", \"국가 목록에서 '한국'을 선택하세요\"")  # fmt: skip
    first = re.match(r"\s*([A-Za-z]+)", phrase)
    if first is not None and first.group(1).lower() not in _EN_VERBS_SHOWN:
        near = difflib.get_close_matches(first.group(1).lower(), _EN_VERBS_SHOWN, n=1, cutoff=0.75)
        if near:
            return f"did you mean {near[0]!r}?"
    return ("start the step with a verb and name its target: \"click the Save button\", \"type 'ann' into the name "
            "field\", \"select 'Express' from the shipping dropdown\", \"wait until 'Saved' appears\"; "
            "a configured model plans free-form steps")  # fmt: skip


# -- conditions, clauses, steps ----------------------------------------------------------------------------------
_EN_IF = re.compile(r"^(?:if|when|in\s+case)\s+(?:there\s+(?:is|are)\s+|you\s+see\s+)?(?:a\s+|an\s+|any\s+)?(?P<c>.+?)"
                    rf"(?:\s+(?:is\s+)?(?:{_SHOWN}|present|visible|open|shown|pops\s+up|exists|is\s+there|shows|opens|is\s+open|"
                    r"comes\s+up|is\s+displayed))?\s*,\s*(?:then\s+)?(?P<r>.+)$",
                    re.IGNORECASE)  # fmt: skip
_EN_IF_TAIL = re.compile(r"^(?P<r>.+?)\s*,?\s+(?:if|when)\s+(?:there\s+is\s+one|there'?s\s+one|there\s+are\s+any|"
                         r"you\s+(?:can\s+)?see\s+(?:it|one|them)|(?:it'?s|it\s+is)\s+there|asked|prompted|needed|"
                         r"(?:it'?s\s+|they'?re\s+|it\s+|one\s+|they\s+)?"
                         r"(?:is\s+|are\s+)?(?:still\s+)?(?:present|shown|visible|appears?|exists?|any|needed|necessary|shows\s+up|"
                         r"pops\s+up|open|opened|displayed|there|available|enabled)|(?:there\s+is\s+(?:a\s+|an\s+)?)(?P<c>.+?))$|^(?P<r2>.+?)\s*,?\s+if\s+(?:any|present)$",
                         re.IGNORECASE)  # fmt: skip
_EN_IF_TAIL2 = re.compile(
    r"^(?P<r>.+?)\s*,?\s+(?:if|when|in\s+case)\s+(?:there\s+is\s+|you\s+see\s+)?(?:a\s+|an\s+|the\s+|any\s+)?(?P<c>.+?)\s+"
    r"(?:appears|is\s+shown|shows\s+up|pops\s+up|is\s+visible|is\s+displayed|exists|opens|is\s+present|is\s+open)$",
    re.IGNORECASE,
)
_KO_IF = re.compile(r"^(?:만약\s*|만일\s*)?(?P<c>.+?)(?:이|가)?\s*(?:있으면|있다면|나타나면|보이면|뜨면|뜬다면|표시되면|나오면|열리면|"
                    r"생기면|(?:있을|나타날|보일|뜰|나올|표시될|열릴|생길)\s*(?:경우|때(?!\s*까지))(?:에|에는)?)\s*,?\s*(?P<r>.+)$")  # fmt: skip


def _sentence_clauses(src: str, masked: str, quotes: dict[int, tuple[int, int]], a: int, b: int) -> list[_Clause]:
    whole = _Clause(src, masked, [(a, b)], quotes)
    text = whole.text
    condition, optional, start = None, False, 0
    korean = _reads_korean(text)
    stripped = re.sub(r"^(?:please|kindly|now|then|next|finally)\s*,?\s+", "", text, flags=re.IGNORECASE)
    lead = len(text) - len(stripped)
    if not korean and (m := _EN_IF.match(stripped)):
        raw = whole.value(lead + m.start("c"), lead + m.end("c"))
        condition, optional, start = (
            _target(_ARTICLE.sub("", raw) if not raw.startswith("'") else raw),
            True,
            lead + m.start("r"),
        )
        if re.match(r"(?:asked|prompted|needed|necessary|required|possible)\b", raw, re.IGNORECASE):
            condition = None  # "If asked to confirm, click Yes": the step's own target is the condition
        end = len(text)
    elif korean and (m := _KO_IF.match(text)):
        raw = _kv(whole, m.start("c"), m.end("c"))
        condition, optional, start, end = _target(raw), True, m.start("r"), len(text)
    elif not korean and (m := _EN_IF_TAIL2.match(text)):
        start, end, optional = m.start("r"), m.end("r"), True
        said = whole.value(m.start("c"), m.end("c"))
        condition = None if re.fullmatch(r"it|they|one|this|that", said, re.IGNORECASE) else _target(said)
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
    r"register|return|abort|hide|grab|capture|collect|export|decline|strike|point|add|book|send|apply|place|reserve|"
    r"publish|post|share|print|create|join|pay|buy|purchase|sort|filter|remove|delete|edit|rename|archive|keep|consent|"
    r"acknowledge|cancel|approve|refund|invite|reply|redeem|renew|restore|track|estimate|calculate|convert|reset|"
    r"look|press|sign|modify|view)\b",
    re.IGNORECASE,
)


_PURPOSE = re.compile(
    r"(?:click|tap|press|hit|push|double[- ]?click|right[- ]?click)\b.*?(?P<to>\s+(?:in\s+order\s+)?to)\s+(?P<why>.+)$",
    re.IGNORECASE,
)
_SET_VERB = re.compile(r"(?:set|change|update)\s+", re.IGNORECASE)
_PICK_VERB = re.compile(r"(?:select|choose|pick|check|tick|uncheck|untick)\s+", re.IGNORECASE)
_LABEL = re.compile(r"[A-Z0-9][\w-]*(?:\s+[\w-]+){0,2}")
_FILL_VERB = re.compile(
    r"(?:fill(?:\s+in|\s+out)?|type|enter|input|put|write|set|select|choose|pick|insert|change)\s", re.IGNORECASE
)


def _split(c: _Clause, korean: bool) -> list[_Clause]:
    if not korean:
        return _split_en_joins(c, korean=False)
    text, pieces, pos = c.text, [], 0
    joins = [(m.start(), m.end(), m.group(0)) for m in _KO_JOIN.finditer(text)]
    joins = sorted(joins + [j for j in _serial_joins(text) if all(not (a <= j[0] < b) for a, b, _ in joins)])
    serial = {j[0] for j in joins if j not in [(m.start(), m.end(), m.group(0)) for m in _KO_JOIN.finditer(text)]}
    after_serial: set[int] = set()
    for start, end, said in joins:
        if said.lstrip().startswith("서") and re.match(r"(?:놓|내려\s*놓|떨어뜨|드롭)", text[end:]):
            continue  # "드래그해서 놓으세요": one movement, not two steps
        if start < pos:
            continue
        pieces.append(c.sub(pos, start))
        if start in serial or said.lstrip().startswith("서"):
            after_serial.add(len(pieces))
        pos = end
    pieces.append(c.sub(pos, len(text)))
    for i in after_serial:  # "이전 버튼을 눌러 앞 페이지로 가세요": the going may be what the press did
        if i < len(pieces) and re.search(
            r"(?:가|이동|이동하|넘어가)(?:세요|십시오|요|라|줘|주세요|\s*주세요)?\s*[.!?]*$", pieces[i].text
        ):
            pieces[i].maybe = True
    out = []
    for p in pieces:
        for q in _split_en_joins(p, korean=True):
            if q.text.strip():
                q.maybe = p.maybe
                out.append(q)
    return out


_AUXILIARY = re.compile(r"(?:주|줘|보|봐|두|둬|놓|놔|버리|버려|있|계|드리|드려|달|가|와|오)")


def _serial_joins(text: str) -> list[tuple[int, int, str]]:
    """Where a verb in its -아/-어 form runs into the next step ("이전 버튼을 눌러 앞 페이지로 가세요").

    Only a word that is a known verb in that form cuts ("눌러", "클릭해", "열어"), and not before an
    auxiliary verb ("눌러 주세요", "입력해 보세요"), so "영어 버튼" stays one phrase.
    """
    out = []
    for m in re.finditer(r"(?:^|(?<=\s))(\S*[해러려어아워켜꺼쳐춰둬겨져라])\s+(?=\S)", text):
        word, rest = m.group(1), text[m.end() :]
        if _AUXILIARY.match(rest) or not _KO_VERB_FORM.search(word) or not re.search(r"[가-힣]\S*\s*[.!?]*$", rest):
            continue
        if re.search(r"(?:업로드|첨부|올려|올리)\S*\s*[.!?]*$", rest):
            continue  # "'파일 선택' 버튼을 눌러 'a.png'를 업로드하세요": the button is where the file goes
        out.append((m.end(1), m.end(), m.group(0)[len(word) :]))
    return out


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
            left_part = text[start : m.start()].rstrip()
            object_before = re.search(r"(?:을|를|에|에서|으로|로)$", left_part) is not None
            pair = rf"^\s*\S[^{_Q0}]*?(?:에|에는|란에|은|는)\s+\S"  # "아이디에 kim, 비밀번호에 1234를 입력": parallel pairs
            if joiner == "" and re.match(pair, left_part) and re.match(pair, right) and not re.search(
                    r"로그\s*인\S*(?:\s+\S+)?$", right):  # fmt: skip
                object_before = True
            if joiner.startswith(("그", "이어")) or (joiner == "" and object_before):
                spans.append((start, m.start(), borrow))
                start, borrow, prefix = m.end(), None, None
            continue
        word = re.match(r"\S+", right)
        left_word = re.search(r"(\S+)\s*$", text[start : m.start()])
        verb_next = bool(_EN_VERB.match(_EN_FILLER.sub("", right)))
        if joiner == "and" and re.fullmatch(r"(?:\w+\s+)?(?:go\s+ahead|go|come|try|be\s+sure)", text[start : m.start()].strip(),
                                            re.IGNORECASE):  # fmt: skip
            continue  # "now go ahead and click …": a filler, not a step
        if joiner == "and" and re.search(r"\b(?:drag|press|click|tap|point)$", text[start : m.start()], re.IGNORECASE) and re.match(
                r"(?:drop|hold|click)\b", right, re.IGNORECASE):  # fmt: skip
            continue  # "drag and drop", "press and hold": one verb
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
        if any(w in joiner for w in ("then", "after", "finally", "also", "lastly", "afterwards")):
            verb_next = True
        elif joiner == "" and borrow is None and not _EN_VERB.match(_EN_FILLER.sub("", text[start : m.start()])):
            verb_next = False  # "In the Country dropdown, select Canada": the part before the comma is no step
        label_list = (
            not verb_next
            and joiner in ("and", "")
            and (pick := _PICK_VERB.match(text, start)) is not None
            and _LABEL.fullmatch(text[pick.end() if borrow is None else start : m.start()].strip())
            and _LABEL.fullmatch(re.split(r",|\band\b|\bthen\b", right, maxsplit=1, flags=re.IGNORECASE)[0].strip())
        )
        if (
            verb_next
            and joiner in ("and", "")
            and (fill := _SET_VERB.match(text, start))
            and re.match(rf"(?:the\s+)?[\w-]+(?:\s+[\w-]+)?\s+to\s+(?:{_Q0}|\d|\$)", right, re.IGNORECASE)
        ):  # "Set departure to 2024-06-01 and return to 2024-06-08": "return" is a field here, not a verb
            spans.append((start, m.start(), borrow))
            if borrow is None:
                a0 = c.orig(fill.start())
                prefix = (a0, a0 + len(fill.group(0).rstrip()))
            start, borrow = m.end(), prefix
        elif verb_next:
            spans.append((start, m.start(), borrow))
            start, borrow, prefix = m.end(), None, None
        elif label_list:  # "Select Black and White": two labels, one verb (a click keeps "Save and Close" whole)
            spans.append((start, m.start(), borrow))
            if borrow is None:
                a0 = c.orig(pick.start())  # type: ignore[union-attr]
                prefix = (a0, a0 + len(pick.group(0).rstrip()))  # type: ignore[union-attr]
            start, borrow = m.end(), prefix
        elif joiner in ("and", "") and not right.startswith(_Q0) and (borrow is not None or (
                fill := _FILL_VERB.match(text, start))) and re.search(r"\s(?:with|as|in|into|to|from)\s", re.split(
                    r",|\band\b|\bthen\b", right, maxsplit=1, flags=re.IGNORECASE)[0], re.IGNORECASE):  # fmt: skip
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
                skip = len(left) - len(
                    _EN_FILLER.sub("", left)
                )  # "Please enter 'John' in …": borrow "enter", not "Please"
                a0, b0 = c.orig(start + (skip if skip < cut else 0)), c.orig(start + cut)
                while b0 > a0 and c.src[b0 - 1].isspace():
                    b0 -= 1
                prefix = (a0, b0)
            spans.append((start, m.start(), borrow))
            start, borrow = m.end(), prefix
    spans.append((start, len(text), borrow))
    out = []
    verb_end = (
        re.search(r"\S+(?:\s+(?:주세요|주십시오|줘|줘요|주시겠어요|주실래요|바랍니다))?$", text) if korean else None
    )
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
    r"^(?:(?:그리고\s*나서|그러고\s*나서|그리고|먼저|우선|처음에|다음으로|그\s*다음에?|그런\s*다음에?|그런\s*후에?|그\s*후에?|"
    r"그\s*뒤에?|마지막으로|끝으로|최종적으로|이어서|이제|또한|또|다음에|첫째로?|둘째로?|셋째로?)\s*,?\s+)+"
)


def _reads_korean(text: str) -> bool:
    """Korean grammar reads a clause with Hangul outside quotes unless it starts with an English verb ("Click the
    로그인 button"); a Latin word that is no verb is a label ("Login 버튼을 누르세요")."""
    if not _has_hangul(text.replace(_Q1, "")):
        return False
    head = _EN_FILLER.sub("", text)
    return not re.match(r"^\s*[A-Za-z]", head) or (
        not _EN_VERB.match(head) and not re.match(r"(?:if|when)\b", head, re.IGNORECASE)
    )


def _compile_clause(c: _Clause) -> list[Action]:
    text = c.text
    last = re.search(r"(\S+)\s*[.!?]*\s*$", text.replace(_Q1, ""))
    if not _reads_korean(text) and last is not None and _has_hangul(last.group(1)):
        with contextlib.suppress(_NoMatch):
            return _ko(c)  # "search box에 'shoes'를 입력하세요": a Korean verb ends it, whatever the first word
    if _reads_korean(text):
        filler = _KO_FILLER.match(text)
        if filler and not c.borrowed:
            return _ko(c.sub(filler.end(), len(text)))
        return _ko(c)
    lead = len(text) - len(_EN_FILLER.sub("", text))
    tail = _EN_TAIL.search(text)
    end = tail.start() if tail and tail.start() > lead else len(text)
    if (p := _PURPOSE.match(text, lead, end)) is not None and _EN_VERB.match(p.group("why")):
        end = p.start("to")  # "Press Escape to close the dialog": the purpose is no part of the step
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
    if c.maybe and isinstance(action, Click) and not c.optional:
        upd.update(optional=True, condition=action.target)
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
    if action.expect is None and (implied := _implied(action)) is not None:
        upd["expect"] = implied
    if isinstance(action, Click):
        words = f"{action.target.query or ''} {src}"
        if _SENSITIVE.search(words):
            upd["sensitive"] = True
    return action.model_copy(update=upd)


_ASSERT_EFFECT: dict[str, EffectKind] = {
    "text_visible": "text_appeared", "text_absent": "text_gone", "url_matches": "url_matches", "checked": "checked",
    "unchecked": "unchecked", "value": "value_set", "visible": "element_appeared", "hidden": "element_gone",
    "selected": "selected",
}  # fmt: skip


def _implied(action: Action) -> Effect | None:
    """The effect an action implies when its rule declared none (an assertion's fact; what a wait waits for)."""
    if isinstance(action, Assert) and action.what in _ASSERT_EFFECT:
        return Effect(what=_ASSERT_EFFECT[action.what], target=action.target, value=action.text)
    if isinstance(action, WaitFor):
        if action.text is not None:
            return Effect(what="text_gone" if action.gone else "text_appeared", value=action.text)
        if action.element is not None:
            return Effect(what="element_gone" if action.gone else "element_appeared", target=action.element)
        if action.url is not None:
            return Effect(what="url_matches", value=action.url)
    if isinstance(action, Select):
        return Effect(what="selected", target=action.target, value=action.option)
    if isinstance(action, Navigate) and action.url is not None:
        return Effect(what="url_matches", value=action.url)
    if isinstance(action, Navigate) and action.history in ("back", "forward"):
        return Effect(what="url_changed")
    return None


def _antecedent(actions: list[Action]) -> Target | None:
    if not actions:
        return None
    last = actions[-1]
    got = getattr(last, "target", None) or getattr(last, "element", None)
    return got if isinstance(got, Target) else None


def _bare_key(c: _Clause) -> list[Action]:
    """A step that is only a key ("엔터", "Escape"): press it."""
    said = re.sub(r"\s*(?:을|를)?\s*[.!]*$", "", c.text.strip())
    if _has_hangul(said) and (keys := _key(said, bare_ok=True)) is not None:
        return [Press(keys=keys)]
    return []


def _borrow_verb(c: _Clause, prev: Action | None) -> list[Action]:
    """A verbless clause after a click or a key press repeats that verb: "Click Next, then Finish", "press Tab then Enter".

    Only a label (capitalised or quoted, maybe with "again") borrows a click, so an unknown verb still fails.
    """
    lead = re.match(r"\s*(?:(?:then|and|also|now)\s+)*", c.text)
    start = lead.end() if lead else 0
    text = _EN_TAIL.sub("", c.text[start:]).strip()
    if isinstance(prev, Press) and (keys := _key(text, bare_ok=True)) is not None:
        return [Press(keys=keys)]
    label = re.fullmatch(
        rf"(?P<t>(?:{_Q0}{_Q1}*|[A-Z0-9][^\s{_Q0}]*)(?:\s+[A-Z0-9][^\s{_Q0}]*){{0,3}})(?:\s+(?:again|once\s+more))?",
        text,
    )
    if isinstance(prev, Click) and label is not None and not _has_hangul(text):
        q = c.value(start, start + label.end("t"))
        if label.group("t").lower() == "it" or not q:
            raise _NoMatch
        return [Click(target=_target(q), button=prev.button, count=prev.count)]
    raise _NoMatch


_FIELDISH = re.compile(
    r"\b(?:field|box|input|textbox|text\s*area|search\s*bar|editor)$|입력란|입력창|칸$|검색창", re.IGNORECASE
)


def _on_condition(action: Action, condition: Target | None) -> bool:
    """Whether a later step of a conditional sentence still depends on its condition.

    It does when it acts on the condition ("close it", "the banner's Accept button") or on nothing in
    particular (a key, a wait); a step with a target of its own ("then download the invoice") does not.
    """
    own = getattr(action, "target", None) or getattr(action, "element", None)
    if own is None or isinstance(action, Press):
        return True
    if not isinstance(own, Target) or condition is None or condition.query is None or own.query is None:
        return own is condition
    words = [w for w in re.findall(r"\w+", condition.query.lower()) if w not in ("the", "a", "an")]
    return own is condition or all(w in own.query.lower() for w in words)


_SAME = re.compile(
    r"^(?:the\s+)?same\s+(?P<en>\w+(?:\s+\w+)?)(?:\s+again)?$|^(?:같은|동일한|똑같은)\s*(?P<ko>\S+)$", re.IGNORECASE
)


def _same_value(action: Action, before: list[Action]) -> Action:
    """ "Type the same password into Confirm password": the value typed before into a field of that name."""
    if not isinstance(action, TypeText) or (m := _SAME.match(action.text.strip())) is None:
        return action
    name = (m.group("en") or m.group("ko")).lower()
    for prev in reversed(before):
        if isinstance(prev, TypeText) and prev.target is not None and name in (prev.target.query or "").lower():
            expect = action.expect.model_copy(update={"value": prev.text}) if action.expect is not None else None
            return action.model_copy(update={"text": prev.text, "normalized": prev.normalized, "expect": expect})
    raise ValueError(f"no {name!r} was typed before to repeat")


_CONFIRM = re.compile(r"(?:the\s+)?confirm(?:\s+(?:the\s+)?(?:deletion|removal|delete|it|this|that))?(?:\s+button)?",
                      re.IGNORECASE)  # fmt: skip


def _confirm_in_dialog(got: list[Action], prev: Action | None) -> list[Action]:
    """ "Delete Bob, then confirm": the dialog the delete opened asks again; its button says Delete too."""
    if len(got) != 1 or not isinstance(got[0], Click) or not isinstance(prev, Click):
        return got
    said = got[0].target.query or ""
    verb = re.match(
        r"(?:the\s+)?(delete|remove|archive|deactivate|unsubscribe|discard)\b", prev.target.query or "", re.IGNORECASE
    )
    if verb is None or not _CONFIRM.fullmatch(said):
        return got
    return [
        got[0].model_copy(update={"target": Target(query=f"the {verb.group(1).capitalize()} button in the dialog")})
    ]


def _focused_field(got: list[Action], prev: Action | None) -> list[Action]:
    """Typing with no field right after clearing or clicking one types into it ("Clear the email field and type 'x'")."""
    field = (prev.target if isinstance(prev, TypeText) and prev.text == "" else
             prev.target if isinstance(prev, Click) and _FIELDISH.search(prev.target.query or "") else None)  # fmt: skip
    if got and isinstance(got[0], TypeText) and got[0].target is None and field is not None:
        target = field
        expect = got[0].expect.model_copy(update={"target": target}) if got[0].expect is not None else None
        return [got[0].model_copy(update={"target": target, "expect": expect}), *got[1:]]
    return got


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
            for k, clause in enumerate(_sentence_clauses(text, masked, quotes, sa, sb)):
                clause.antecedent = _antecedent(actions)
                try:
                    try:
                        got = _compile_clause(clause)
                    except _NoMatch:
                        got = _bare_key(clause) or _borrow_verb(clause, actions[-1] if actions else None)
                except (_NoMatch, ValueError) as exc:
                    reason = str(exc) if isinstance(exc, ValueError) and str(exc) else (
                        "no step I can read here: expected a verb (click, type, select, check, press, go to, scroll, "
                        "wait, make sure…; 입력, 누르, 선택, 체크, 열, 스크롤, 기다리, 확인…) with its target and value")  # fmt: skip
                    phrase = text[clause.start : clause.end]
                    raise CompileError(text, clause.start, clause.end, reason, suggestion=_suggest(phrase)) from None
                got = _focused_field(got, actions[-1] if actions else None)
                got = _confirm_in_dialog(got, actions[-1] if actions else None)
                try:
                    got = [_same_value(a, actions) for a in got]
                except ValueError as exc:
                    raise CompileError(
                        text, clause.start, clause.end, str(exc), suggestion=_suggest(text[clause.start : clause.end])
                    ) from None
                if k > 0 and clause.optional and not all(_on_condition(a, clause.condition) for a in got):
                    clause.optional, clause.condition = False, None  # "…, accept it, then download the invoice"
                if k > 0 and len(got) == 1 and isinstance(got[0], Done) and isinstance(actions[-1], Click):
                    with contextlib.suppress(_NoMatch):
                        got = _borrow_verb(clause, actions[-1])  # "Click Next, then Finish": the Finish button
                actions.extend(_finish(a, clause) for a in got)
    if not actions:
        raise CompileError(text, 0, len(text), "no steps found")
    return actions
