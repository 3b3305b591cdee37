"""The English grammar of :mod:`agent.compile`: one pattern per way of saying a step, tried in order."""

from __future__ import annotations

import re
from collections.abc import Callable

from agent._datetimes import normalize_datetime
from agent._grammar import (
    _ARTICLE,
    _CHECKISH,
    _DROPDOWNISH,
    _Q0,
    _Q1,
    _SLIDERISH,
    _STRICT_CHECKISH,
    _URLISH,
    QV,
    T,
    V,
    _Clause,
    _g,
    _has,
    _is_quoted,
    _key,
    _NoMatch,
    _Rule,
    _target,
    _tgt,
    _type,
)
from agent.actions import (
    Action,
    Assert,
    Check,
    Click,
    Done,
    Download,
    Drag,
    Effect,
    EffectKind,
    Extract,
    Fail,
    Hover,
    Navigate,
    Press,
    Scroll,
    Select,
    Target,
    Upload,
    WaitFor,
)

# -- English: rules tried in order; a rule that raises _NoMatch hands over to the next
_EN: list[_Rule] = []


def _en(pattern: str) -> Callable[[Callable[[_Clause, re.Match[str]], list[Action]]], Callable[..., list[Action]]]:
    def add(fn: Callable[[_Clause, re.Match[str]], list[Action]]) -> Callable[..., list[Action]]:
        _EN.append((re.compile(pattern + r"\s*$", re.IGNORECASE), fn))
        return fn

    return add


@_en(r"^(?:go|navigate|head|move)\s+(?P<h>back|forward)(?:\s+(?:a\s+page|one\s+page|in\s+history))?")
def _history(c: _Clause, m: re.Match[str]) -> list[Action]:
    return [
        Navigate(history="back" if m.group("h").lower() == "back" else "forward", expect=Effect(what="url_changed"))
    ]


@_en(r"^(?:reload|refresh)(?:\s+(?:the|this)\s+page)?")
def _reload(c: _Clause, m: re.Match[str]) -> list[Action]:
    return [Navigate(history="reload")]


@_en(rf"^(?:go\s+to|navigate\s+to|open(?:\s+up)?|visit|load|browse\s+to|head\s+to|point\s+the\s+browser\s+to)\s+"
     rf"(?:the\s+)?(?:url|page|site|website|address|link)?\s*(?P<u>{_Q0}{_Q1}*|\S+)"
     r"(?:\s+in\s+(?:the|a|this|new)\s+(?:new\s+)?(?:browser|tab|window))?")  # fmt: skip
def _navigate(c: _Clause, m: re.Match[str]) -> list[Action]:
    url = _g(c, m, "u").rstrip(".,")
    if not _URLISH.match(url) and not url.startswith("/"):
        raise _NoMatch
    if not re.match(r"^(?:[a-z]+://|about:|data:|file:)", url, re.IGNORECASE) and not url.startswith("/"):
        url = ("http://" if url.startswith(("localhost", "127.")) else "https://") + url
    return [Navigate(url=url, expect=Effect(what="url_matches", value=url))]


@_en(r"^wait(?:\s+for)?\s+(?P<n>\d+(?:\.\d+)?)\s*(?P<u>ms|milliseconds?|s|secs?|seconds?|minutes?|mins?)")
def _pause(c: _Clause, m: re.Match[str]) -> list[Action]:
    n, u = float(m.group("n")), m.group("u").lower()
    seconds = (
        n / 1000
        if u.startswith("m") and u not in ("minute", "minutes", "min", "mins")
        else n * (60 if u.startswith("min") else 1)
    )
    return [WaitFor(seconds=seconds)]


@_en(r"^wait\s+(?:until|till|for)\s+(?:the\s+)?(?:page\s+)?(?:url|address|location)\s+(?:to\s+)?"
     r"(?:contains?|includes?|matche?s?|ends?\s+with|becomes?|is|to\s+be|changes\s+to)\s+(?P<u>.+)")  # fmt: skip
def _wait_url(c: _Clause, m: re.Match[str]) -> list[Action]:
    return [WaitFor(url=_g(c, m, "u"), expect=Effect(what="url_matches", value=_g(c, m, "u")))]


_GONE = r"(?:disappears?|goes\s+away|is\s+gone|vanish(?:es)?|is\s+hidden|is\s+no\s+longer\s+(?:shown|visible)|closes)"
_SHOWN = (r"(?:appears?|is\s+shown|shows\s+up|is\s+displayed|displays|becomes\s+visible|is\s+visible|loads?|"
          r"is\s+loaded|pops\s+up|comes\s+up|is\s+there|exists)")  # fmt: skip


@_en(
    rf"^wait\s+(?:until|till|for)\s+(?:the\s+text\s+)?(?P<x>.+?)\s+(?:to\s+)?(?P<s>{_SHOWN}|{_GONE}|appear|disappear|go\s+away|show\s+up|be\s+shown|be\s+visible|load)"
)
def _wait_until(c: _Clause, m: re.Match[str]) -> list[Action]:
    gone = bool(re.match(rf"{_GONE}|disappear|go\s+away", m.group("s"), re.IGNORECASE))
    what: EffectKind = "text_gone" if gone else "text_appeared"
    if _is_quoted(c, m, "x"):
        text = _g(c, m, "x")
        return [WaitFor(text=text, gone=gone, expect=Effect(what=what, value=text))]
    target = _tgt(c, m, "x")
    return [WaitFor(element=target, gone=gone,
                    expect=Effect(what="element_gone" if gone else "element_appeared", target=target))]  # fmt: skip


@_en(r"^(?P<w>wait)\s+(?:up\s+to|at\s+most|for\s+up\s+to|no\s+more\s+than|for\s+at\s+most)\s+(?P<n>\d+(?:\.\d+)?)\s*"
     r"(?P<u>s|secs?|seconds?|minutes?|mins?)\s+(?P<rest>(?:for|until|till)\s+.+)")  # fmt: skip
def _wait_bounded(c: _Clause, m: re.Match[str]) -> list[Action]:
    n = float(m.group("n")) * (60 if m.group("u").lower().startswith("m") else 1)
    inner = _Clause(c.src, c.masked, [(c.orig(m.start("w")), c.orig(m.end("w"))), (c.orig(m.start("rest")), c.end)],
                    c.quotes, c.condition, c.optional, antecedent=c.antecedent, borrowed=len(m.group("w")) + 1)  # fmt: skip
    for pattern, build in _EN:
        if build is not _wait_bounded and (mm := pattern.match(inner.text)):
            try:
                return [a.model_copy(update={"seconds": n}) for a in build(inner, mm)]
            except _NoMatch:
                continue
    raise _NoMatch


@_en(
    r"^(?P<verb>delete|remove|edit|rename|archive|duplicate)\s+(?P<t>(?:the|this|that|a|an|my)\s+.+|.+?\s+(?:row|item|entry|line|record))"
)
def _row_action(c: _Clause, m: re.Match[str]) -> list[Action]:
    verb = m.group("verb").capitalize()  # "Delete the second row" → the Delete button in the second row
    return [Click(target=_target(f"the {verb} button in {_g(c, m, 't')}"))]


@_en(r"^wait\s+(?:for|until)\s+(?:the\s+text\s+)?(?P<x>.+)")
def _wait_for(c: _Clause, m: re.Match[str]) -> list[Action]:
    if _is_quoted(c, m, "x"):
        return [WaitFor(text=_g(c, m, "x"), expect=Effect(what="text_appeared", value=_g(c, m, "x")))]
    target = _tgt(c, m, "x")
    return [WaitFor(element=target, expect=Effect(what="element_appeared", target=target))]


@_en(r"^wait(?:\s+a\s+(?:moment|second|bit))?")
def _wait_bit(c: _Clause, m: re.Match[str]) -> list[Action]:
    return [WaitFor(seconds=1.0)]


_ASSERT_VERB = r"(?:make\s+sure|ensure|verify|check|confirm|assert|validate|see\s+if|expect)(?:\s+that)?"


def _assertion(c: _Clause, body_start: int, body_end: int) -> list[Action] | None:
    """Read 'the URL contains /done', "'Saved' is shown", 'the box is checked' … inside ``c.text[a:b]``."""
    body = c.text[body_start:body_end]
    sub = _Clause(c.src, c.masked, [(c.orig(body_start), c.orig(body_end))], c.quotes, c.condition,
                  antecedent=c.antecedent)  # fmt: skip
    for pattern, build in _ASSERTS:
        if m := pattern.match(body):
            return build(sub, m)
    return None


_ASSERTS: list[_Rule] = []


def _as(pattern: str) -> Callable[[Callable[[_Clause, re.Match[str]], list[Action]]], Callable[..., list[Action]]]:
    def add(fn: Callable[[_Clause, re.Match[str]], list[Action]]) -> Callable[..., list[Action]]:
        _ASSERTS.append((re.compile(pattern + r"\s*$", re.IGNORECASE), fn))
        return fn

    return add


_SHOULD = r"(?:is|are|should\s+be|must\s+be|has\s+been|have\s+been|gets|got)?\s*(?:now\s+)?"


@_as(r"^(?:the\s+)?(?:page\s+|current\s+)?(?:url|address|location)\s+(?:now\s+)?(?:should\s+|must\s+)?"
     r"(?:contains?|includes?|has|matche?s?|ends?\s+with|starts?\s+with|is|be|equals|reads)\s+(?P<u>.+)")  # fmt: skip
def _a_url(c: _Clause, m: re.Match[str]) -> list[Action]:
    return [Assert(what="url_matches", text=_g(c, m, "u"))]


@_as(
    r"^(?:the\s+)?(?:page\s+|tab\s+)?title\s+(?:should\s+|must\s+)?(?:is|be|contains?|includes?|reads|says|matches)\s+(?P<x>.+)"
)
def _a_title(c: _Clause, m: re.Match[str]) -> list[Action]:
    return [Assert(what="title_matches", text=_g(c, m, "x"))]


@_as(r"^(?:the\s+)?(?:page|screen|site|result|results)\s+(?:should\s+|now\s+)?(?:shows?|displays?|contains?|says|reads|"
     r"includes?|lists?|has)\s+(?:the\s+text\s+)?(?P<x>.+)")  # fmt: skip
def _a_page_shows(c: _Clause, m: re.Match[str]) -> list[Action]:
    return [Assert(what="text_visible", text=_g(c, m, "x"))]


@_as(rf"^(?:the\s+)?(?P<t>.+?)\s+{_SHOULD}(?P<s>not\s+checked|unchecked|unticked|unselected|not\s+selected|off|"
     r"checked|ticked|selected|on|enabled|disabled|greyed\s+out|grayed\s+out)")  # fmt: skip
def _a_state(c: _Clause, m: re.Match[str]) -> list[Action]:
    s = m.group("s").lower()
    what = ("unchecked" if s.startswith(("not", "un")) or s == "off" else
            "enabled" if s == "enabled" else "disabled" if s.startswith(("disabled", "grey", "gray")) else "checked")  # fmt: skip
    return [Assert(what=what, target=_tgt(c, m))]  # type: ignore[arg-type]


@_as(rf"^(?:the\s+)?(?P<t>.+?)\s+(?:should\s+)?(?:contains?|has\s+the\s+value|has|shows?|equals?|is\s+set\s+to|"
     rf"reads|says|value\s+is|is)\s+{QV}")  # fmt: skip
def _a_value(c: _Clause, m: re.Match[str]) -> list[Action]:
    if _is_quoted(c, m, "t"):
        raise _NoMatch
    return [Assert(what="value", target=_tgt(c, m), text=_g(c, m, "v"))]


@_as(
    r"^(?:the\s+)?(?P<t>.+?)\s+(?:should\s+|now\s+)?(?:shows?|displays?|says|reads|lists?|contains?|includes?)\s+(?P<x>.+)"
)
def _a_shows(c: _Clause, m: re.Match[str]) -> list[Action]:
    return [Assert(what="text_visible", text=_g(c, m, "x"), target=_tgt(c, m))]


@_as(rf"^(?:the\s+)?(?:text\s+|message\s+)?(?P<x>.+?)\s+{_SHOULD}(?:not\s+(?:shown|visible|displayed|present|there)|"
     r"gone|hidden|absent|no\s+longer\s+(?:shown|visible)|(?:does\s+not|doesn't)\s+(?:appear|show))")  # fmt: skip
def _a_absent(c: _Clause, m: re.Match[str]) -> list[Action]:
    if _is_quoted(c, m, "x"):
        return [Assert(what="text_absent", text=_g(c, m, "x"))]
    return [Assert(what="hidden", target=_tgt(c, m, "x"))]


@_as(rf"^(?:there\s+is\s+(?:a\s+|an\s+)?|i\s+see\s+|you\s+see\s+|we\s+see\s+)?(?:the\s+)?(?:text\s+|message\s+)?(?P<x>.+?)"
     rf"(?:\s+{_SHOULD}(?:shown|visible|displayed|present|there|on\s+(?:the\s+)?(?:page|screen)|appears?|shows\s+up|"
     r"exists|appear|show\s+up|loaded|displays))?")  # fmt: skip
def _a_visible(c: _Clause, m: re.Match[str]) -> list[Action]:
    if _is_quoted(c, m, "x"):
        return [Assert(what="text_visible", text=_g(c, m, "x"))]
    if _ARTICLE.sub("", m.group("x")) == _ARTICLE.sub("", m.string.strip()) and not re.match(
        r"there|i\s|you|we", m.string, re.IGNORECASE
    ):
        raise _NoMatch  # "check the box": no assertion words, an unquoted phrase: not an assertion
    return [Assert(what="visible", target=_tgt(c, m, "x"))]


@_en(rf"^{_ASSERT_VERB}\s+(?P<b>.+)")
def _assert(c: _Clause, m: re.Match[str]) -> list[Action]:
    body = m.group("b")
    if re.match(r"check\b(?!\s+(?:that|whether|if)\b)", m.group(0), re.IGNORECASE) and not re.search(
            r"\b(?:is|are|should|must|contains?|includes?|has|shows?|displays?|matches|reads|says|equals)\b", body, re.IGNORECASE):  # fmt: skip
        raise _NoMatch  # "check the box" is the check verb, not an assertion
    got = _assertion(c, m.start("b"), m.end("b"))
    if got is None:
        raise _NoMatch
    return got


@_en(r"^(?P<b>(?:the\s+)?(?:page\s+)?(?:url|address|title)\s+.+|.+?\s+should\s+.+)")
def _statement(c: _Clause, m: re.Match[str]) -> list[Action]:
    got = _assertion(c, m.start("b"), m.end("b"))
    if got is None:
        raise _NoMatch
    return got


@_en(
    r"^(?:press|hit|push|tap|type|strike)\s+(?P<k>.+?)(?:\s+(?:key\s+)?(?P<n>once|twice|thrice|\d+\s*times))?"
    r"(?:\s+(?:in|on|inside|into)\s+(?P<t>.+))?"
)
def _press(c: _Clause, m: re.Match[str]) -> list[Action]:
    keys = _key(_g(c, m, "k"), bare_ok=False)
    if keys is None:
        raise _NoMatch
    n = (m.group("n") or "once").lower()
    repeat = {"once": 1, "twice": 2, "thrice": 3}.get(n) or int(re.sub(r"\D", "", n) or 1)
    return [Press(keys=keys * repeat, target=_tgt(c, m) if _has(m, "t") else None)]


@_en(rf"^(?:search|look)\s+(?:for\s+|up\s+)?{V}(?:\s+(?:in|on|using|with|via)\s+{T})?")
def _search(c: _Clause, m: re.Match[str]) -> list[Action]:
    target = _tgt(c, m) if _has(m, "t") else Target(query="the search box")
    text = _g(c, m, "v")
    return [_type(c, target, text), Press(keys=["Enter"], target=target)]


@_en(rf"^(?:type|enter|input|write|put|insert|key\s+in|fill\s+in|paste|provide|use|give)\s+{V}\s+"
     rf"(?:in|into|inside|in\s+to|on|onto|to|for|as|at|under|within)\s+{T}")  # fmt: skip
def _type_into(c: _Clause, m: re.Match[str]) -> list[Action]:
    if re.fullmatch(r"(?:the\s+)?(?:\w+\s+)?(?:field|box|input|textbox|text\s+box|area)", m.group("v"), re.IGNORECASE):
        raise _NoMatch
    return [_type(c, _tgt(c, m), _g(c, m, "v"))]


@_en(rf"^(?:fill(?:\s+in|\s+out)?|complete|populate|set|change|update|enter|type|input|put)\s+{T}\s*"
     rf"(?:\s(?:with|to|as|=)\s|:|=)\s*{V}")  # fmt: skip
def _fill_with(c: _Clause, m: re.Match[str]) -> list[Action]:
    target, text = _tgt(c, m), _g(c, m, "v")
    q = target.query or ""
    if _SLIDERISH.search(q) and re.fullmatch(r"-?\d+(?:\.\d+)?%?", text):
        return [
            Drag(
                target=target, value=float(text.rstrip("%")), expect=Effect(what="value_set", target=target, value=text)
            )
        ]
    if _DROPDOWNISH.search(q) and not re.search(r"\b(?:field|box|input)\b", q, re.IGNORECASE):
        return [Select(target=target, option=text, expect=Effect(what="selected", target=target, value=text))]
    return [_type(c, target, text)]


@_en(rf"^(?:type|enter|input|fill\s+in|key\s+in|provide|write)\s+(?:the\s+|your\s+|a\s+)?{T}\s+{QV}")
def _type_named(c: _Clause, m: re.Match[str]) -> list[Action]:
    return [_type(c, _tgt(c, m), _g(c, m, "v"))]


@_en(rf"^(?:type|enter|input|key\s+in|provide)\s+(?:the\s+|your\s+|a\s+)?{T}\s+(?P<v>[^\s{_Q0}]*\d[^\s{_Q0}]*)")
def _type_code(c: _Clause, m: re.Match[str]) -> list[Action]:
    return [_type(c, _tgt(c, m), _g(c, m, "v"))]  # "Enter the code 482910"


@_en(rf"^(?:type|enter|input|write|key\s+in)\s+{V}")
def _type_focused(c: _Clause, m: re.Match[str]) -> list[Action]:
    return [_type(c, None, _g(c, m, "v"))]


@_en(rf"^(?:clear|empty|erase)\s+(?:out\s+)?{T}")
def _clear(c: _Clause, m: re.Match[str]) -> list[Action]:
    if _STRICT_CHECKISH.search(m.group("t")):
        target = _tgt(c, m)
        return [Check(target=target, checked=False, expect=Effect(what="unchecked", target=target))]
    return [_type(c, _tgt(c, m), "")]


@_en(rf"^(?:select|choose|pick|add)\s+(?:the\s+)?files?\s+{V}(?:\s+(?:for|in|into|to|on|as)\s+{T})?")
def _choose_file(c: _Clause, m: re.Match[str]) -> list[Action]:
    return _upload(c, m)


@_en(
    rf"^(?:select|choose|pick)\s+(?:the\s+)?(?:option\s+|value\s+|item\s+)?{V}\s+(?:from|in|on|under|within|for|as)\s+{T}"
)
def _select_from(c: _Clause, m: re.Match[str]) -> list[Action]:
    target, option = _tgt(c, m), _g(c, m, "v")
    if not _DROPDOWNISH.search(target.query or "") and not _is_quoted(c, m, "v") and _CHECKISH.search(m.group("v")):
        raise _NoMatch
    if not _DROPDOWNISH.search(target.query or "") and normalize_datetime(option) is not None:
        return [_type(c, target, option)]  # "Pick March 3, 2025 as the check-in date": a date field
    return [Select(target=target, option=option, expect=Effect(what="selected", target=target, value=option))]


@_en(rf"^(?:in|from|on)\s+{T}\s*,?\s+(?:select|choose|pick)\s+{V}")
def _select_in(c: _Clause, m: re.Match[str]) -> list[Action]:
    target, option = _tgt(c, m), _g(c, m, "v")
    return [Select(target=target, option=option, expect=Effect(what="selected", target=target, value=option))]


@_en(rf"^(?P<u>un)?(?:check|tick|mark|enable|turn\s+on|toggle\s+on|switch\s+on|select|choose|pick)(?:\s+on)?\s+{T}")
def _check(c: _Clause, m: re.Match[str]) -> list[Action]:
    verb = m.group(0).split()[0].lower()
    if verb in ("select", "choose", "pick", "enable", "mark") and not _CHECKISH.search(m.group("t")):
        raise _NoMatch
    target = _tgt(c, m)
    on = not _has(m, "u")
    return [Check(target=target, checked=on, expect=Effect(what="checked" if on else "unchecked", target=target))]


@_en(rf"^(?:uncheck|untick|unmark|deselect|unselect|disable|turn\s+off|toggle\s+off|switch\s+off|clear)\s+{T}")
def _uncheck(c: _Clause, m: re.Match[str]) -> list[Action]:
    target = _tgt(c, m)
    return [Check(target=target, checked=False, expect=Effect(what="unchecked", target=target))]


@_en(r"^(?:agree\s+to|accept)\s+(?P<t>(?:the\s+)?(?:terms|conditions|privacy|policy|tos|eula|license).*)")
def _agree(c: _Clause, m: re.Match[str]) -> list[Action]:
    target = _tgt(c, m)
    return [Check(target=target, expect=Effect(what="checked", target=target))]


@_en(rf"^(?:double[- ]?click|dbl[- ]?click)(?:\s+on)?\s+{T}")
def _dblclick(c: _Clause, m: re.Match[str]) -> list[Action]:
    return [Click(target=_tgt(c, m), count=2)]


@_en(rf"^right[- ]?click(?:\s+on)?\s+{T}")
def _rclick(c: _Clause, m: re.Match[str]) -> list[Action]:
    return [Click(target=_tgt(c, m), button="right")]


@_en(
    rf"^(?:hover(?:\s+over|\s+on)?|mouse\s*over|mouseover|move\s+(?:the\s+)?(?:mouse|pointer|cursor)\s+(?:over|to|onto))\s+{T}"
)
def _hover(c: _Clause, m: re.Match[str]) -> list[Action]:
    return [Hover(target=_tgt(c, m))]


@_en(r"^scroll(?:\s+(?:the\s+)?(?P<t>(?!down\b|up\b|left\b|right\b|to\b|back\b|all\b|until\b|till\b)[^\s].*?))?(?:\s+(?P<d>down|up|left|right))?"
     r"(?:\s+(?:by\s+)?(?P<n>\d+|once|twice|thrice|a\s+(?:bit|little)|a\s+few\s+times|one|two|three)\s*(?:times?|pages?|screens?)?)?"
     r"(?:\s+(?:all\s+the\s+way\s+)?(?:to|until(?:\s+you\s+(?:see|reach))?|till|to\s+find|to\s+reach|to\s+see)\s+(?P<to>.+?))?"
     r"(?:\s+(?:is\s+)?(?:visible|appears|shows))?")  # fmt: skip
def _scroll(c: _Clause, m: re.Match[str]) -> list[Action]:
    d = (m.group("d") or "down").lower()
    word = (m.group("n") or "1").lower()
    words = {"once": 1.0, "twice": 2.0, "thrice": 3.0, "one": 1.0, "two": 2.0, "three": 3.0, "a few times": 3.0}
    times = float(word) if word.isdigit() else words.get(word, 0.5)
    to: Target | str | None = None
    if _has(m, "to"):
        raw = _g(c, m, "to")
        edge = re.fullmatch(
            r"(?:the\s+)?(?:very\s+)?(top|bottom|end|start|beginning)(?:\s+of\s+the\s+page)?", raw, re.IGNORECASE
        )
        if edge:
            to = "top" if edge.group(1).lower() in ("top", "start", "beginning") else "bottom"
            d = "up" if to == "top" else "down"
        else:
            to = _tgt(c, m, "to")
    target = _tgt(c, m) if _has(m, "t") else None
    return [Scroll(direction=d, times=times, to=to, target=target, expect=Effect(what="scrolled"))]  # type: ignore[arg-type]


@_en(rf"^(?:drag(?:\s+and\s+drop)?|move|slide|set)\s+{T}\s+(?:to|onto|into|on\s+to|over\s+to|over|on)\s+(?P<to>.+?)")
def _drag(c: _Clause, m: re.Match[str]) -> list[Action]:
    to = _g(c, m, "to")
    target = _tgt(c, m)
    if num := re.fullmatch(r"(-?\d+(?:\.\d+)?)\s*%?", to):
        return [
            Drag(target=target, value=float(num.group(1)), expect=Effect(what="value_set", target=target, value=to))
        ]
    if m.group(0).split()[0].lower() == "set":
        raise _NoMatch
    return [Drag(target=target, to=_tgt(c, m, "to"))]


@_en(rf"^(?:upload|attach)\s+(?:the\s+)?(?:files?\s+)?{V}(?:\s+(?:to|in|into|using|via|with|on|as|for)\s+{T})?")
def _upload(c: _Clause, m: re.Match[str]) -> list[Action]:
    files = [f.strip().strip("'\"") for f in re.split(r"\s*,\s*|\s+and\s+", _g(c, m, "v")) if f.strip()]
    target = _tgt(c, m) if _has(m, "t") else None
    return [Upload(target=target, files=files, expect=Effect(what="file_uploaded", target=target, value=files[0]))]


@_en(rf"^(?:download|save|export)\s+{T}")
def _download(c: _Clause, m: re.Match[str]) -> list[Action]:
    target = _tgt(c, m)
    return [Download(target=target, expect=Effect(what="file_downloaded", target=target))]


@_en(r"^(?:extract|get|read|scrape|copy|collect|grab|pull|capture)\s+(?:out\s+)?(?P<t>.*?\btables?\b.*?|the\s+data)")
def _extract(c: _Clause, m: re.Match[str]) -> list[Action]:
    raw = _g(c, m, "t")
    bare = re.fullmatch(
        r"(?:all\s+)?(?:of\s+)?(?:the\s+)?(?:html\s+)?(?:tables?|data)(?:\s+on\s+the\s+page)?", raw, re.IGNORECASE
    )
    return [Extract(target=None if bare else _target(raw), expect=Effect(what="table_extracted"))]


@_en(rf"^(?:close|dismiss|hide)\s+{T}")
def _close(c: _Clause, m: re.Match[str]) -> list[Action]:
    target = _tgt(c, m)
    inner = _ARTICLE.sub("", target.query or target.describe())
    return [Click(target=Target(query=f"the close button of the {inner}"),
                  expect=Effect(what="element_gone", target=target))]  # fmt: skip


@_en(r"^(?:done|finish(?:ed)?|stop|end|that'?s\s+(?:it|all)|you'?re\s+done|we'?re\s+done)(?:\s+here)?")
def _done(c: _Clause, m: re.Match[str]) -> list[Action]:
    return [Done()]


@_en(rf"^(?:fail|abort|give\s+up)(?:\s+(?:with|saying)\s+(?:the\s+)?(?:message\s+)?{V})?")
def _fail(c: _Clause, m: re.Match[str]) -> list[Action]:
    return [Fail(message=_g(c, m, "v") if _has(m, "v") else "")]


@_en(rf"^(?:click|tap|press|hit|push|select|choose|pick|follow|open|activate|go\s+to|submit|trigger|use|toggle|expand|"
     rf"collapse|visit|navigate\s+to|switch\s+to|accept|confirm|reject|decline)(?:\s+(?:on|onto|at))?\s+{T}")  # fmt: skip
def _click(c: _Clause, m: re.Match[str]) -> list[Action]:
    verb = m.group(0).split()[0].lower()
    raw = m.group("t")
    if verb in ("accept", "reject", "decline", "confirm") and not _is_quoted(c, m, "t"):
        return [Click(target=_target(f"{m.group(0).split()[0]} {_ARTICLE.sub('', _g(c, m, 't'))}"))]
    if verb == "submit" and re.fullmatch(r"(?:the\s+)?(?:form|it|page)", raw, re.IGNORECASE):
        return [Click(target=Target(query="the submit button"), sensitive=True)]
    return [Click(target=_tgt(c, m))]


@_en(rf"^(?P<verb>log\s*in|sign\s*in)\s+(?:as\s+(?P<u>{_Q0}{_Q1}*|\S+)\s*)?(?:(?:with|using)\s+)?(?:(?:the\s+|my\s+)?"
     rf"(?P<uw>username|user\s*name|user|e-?mail|id|login)\s+(?P<u2>{_Q0}{_Q1}*|\S+)\s*)?(?:(?:,|and|with)\s+)?"
     rf"(?:(?:the\s+|my\s+)?(?:password|passcode|pin)\s+(?P<p>{_Q0}{_Q1}*|\S+))?")  # fmt: skip
def _login(c: _Clause, m: re.Match[str]) -> list[Action]:
    out: list[Action] = []
    user = "u" if _has(m, "u") else "u2" if _has(m, "u2") else None
    if user is None and not _has(m, "p"):
        raise _NoMatch
    if user is not None:
        word = (m.group("uw") or "username").lower()
        name = "email" if "mail" in word else "username"
        out.append(_type(c, Target(query=f"the {name} field"), _g(c, m, user)))
    if _has(m, "p"):
        out.append(_type(c, Target(query="the password field"), _g(c, m, "p")))
    out.append(Click(target=Target(query=m.group("verb"))))
    return out


@_en(r"^(?P<t>submit|log\s*in|sign\s*in|log\s*out|sign\s*out|sign\s*up|register|continue|proceed|next|save|"
     r"accept\s+(?:all\s+)?cookies|go)")  # fmt: skip
def _bare_button(c: _Clause, m: re.Match[str]) -> list[Action]:
    return [Click(target=_target(_g(c, m, "t")))]


@_en(r"^(?P<t>(?:log|sign)\s*(?:in|up|out|on)\b.+)")
def _named_button(c: _Clause, m: re.Match[str]) -> list[Action]:
    return [Click(target=_target(_g(c, m, "t")))]


_EN_FILLER = re.compile(r"^(?:(?:please|kindly|now|first(?:ly)?|next|then|finally|lastly|also|and|afterwards|after\s+that|"
                        r"just|then,|next,|first,|finally,|to\s+start,|once\s+done,|you\s+should|you\s+need\s+to|"
                        r"i\s+want\s+(?:you\s+)?to|try\s+to|go\s+ahead\s+and)\s*,?\s+)+", re.IGNORECASE)  # fmt: skip
_EN_TAIL = re.compile(r"(?:\s*,?\s+(?:please|now|for\s+me|as\s+well|too))+\s*[.!]*$|\s*[.!,]+$", re.IGNORECASE)
