"""The English grammar of :mod:`agent.compile`: one pattern per way of saying a step, tried in order."""

from __future__ import annotations

import itertools
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
    TypeText,
    Upload,
    WaitFor,
)

# -- English: rules tried in order; a rule that raises _NoMatch hands over to the next
_EN: list[_Rule] = []


def _en(
    pattern: str, *, first: bool = False
) -> Callable[[Callable[[_Clause, re.Match[str]], list[Action]]], Callable[..., list[Action]]]:
    def add(fn: Callable[[_Clause, re.Match[str]], list[Action]]) -> Callable[..., list[Action]]:
        rule = (re.compile(pattern + r"\s*$", re.IGNORECASE), fn)
        _EN.insert(0, rule) if first else _EN.append(rule)
        return fn

    return add


@_en(r"^(?:(?:go|navigate|head|move|step)\s+(?P<h>back|forward)|(?:go|navigate|head|return|move)\s+(?:back\s+)?to\s+(?:the\s+)?"
     r"(?P<p>previous|prior|last|next)\s+(?:page|screen)(?:\s+of\s+(?:the\s+)?results)?|(?P<b>back))(?:\s+(?:a\s+page|one\s+page|in\s+history|to\s+the\s+"
     r"(?:previous|prior|last)\s+(?:page|screen)))?(?:\s+(?P<n>once|twice|thrice|\d+\s+times|\d+\s+pages))?")  # fmt: skip
def _history(c: _Clause, m: re.Match[str]) -> list[Action]:
    word = (m.group("h") or m.group("p") or m.group("b")).lower()
    if word == "next":
        return [Click(target=Target(query="Next"))]  # "go to the next page": the pager's Next, not history
    history = "forward" if word == "forward" else "back"
    n = (m.group("n") or "once").lower()
    times = {"once": 1, "twice": 2, "thrice": 3}.get(n) or int(re.sub(r"\D", "", n) or 1)
    return [Navigate(history=history, expect=Effect(what="url_changed")) for _ in range(max(1, min(times, 10)))]  # type: ignore[arg-type]


@_en(r"^(?:reload|refresh)(?:\s+(?:the|this)\s+page)?")
def _reload(c: _Clause, m: re.Match[str]) -> list[Action]:
    return [Navigate(history="reload")]


@_en(rf"^(?:go\s+(?:over\s+)?to|navigate\s+to|open(?:\s+up)?|visit|load|browse\s+to|head\s+(?:over\s+)?to|jump\s+to|"
     rf"proceed\s+to|take\s+me\s+to|bring\s+up|pull\s+up|point\s+the\s+browser\s+(?:to|at))\s+"
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


def _text_of(c: _Clause, m: re.Match[str], name: str) -> str | None:
    """The text when the phrase is only a quoted text, maybe named so ("the 'Hello' message"); else None."""
    got = re.fullmatch(rf"(?:the\s+)?(?:text|message|words?)?\s*({_Q0}{_Q1}*)\s*(?:{_TEXT_NOUN})?", m.group(name).strip(),
                       re.IGNORECASE)  # fmt: skip
    if got is None:
        return None
    lead = len(m.group(name)) - len(m.group(name).lstrip())
    a = m.start(name) + lead + got.start(1)
    return c.value(a, a + len(got.group(1)))


_TEXT_NOUN = r"(?:text|message|notice|notification|toast|alert|label|caption|heading|title|banner|error|warning|prompt)"
_GONE = r"(?:disappears?|goes\s+away|is\s+gone|vanish(?:es)?|is\s+hidden|is\s+no\s+longer\s+(?:shown|visible)|closes)"
_SHOWN = (r"(?:appears?|is\s+shown|shows\s+up|is\s+displayed|displays|becomes\s+visible|is\s+visible|loads?|"
          r"is\s+loaded|pops\s+up|comes\s+up|is\s+there|exists)")  # fmt: skip


@_en(
    rf"^wait\s+(?:until|till|for)\s+(?:the\s+text\s+)?(?P<x>.+?)\s+(?:to\s+)?(?P<s>{_SHOWN}|{_GONE}|appear|disappear|go\s+away|show\s+up|be\s+shown|be\s+visible|load|"
    r"(?:is\s+)?(?:complete[ds]?|finishe[ds]|finish|done|over|ends?|ended))"
)
def _wait_until(c: _Clause, m: re.Match[str]) -> list[Action]:
    if re.fullmatch(
        r"(?:is\s+)?(?:complete[ds]?|finishe[ds]|finish|done|over|ends?|ended)", m.group("s"), re.IGNORECASE
    ):
        if not re.search(r"\b(?:loading|loader|spinner|progress|busy)\b", m.group("x"), re.IGNORECASE):
            raise ValueError("say what shows when it is done, e.g. \"wait until 'Upload complete' appears\"")
        target = _tgt(c, m, "x")  # "wait until loading is complete": the loading indicator goes away
        return [WaitFor(element=target, gone=True, expect=Effect(what="element_gone", target=target))]
    gone = bool(re.match(rf"{_GONE}|disappear|go\s+away", m.group("s"), re.IGNORECASE))
    what: EffectKind = "text_gone" if gone else "text_appeared"
    if re.fullmatch(r"(?:the\s+)?(?:page|site|screen|app)", m.group("x"), re.IGNORECASE) and re.match(
        r"loads?|is\s+loaded", m.group("s"), re.IGNORECASE
    ):
        return [WaitFor(seconds=1.0)]  # "until the page loads": every observation waits for the load already
    if (text := _text_of(c, m, "x")) is not None:
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


@_en(r"^(?P<verb>delete|remove|edit|rename|archive|duplicate|modify|update|view|open)\s+(?P<t>(?:the|this|that|a|an|my)\s+.+?|"
     r".+?\s+(?:row|item|entry|line|record)|[A-Z{_Q0}][^,]*?)(?:\s+from\s+(?:the\s+|my\s+|your\s+|this\s+)?(?P<from>"
     r"(?:list|table|team|cart|basket|bag|order|group|project|folder|account|page|inbox|members?)\b.*))?".replace("{_Q0}", _Q0))  # fmt: skip
def _row_action(c: _Clause, m: re.Match[str]) -> list[Action]:
    """A verb on a row or item: "Delete the second row" → the Delete button in the second row; "Remove Eve Kim" → …for Eve Kim."""
    verb = m.group("verb").lower()
    raw = m.group("t")
    if verb in ("update", "view", "open") and not re.search(r"\b(?:row|item|entry|line|record)$", raw, re.IGNORECASE):
        raise _NoMatch  # "open the menu", "update the address to …" are other steps
    if re.match(r"(?:the|this|that|a|an|my)\s+(?:\w+\s+)?(?:button|link|icon|key|field|box|tab|page|dialog|popup|menu)$", raw,
                re.IGNORECASE) or re.fullmatch(r"(?:it|them|this|that)", raw, re.IGNORECASE):  # fmt: skip
        raise _NoMatch  # "delete the Save button"? not a row action; "remove it" borrows nothing
    what = _g(c, m, "t")
    rel = "in" if re.search(r"\b(?:row|item|entry|line|record|card)$", what, re.IGNORECASE) else "for"
    return [Click(target=_target(f"the {verb.capitalize()} button {rel} {what}"))]


@_en(r"^wait\s+(?:for|until)\s+(?:the\s+text\s+)?(?P<x>.+)")
def _wait_for(c: _Clause, m: re.Match[str]) -> list[Action]:
    if (text := _text_of(c, m, "x")) is not None:
        return [WaitFor(text=text, expect=Effect(what="text_appeared", value=text))]
    target = _tgt(c, m, "x")
    return [WaitFor(element=target, expect=Effect(what="element_appeared", target=target))]


@_en(r"^wait(?:\s+a\s+(?:moment|second|bit))?")
def _wait_bit(c: _Clause, m: re.Match[str]) -> list[Action]:
    return [WaitFor(seconds=1.0)]


_ASSERT_VERB = (r"(?:make\s+sure|ensure|verify|check|confirm|assert|validate|see\s+if|expect|double[- ]check|"
                r"test)(?:\s+(?:that|if|whether))?")  # fmt: skip


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


@_as(r"^(?:the\s+)?(?:page\s+|current\s+)?(?:url|address|location)\s+(?:now\s+)?(?:should\s+|must\s+|to\s+)?(?:now\s+)?"
     r"(?:contains?|includes?|has|matche?s?|ends?\s+with|starts?\s+with|is|be|equals|reads|become)\s+(?P<u>.+)")  # fmt: skip
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
     rf"reads|says|value\s+is|is|=)\s+(?P<v>{_Q0}{_Q1}*|\$?-?\d[\d.,]*%?)")  # fmt: skip
def _a_value(c: _Clause, m: re.Match[str]) -> list[Action]:
    if _is_quoted(c, m, "t"):
        raise _NoMatch
    field = re.search(r"\b(?:field|input|box|textbox|area|dropdown|select|value)$", m.group("t"), re.IGNORECASE)
    if not field and re.search(r"\s(?:shows?|reads|says)\s", m.group(0), re.IGNORECASE) or not field and not _is_quoted(
            c, m, "v") or re.search(r"\b(?:heading|title|header|message|banner|label|text|page|count|badge|total)$",
                                   m.group("t"), re.IGNORECASE):  # fmt: skip
        # "the heading says 'Secure Area'", "the cart count is 2": a text shown by the element, not an input's value
        return [Assert(what="text_visible", text=_g(c, m, "v"), target=_tgt(c, m))]
    return [Assert(what="value", target=_tgt(c, m), text=_g(c, m, "v"))]


@_as(r"^(?:the\s+)?(?P<t>.+?)\s+(?:should\s+(?:be\s+)?|must\s+be\s+|is\s+(?:now\s+)?)(?:empty|blank|cleared)")
def _a_empty(c: _Clause, m: re.Match[str]) -> list[Action]:
    return [Assert(what="value", target=_tgt(c, m), text="")]  # "the email field is empty"


@_as(
    r"^(?:the\s+)?(?P<t>.+?)\s+(?:should\s+|now\s+)?(?:shows?|displays?|says|reads|lists?|contains?|includes?|has|have)\s+(?P<x>.+)"
)
def _a_shows(c: _Clause, m: re.Match[str]) -> list[Action]:
    return [Assert(what="text_visible", text=_g(c, m, "x"), target=_tgt(c, m))]


@_as(rf"^(?:the\s+)?(?:text\s+|message\s+)?(?P<x>.+?)\s+{_SHOULD}(?:not\s+(?:shown|visible|displayed|present|there)|"
     r"gone|hidden|absent|no\s+longer\s+(?:shown|visible)|(?:does\s+not|doesn't)\s+(?:appear|show))")  # fmt: skip
def _a_absent(c: _Clause, m: re.Match[str]) -> list[Action]:
    if (text := _text_of(c, m, "x")) is not None:
        return [Assert(what="text_absent", text=text)]
    return [Assert(what="hidden", target=_tgt(c, m, "x"))]


@_as(rf"^(?:the\s+)?(?:text\s+|name\s+)?(?P<x>{_Q0}{_Q1}*|[^\s{_Q0}]+)\s+(?:appears?|is\s+(?:now\s+)?(?:shown|listed|displayed|visible)|"
     r"shows\s+up|is\s+there)\s+(?:in|on|inside|within|under)\s+(?P<t>.+)")  # fmt: skip
def _a_in_place(c: _Clause, m: re.Match[str]) -> list[Action]:
    if re.fullmatch(r"(?:the\s+|this\s+)?(?:page|screen|site|window)", m.group("t"), re.IGNORECASE):
        return [Assert(what="text_visible", text=_g(c, m, "x"))]
    return [Assert(what="text_visible", text=_g(c, m, "x"), target=_tgt(c, m))]  # "jdoe appears in the table"


@_as(rf"^(?:there\s+(?:is|are)\s+(?:a\s+|an\s+)?|(?:i|you|we|the\s+user)\s+(?:should\s+|must\s+|will\s+|can\s+)?(?:now\s+)?"
     rf"(?:see|find)\s+)?(?:the\s+)?(?:text\s+|message\s+)?(?P<x>.+?)"
     rf"(?:\s+(?:(?:should|must|will)\s+(?:now\s+)?)?{_SHOULD}(?:shown|visible|displayed|present|there|on\s+(?:the\s+)?(?:page|screen)|appears?|shows\s+up|"
     r"exists|appear|show\s+up|loaded|displays)(?:\s+on\s+(?:the\s+)?(?:page|screen))?)?")  # fmt: skip
def _a_visible(c: _Clause, m: re.Match[str]) -> list[Action]:
    if (text := _text_of(c, m, "x")) is not None:
        return [Assert(what="text_visible", text=text)]
    if _ARTICLE.sub("", m.group("x")) == _ARTICLE.sub("", m.string.strip()) and not re.match(
        r"there|i\s|you|we", m.string, re.IGNORECASE
    ):
        raise _NoMatch  # "check the box": no assertion words, an unquoted phrase: not an assertion
    if re.match(r"(?:you|i|we|they|he|she|it)\b", m.group("x"), re.IGNORECASE):
        raise _NoMatch  # "ensure you are logged in": a state of the user, not an element to look for
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


@_en(r"^(?:see|find|spot|notice)\s+(?:that\s+)?(?P<b>.+)")
def _see(c: _Clause, m: re.Match[str]) -> list[Action]:
    got = _assertion(c, m.start("b"), m.end("b"))  # "(you should) see 'Welcome'": it is shown
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


@_en(rf"^search\s+(?:in\s+|within\s+|through\s+)?(?P<t>(?:the|this|your|my)\s+.+?)\s+for\s+{V}")
def _search_in(c: _Clause, m: re.Match[str]) -> list[Action]:
    target = _tgt(c, m)  # "Search the catalogue for lamps"
    return [_type(c, target, _g(c, m, "v")), Press(keys=("Enter",), target=target)]


@_en(rf"^(?:search|look)\s+(?:for\s+|up\s+)?{V}(?:\s+(?:in|on|using|with|via)\s+{T})?")
def _search(c: _Clause, m: re.Match[str]) -> list[Action]:
    target = _tgt(c, m) if _has(m, "t") else Target(query="the search box")
    text = _g(c, m, "v")
    return [_type(c, target, text), Press(keys=("Enter",), target=target)]


@_en(rf"^(?:type|enter|input|write|put|insert|key\s+in|fill\s+in|paste|provide|use|give)\s+{V}\s+"
     rf"(?:in|into|inside|in\s+to|on|onto|to|for|as|at|under|within)\s+{T}")  # fmt: skip
def _type_into(c: _Clause, m: re.Match[str]) -> list[Action]:
    if re.fullmatch(r"(?:the\s+)?(?:\w+\s+)?(?:field|box|input|textbox|text\s+box|area)|(?:the\s+|your\s+)?(?:cursor|focus|caret)",
                    m.group("v"), re.IGNORECASE):  # fmt: skip
        raise _NoMatch
    if not _is_quoted(c, m, "v"):
        # an unquoted value may hold a preposition ("thanks for the reply in the comment box"): cut at the strongest
        # field preposition (into > in/as > the rest), the leftmost of its rank
        text, best = c.text, None
        for p in re.finditer(r"\s(into|in\s+to|in|inside|within|as|on|onto|to|for|at|under)\s+(?=\S)", text[: m.end()]):
            if p.start() <= m.start("v"):
                continue
            word = p.group(1).lower()
            rank = 0 if word in ("into", "in to") else 1 if word in ("in", "inside", "within", "as") else 2
            if best is None or rank < best[0]:
                best = (rank, p)
        if best is not None and best[1].start() != m.end("v"):
            p = best[1]
            return [_type(c, _target(c.raw(p.end(), len(text))), c.value(m.start("v"), p.start()))]
        if re.match(r"(?:the|your|my)\s", m.group("v"), re.IGNORECASE) and not re.match(
            r"(?:the|your|my|a|an)\s", m.group("t"), re.IGNORECASE
        ):  # "Enter the date of birth as 02/14/1990": the article-led side is the field
            return [_type(c, _target(_g(c, m, "v")), _g(c, m, "t"))]
    return [_type(c, _tgt(c, m), _g(c, m, "v"))]


_FIELD_ROLE = re.compile(r"\b(?:field|box|input|textbox|text\s+box|area|textarea|dropdown|drop-down|select|menu|list|"
                         r"picker|check\s*box|radio|slider|selector)$", re.IGNORECASE)  # fmt: skip
_FIELD_NOUNS = re.compile(r"^(?:(?:first|last|middle|full|given|family|user|company|business|display)\s*name|name|username|"
                          r"e-?mail(?:\s+address)?|(?:phone|mobile|cell|telephone)(?:\s+number)?|(?:street\s+)?address|"
                          r"city|town|state|province|region|country|zip(?:\s+code)?|post(?:al)?\s*code|company|title|"
                          r"age|password|pass(?:word)?|pin|message|comment|notes?|subject|amount|quantity|qty|date|time)\b",
                          re.IGNORECASE)  # fmt: skip
_PAIR_SEP = re.compile(r"\s*(?:,\s*(?:and\s+)?|;\s*|\s+and\s+)")


def _field(name: str) -> Target:
    """'name' → the name field; 'the country dropdown' stays as it is."""
    n = re.sub(r"^(?:the|my|your|a|an)\s+", "", name.strip(), flags=re.IGNORECASE).strip().rstrip(":=").strip()
    if not n:
        raise _NoMatch
    return _target(f"the {n}" if _FIELD_ROLE.search(n) else f"the {n} field")


def _pairs(c: _Clause, a: int, b: int, *, unquoted: bool) -> list[Action]:
    """'name 'Ann', email 'a@b.c' and phone 555' inside ``c.text[a:b]`` → one typed value per field."""
    text = c.text
    cuts = [(a, a)] + [(m.start(), m.end()) for m in _PAIR_SEP.finditer(text, a, b)] + [(b, b)]
    out: list[Action] = []
    for (_, s0), (e0, _) in itertools.pairwise(cuts):
        piece = text[s0:e0]
        if not piece.strip():
            raise _NoMatch
        if m := re.match(rf"^(?P<f>.+?)\s*(?::|=|\s(?:as|of|is|set\s+to|to)\s)?\s*{QV}$", piece, re.IGNORECASE):
            field, value = piece[: m.end("f")], c.value(s0 + m.start("v"), s0 + m.end("v"))
        elif m := re.match(rf"^{QV}\s+(?:as|for|in|into)\s+(?P<f>.+)$", piece, re.IGNORECASE):
            field, value = m.group("f"), c.value(s0 + m.start("v"), s0 + m.end("v"))
        elif not unquoted:
            raise _NoMatch
        elif m := re.match(r"^(?P<f>.+?)\s*(?::|=|\s(?:as|is|of|set\s+to)\s)\s*(?P<v>\S.*)$", piece, re.IGNORECASE):
            field, value = m.group("f"), c.value(s0 + m.start("v"), s0 + m.end("v"))
        elif (m := _FIELD_NOUNS.match(re.sub(r"^(?:the|my|your)\s+", "", piece, flags=re.IGNORECASE))) and len(
            piece.split()
        ) > len(m.group(0).split()):
            lead = len(piece) - len(re.sub(r"^(?:the|my|your)\s+", "", piece, flags=re.IGNORECASE))
            field, value = piece[: lead + m.end()], c.value(s0 + lead + m.end(), e0)
        elif m := re.match(r"^(?P<f>[a-z][a-z-]*(?:\s+[a-z][a-z-]*)*?)\s+(?P<v>(?:[A-Z0-9{]|\S*[@./:]).*)$", piece):
            field, value = (
                m.group("f"),
                c.value(s0 + m.start("v"), e0),
            )  # "topic Technical support": the value is capitalised
        elif m := re.match(r"^(?P<f>.+?)\s+(?P<v>\S+)$", piece):
            field, value = m.group("f"), c.value(s0 + m.start("v"), s0 + m.end("v"))
        else:
            raise _NoMatch
        if _Q0 in field:
            raise _NoMatch
        out.append(_type(c, _field(c.raw(s0, s0 + len(field)) if field == piece[: len(field)] else field), value))
    if len(out) < (1 if unquoted else 2):
        raise _NoMatch
    return out


@_en(r"^(?:fill\s+in|enter|provide|input)\s+(?P<rest>(?:the\s+|my\s+|your\s+)?[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,3}\s+(?:[A-Z0-9{]|"
     r"\S*[@./:])\S*(?:\s+\S+)*?(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:the\s+|my\s+|your\s+)?[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,3}\s+"
     r"(?:[A-Z0-9{]|\S*[@./:])\S*(?:\s+\S+)*?)+)")  # fmt: skip
def _fill_unquoted(c: _Clause, m: re.Match[str]) -> list[Action]:
    """ "Fill in passenger name John Smith and passport number X1234567": lower-case fields, each with its value."""
    if re.search(r"\b(?:form|with)\b", m.group("rest"), re.IGNORECASE):
        raise _NoMatch  # "fill in the signup form with …" is read by _fill_form
    got = _pairs(c, m.start("rest"), m.end("rest"), unquoted=True)
    if len(got) < 2:
        raise _NoMatch
    return got


@_en(r"^(?:fill(?:\s+in|\s+out|\s+up)?|complete|populate)\s+(?:in\s+|out\s+)?(?:the\s+|this\s+|that\s+|your\s+|a\s+)?"
     r"(?:[\w-]+\s+){0,3}?form\s*(?:(?:with|using|as\s+follows)\s*:?\s*(?:the\s+)?(?:following\s+)?(?:values?|details?|data|"
     r"info(?:rmation)?)?\s*:?\s*|:\s*)(?P<rest>.+)")  # fmt: skip
def _fill_form(c: _Clause, m: re.Match[str]) -> list[Action]:
    return _pairs(c, m.start("rest"), m.end("rest"), unquoted=True)


@_en(rf"^(?:fill\s+in|enter|type|input|provide|put\s+in|set)\s+(?P<rest>[^{_Q0}]+?\s*(?::|=)?\s*{_Q0}{_Q1}*"
     r"(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+).+)+)")  # fmt: skip
def _fill_pairs(c: _Clause, m: re.Match[str]) -> list[Action]:
    got = _pairs(c, m.start("rest"), m.end("rest"), unquoted=True)
    if len(got) < 2:
        raise _NoMatch
    return got


@_en(rf"^(?:fill(?:\s+in|\s+out)?|complete|populate|set|change|update|enter|type|input|put|increase|decrease|raise|lower|adjust|bump)\s+{T}\s*"
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


@_en(rf"^(?:type|enter|input|key\s+in|provide|fill\s+in)\s+(?:the\s+|your\s+|my\s+|a\s+)?{T}\s+(?P<v>[^\s{_Q0}]*\d[^\s{_Q0}]*|"
     r"\{\{\s*[\w.-]+\s*\}\})")  # fmt: skip
def _type_code(c: _Clause, m: re.Match[str]) -> list[Action]:
    return [_type(c, _tgt(c, m), _g(c, m, "v"))]  # "Enter the code 482910"


@_en(rf"^(?:type|enter|input|write|key\s+in)\s*:?\s+{V}")
def _type_focused(c: _Clause, m: re.Match[str]) -> list[Action]:
    if not _is_quoted(c, m, "v") and re.match(r"(?:the|your|my|a|an)\s+\w", m.group("v"), re.IGNORECASE):
        raise ValueError(
            f"no value to type into {_g(c, m, 'v')!r}: give it, quoted, e.g. \"type 'ann' into the name field\""
        )
    return [_type(c, None, _g(c, m, "v"))]


@_en(rf"^(?:clear|empty|erase)\s+(?:out\s+)?{T}")
def _clear(c: _Clause, m: re.Match[str]) -> list[Action]:
    if re.fullmatch(r"(?:the\s+|my\s+|your\s+|all\s+(?:the\s+)?)?(?:shopping\s+)?(?:cart|basket|bag|trash|bin|filters?|selection|"
                    r"history|notifications|form|everything|all)", m.group("t"), re.IGNORECASE):  # fmt: skip
        verb = m.group(0).split()[0].capitalize()  # "Empty the cart", "Clear the filters": the button that does it
        return [Click(target=_target(f"{verb} {_ARTICLE.sub('', _g(c, m, 't'))}"))]
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


@_en(rf"^(?:apply|use|redeem|enter)\s+(?:the\s+|my\s+|a\s+)?(?P<kind>coupon|promo|discount|voucher|gift\s*card|referral)"
     rf"(?:\s+code)?\s+(?P<v>{_Q0}{_Q1}*|\S+)", first=True)  # fmt: skip
def _coupon(c: _Clause, m: re.Match[str]) -> list[Action]:
    """ "Apply the coupon code SAVE10": type it into the code field, then press Apply."""
    field = _target(f"the {m.group('kind').lower()} code field")
    verb = m.group(0).split()[0].lower()
    out: list[Action] = [_type(c, field, _g(c, m, "v"))]
    return out if verb == "enter" else [*out, Click(target=Target(query="Apply"))]


@_en(r"^(?:press|click|tap)\s+and\s+hold\b.*")
def _hold(c: _Clause, m: re.Match[str]) -> list[Action]:
    raise ValueError("pressing and holding is no action the agent has: click, drag or press a key instead")


@_en(rf"^(?:enter|type|input|use|provide|fill\s+in)\s+(?:the\s+|my\s+|your\s+)?(?:credentials|login(?:\s+details)?|"
     rf"username\s+and\s+password)\s*:?\s+(?P<u>{_Q0}{_Q1}*|[^\s/]+)\s*/\s*(?P<p>{_Q0}{_Q1}*|\S+)", first=True)  # fmt: skip
def _credentials(c: _Clause, m: re.Match[str]) -> list[Action]:
    user = _g(c, m, "u")
    return [_type(c, Target(query="the email field" if "@" in user else "the username field"), user),
            _type(c, Target(query="the password field"), _g(c, m, "p"))]  # fmt: skip


@_en(rf"^(?:in|from|on)\s+{T}\s*,?\s+(?:select|choose|pick)\s+{V}")
def _select_in(c: _Clause, m: re.Match[str]) -> list[Action]:
    target, option = _tgt(c, m), _g(c, m, "v")
    if not _DROPDOWNISH.search(target.query or ""):
        raise _NoMatch  # "In the Payment section, choose 'Card'": a place, read by _located
    return [Select(target=target, option=option, expect=Effect(what="selected", target=target, value=option))]


@_en(r"^(?P<prep>in|inside|within|under|on)\s+(?P<t>(?:the\s+)?[^,]+?)\s*,\s*(?P<rest>(?:type|enter|input|write|choose|pick|select|"
     r"click|tap|check|tick|uncheck|press|hit|go\s+to|open|navigate\s+to)\b.+)")  # fmt: skip
def _located(c: _Clause, m: re.Match[str]) -> list[Action]:
    """ "In the search bar, type 'phones'", "Under Payment, choose 'Credit card'": the place is the field or an anchor."""
    place = _tgt(c, m)
    inner = c.sub(m.start("rest"), len(c.text))
    for pattern, build in _EN:
        if build is _located or not (mm := pattern.match(inner.text)):
            continue
        try:
            got = build(inner, mm)
        except _NoMatch:
            continue
        out: list[Action] = []
        for a in got:
            own = getattr(a, "target", None)
            if own is None and isinstance(a, TypeText | Select):
                a = a.model_copy(update={"target": place})
            elif isinstance(own, Target) and own.query and isinstance(a, Click | Check | Select | TypeText):
                rel = f"{own.query} {m.group('prep').lower()} {place.query}"
                a = a.model_copy(update={"target": _target(rel)})
            if a.expect is not None and a.expect.target is not None or isinstance(a, TypeText):
                a = a.model_copy(update={"expect": (a.expect or Effect(what="value_set")).model_copy(
                    update={"target": getattr(a, "target", None)})})  # fmt: skip
            out.append(a)
        return out
    raise _NoMatch


@_en(rf"^(?P<u>un)?(?:check|tick|mark|enable|turn\s+on|toggle\s+on|switch\s+on|select|choose|pick)(?:\s+on)?\s+{T}")
def _check(c: _Clause, m: re.Match[str]) -> list[Action]:
    verb = m.group(0).split()[0].lower()
    if verb in ("select", "choose", "pick", "mark") and not _CHECKISH.search(m.group("t")):
        raise _NoMatch
    target = _tgt(c, m)
    on = not _has(m, "u")
    return [Check(target=target, checked=on, expect=Effect(what="checked" if on else "unchecked", target=target))]


@_en(rf"^(?:uncheck|untick|unmark|deselect|unselect|disable|turn\s+off|toggle\s+off|switch\s+off|clear)\s+{T}")
def _uncheck(c: _Clause, m: re.Match[str]) -> list[Action]:
    target = _tgt(c, m)
    return [Check(target=target, checked=False, expect=Effect(what="unchecked", target=target))]


@_en(
    r"^(?:i\s+)?(?:agree\s+(?:to|with)|accept|consent\s+to|acknowledge)\s+(?P<t>(?:the\s+)?(?:terms|conditions|privacy|policy|tos|eula|license).*)"
)
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
    rf"^(?:hover(?:\s+(?:the\s+)?(?:mouse|pointer|cursor))?(?:\s+over|\s+on|\s+above)?|mouse\s*over|mouseover|"
    rf"(?:move|put|place)\s+(?:the\s+|your\s+)?(?:mouse|pointer|cursor)\s+(?:over|to|onto|on))\s+{T}"
)
def _hover(c: _Clause, m: re.Match[str]) -> list[Action]:
    return [Hover(target=_tgt(c, m))]


@_en(r"^(?:keep\s+|continue\s+)?scroll(?:ing)?(?:\s+(?:the\s+)?(?P<t>(?!down\b|up\b|left\b|right\b|to\b|back\b|all\b|until\b|till\b)[^\s].*?))?(?:\s+(?P<d>down|up|left|right))?"
     r"(?:\s+(?:by\s+)?(?P<n>\d+|once|twice|thrice|a\s+(?:bit|little)|a\s+few\s+times|one|two|three)\s*(?P<px>px|pixels?)?(?:times?|pages?|screens?)?)?"
     r"(?:\s+(?:all\s+the\s+way\s+)?(?:to|until(?:\s+you\s+(?:see|reach))?|till|to\s+find|to\s+reach|to\s+see)\s+(?P<to>.+?))?"
     r"(?:\s+(?:is\s+)?(?:visible|appears|shows))?")  # fmt: skip
def _scroll(c: _Clause, m: re.Match[str]) -> list[Action]:
    d = (m.group("d") or "down").lower()
    word = (m.group("n") or "1").lower()
    words = {"once": 1.0, "twice": 2.0, "thrice": 3.0, "one": 1.0, "two": 2.0, "three": 3.0, "a few times": 3.0}
    times = float(word) if word.isdigit() else words.get(word, 0.5)
    if _has(m, "px"):
        times = max(round(times / 640, 2), 0.05)  # pixels, as scroll steps of 80 % of a common 800 px viewport
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
    file = re.fullmatch(r"(?:the\s+)?(?:file\s+)?['\"‘“]?(.+?\.[A-Za-z0-9]{1,5})['\"’”]?", target.query or "")
    if file is not None and re.search(
        r"\b(?:upload|drop)", to, re.IGNORECASE
    ):  # "drag the file 'a.txt' onto the upload area"
        name = file.group(1).strip("'\"‘’“”")
        area = _tgt(c, m, "to")
        return [Upload(target=area, files=(name,), expect=Effect(what="file_uploaded", target=area, value=name))]
    if num := re.fullmatch(r"(-?\d+(?:\.\d+)?)\s*%?", to):
        return [
            Drag(target=target, value=float(num.group(1)), expect=Effect(what="value_set", target=target, value=to))
        ]
    if m.group(0).split()[0].lower() == "set":
        raise _NoMatch
    return [Drag(target=target, to=_tgt(c, m, "to"))]


@_en(rf"^(?:upload|attach)\s+(?:the\s+)?(?:files?\s+)?{V}(?:\s+(?:to|in|into|using|via|with|on|as|for)\s+{T})?")
def _upload(c: _Clause, m: re.Match[str]) -> list[Action]:
    files = tuple(f.strip().strip("'\"") for f in re.split(r"\s*,\s*|\s+and\s+", _g(c, m, "v")) if f.strip())
    if not _is_quoted(c, m, "v") and not all(re.search(r"\.[A-Za-z0-9]{1,5}$|[/\\]|\{\{", f) for f in files):
        raise ValueError(f"no file to upload in {_g(c, m, 'v')!r}: name the file with its extension, e.g. 'photo.png'")
    target = _tgt(c, m) if _has(m, "t") else None
    return [Upload(target=target, files=files, expect=Effect(what="file_uploaded", target=target, value=files[0]))]


@_en(rf"^(?P<verb>download|save|export)\s+{T}")
def _download(c: _Clause, m: re.Match[str]) -> list[Action]:
    if m.group("verb").lower() == "save" and not re.search(
        r"\b(?:file|report|document|pdf|csv|xlsx?|image|picture|photo|invoice|receipt|statement|attachment|export|copy|"
        r"spreadsheet|zip|archive|download)s?\b|\.\w{2,4}$", m.group("t"), re.IGNORECASE):  # fmt: skip
        raise _NoMatch  # "save the settings" presses Save
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
    anything = re.match(r"(?:any|all|every)\s+(?:of\s+the\s+)?", m.group("t"), re.IGNORECASE)
    if anything:  # "close any popups": one if there is one
        raw = re.sub(r"s$", "", c.raw(m.start("t") + anything.end(), m.end("t")).strip())
        target = _target(f"the {raw}")
    else:
        target = _tgt(c, m)
    inner = _ARTICLE.sub("", target.query or target.describe())
    return [Click(target=Target(query=f"the close button of the {inner}"), optional=bool(anything),
                  condition=target if anything else None, expect=Effect(what="element_gone", target=target))]  # fmt: skip


@_en(r"^(?:done|finish(?:ed)?|stop|end|that'?s\s+(?:it|all)|you'?re\s+done|we'?re\s+done)(?:\s+here)?")
def _done(c: _Clause, m: re.Match[str]) -> list[Action]:
    return [Done()]


@_en(rf"^(?:fail|abort|give\s+up)(?:\s+(?:with|saying)\s+(?:the\s+)?(?:message\s+)?{V})?")
def _fail(c: _Clause, m: re.Match[str]) -> list[Action]:
    return [Fail(message=_g(c, m, "v") if _has(m, "v") else "")]


_CONTAINER = re.compile(r"\b(?:banner|dialog|popup|pop-up|modal|prompt|notice|bar|overlay|alert|window|consent\s+form)$",
                        re.IGNORECASE)  # fmt: skip


@_en(rf"^(?:select|choose|pick)\s+(?:the\s+)?(?P<v>{_Q0}{_Q1}*|[A-Z0-9][^{_Q0}]*?)\s+(?:option|choice)")
def _select_option(c: _Clause, m: re.Match[str]) -> list[Action]:
    option = _g(c, m, "v")  # "Select the 'Express' option": the option is found alone
    return [Select(option=option, expect=Effect(what="selected", value=option))]


@_en(
    rf"^(?:click|tap|press|hit|push)(?:\s+(?:on|onto|at))?\s+{T}\s+(?P<n>twice|thrice|\d+\s*times|(?:two|three|four|five)\s+times)"
)
def _click_times(c: _Clause, m: re.Match[str]) -> list[Action]:
    n = m.group("n").lower().split()[0]
    times = {"twice": 2, "thrice": 3, "two": 2, "three": 3, "four": 4, "five": 5}.get(n) or int(
        re.sub(r"\D", "", n) or 1
    )
    if _key(_g(c, m, "t"), bare_ok=False) is not None:
        raise _NoMatch  # "press Tab twice" is a key
    return [Click(target=_tgt(c, m)) for _ in range(max(1, min(times, 20)))]


@_en(r"^(?:(?:put|place|move|set)\s+(?:the\s+|your\s+)?(?:cursor|focus|caret)\s+(?:in|into|on|inside)|(?:click|tap)\s+(?:in|into|inside))"
     r"\s+(?P<t>.+?)")  # fmt: skip
def _focus(c: _Clause, m: re.Match[str]) -> list[Action]:
    return [Click(target=_tgt(c, m))]  # "put the cursor in the search box": focus it


@_en(rf"^(?:proceed|continue|go\s+on|move\s+on)\s+to\s+(?:the\s+)?(?P<t>[^{_Q0}]+?|{_Q0}{_Q1}*)")
def _proceed(c: _Clause, m: re.Match[str]) -> list[Action]:
    word = m.group(0).split()[0].capitalize()  # "proceed to checkout": the Proceed to checkout button
    return [Click(target=_target(f"{word} to {_g(c, m, 't')}"))]


@_en(r"^(?:(?:go|get|head|navigate)\s+back|return)\s+to\s+(?P<t>.+?)")
def _back_to(c: _Clause, m: re.Match[str]) -> list[Action]:
    if re.fullmatch(r"(?:the\s+)?(?:previous|prior|last)\s+(?:page|screen)", m.group("t"), re.IGNORECASE):
        return [Navigate(history="back", expect=Effect(what="url_changed"))]
    return [Click(target=_tgt(c, m))]  # "go back to the home page": its link


@_en(rf"^mark\s+{T}\s+as\s+(?P<s>.+)")
def _mark_as(c: _Clause, m: re.Match[str]) -> list[Action]:
    state = m.group("s").lower()
    target = _tgt(c, m)
    if re.fullmatch(r"done|complete|completed|finished|resolved", state):
        return [Check(target=target, expect=Effect(what="checked", target=target))]  # a to-do's checkbox
    if re.fullmatch(r"not\s+done|incomplete|undone|open|pending", state):
        return [Check(target=target, checked=False, expect=Effect(what="unchecked", target=target))]
    return [Click(target=_target(f"the Mark as {_g(c, m, 's')} button for {target.query or target.describe()}"))]


@_en(rf"^(?:click|tap|press|hit|push|select|choose|pick|follow|open|activate|go\s+to|submit|trigger|use|toggle|expand|"
     rf"collapse|visit|navigate\s+to|switch\s+to|accept|confirm|reject|decline)(?:\s+(?:on|onto|at))?\s+{T}")  # fmt: skip
def _click(c: _Clause, m: re.Match[str]) -> list[Action]:
    verb = m.group(0).split()[0].lower()
    raw = m.group("t")
    if verb in ("accept", "reject", "decline", "confirm") and not _is_quoted(c, m, "t"):
        word = m.group(0).split()[0].capitalize()
        obj = _tgt(c, m)
        inner = _ARTICLE.sub("", obj.query or obj.describe())
        if obj is c.condition or obj is c.antecedent or _CONTAINER.search(inner):
            # "If a cookie banner appears, accept it": the Accept button of the banner
            return [Click(target=_target(f"the {word} button of the {inner}"))]
        return [Click(target=_target(f"{word} {inner}"))]
    if verb == "submit" and re.fullmatch(r"(?:the\s+)?(?:form|it|page)", raw, re.IGNORECASE):
        return [Click(target=Target(query="the submit button"))]
    target = _tgt(c, m)
    if verb in ("press", "push", "hit") and target.query and target is not c.antecedent and not _ROLE_WORD.search(
            target.query):  # fmt: skip
        return [Click(target=_target(f"the {target.query} button"))]  # "press Sign in": a button, not the nav link
    return [Click(target=target)]


_ROLE_WORD = re.compile(r"\b(?:button|link|tab|icon|key|check\s*box|box|field|radio|toggle|switch|menu|item|option|row|"
                        r"card|image|picture|logo|arrow|slider|label|heading|title|dropdown|list|banner|dialog)s?\b|"
                        r"(?:버튼|링크|탭|아이콘)$", re.IGNORECASE)  # fmt: skip


@_en(
    rf"^(?P<verb>log\s*in|sign\s*in)\s+(?:(?:as|using|with)\s+(?P<u3>{_Q0}{_Q1}*|[^\s/]+)\s*/\s*(?P<p3>{_Q0}{_Q1}*|\S+))"
)
def _login_slash(c: _Clause, m: re.Match[str]) -> list[Action]:
    return [_type(c, Target(query="the email field" if "@" in _g(c, m, "u3") else "the username field"), _g(c, m, "u3")),
            _type(c, Target(query="the password field"), _g(c, m, "p3")),
            Click(target=Target(query=f"the {m.group('verb')} button"))]  # fmt: skip


@_en(rf"^(?P<verb>log\s*in|sign\s*in|log|sign)(?:\s*to|\s+into|(?<=log)\s*into|(?<=sign)\s*into)?\s+(?:(?:the|your|my)\s+(?:site|website|app|account|portal|page|system|dashboard)\s+)?"
     rf"(?:as\s+(?P<u>{_Q0}{_Q1}*|\S+)\s*)?(?:(?:with|using)\s+)?(?:(?:the\s+|my\s+)?"
     rf"(?P<uw>username|user\s*name|user|e-?mail|id|login)\s+(?P<u2>{_Q0}{_Q1}*|\S+)\s*)?(?:(?:,|and|with)\s+)?"
     rf"(?:(?:the\s+|my\s+)?(?:password|passcode|pin)\s+(?P<p>{_Q0}{_Q1}*|\S+))?")  # fmt: skip
def _login(c: _Clause, m: re.Match[str]) -> list[Action]:
    out: list[Action] = []
    user = "u" if _has(m, "u") else "u2" if _has(m, "u2") else None
    if user is None and not _has(m, "p"):
        raise _NoMatch
    if user is not None:
        word = (m.group("uw") or "username").lower()
        name = "email" if "mail" in word or (user == "u" and "@" in _g(c, m, user)) else "username"
        out.append(_type(c, Target(query=f"the {name} field"), _g(c, m, user)))
    if _has(m, "p"):
        out.append(_type(c, Target(query="the password field"), _g(c, m, "p")))
    verb = m.group("verb")
    label = f"{verb} in" if verb.lower() in ("log", "sign") else verb
    out.append(Click(target=Target(query=f"the {label} button")))  # the form's button, not a "Sign in" link or heading
    return out


@_en(r"^(?P<t>submit|log\s*in|sign\s*in|log\s*out|sign\s*out|sign\s*up|register|continue|proceed|next|save|"
     r"accept\s+(?:all\s+)?cookies|go|confirm|apply|ok|okay|cancel|retry|skip|send|search|check\s*out|subscribe|"
     r"add\s+to\s+(?:cart|basket|bag)|buy\s+now)")  # fmt: skip
def _bare_button(c: _Clause, m: re.Match[str]) -> list[Action]:
    if m.group("t").lower() == "submit":
        return [Click(target=Target(query="the submit button"))]  # the form's submit, whatever it says
    return [Click(target=_target(_g(c, m, "t")))]


@_en(r"^(?P<t>(?:log|sign)\s*(?:in|up|out|on)\b.+)")
def _named_button(c: _Clause, m: re.Match[str]) -> list[Action]:
    return [Click(target=_target(_g(c, m, "t")))]


@_en(r"^(?P<v>subscribe|register|sign\s*up|enroll|join|apply|continue|check\s*out)\s+(?:with|using)\s+(?P<rest>.+)")
def _verb_with(c: _Clause, m: re.Match[str]) -> list[Action]:
    """ "Subscribe with jo@example.com, first name Jo, monthly emails": fill the details, then press the verb's button."""
    out: list[Action] = []
    text = c.text
    cuts = [(m.start("rest"), m.start("rest"))]
    cuts += [(p.start(), p.end()) for p in _PAIR_SEP.finditer(text, m.start("rest"), m.end("rest"))]
    cuts.append((m.end("rest"), m.end("rest")))
    for (_, a), (b, _) in itertools.pairwise(cuts):
        piece = text[a:b].strip()
        if re.fullmatch(r"[^\s@]+@[^\s@]+\.\w+|\{\{\s*[\w.-]+\s*\}\}", c.value(a, b)):
            field = "the password field" if re.search(r"pass|pw|pin", c.value(a, b), re.IGNORECASE) and "@" not in piece else (
                "the email field")  # fmt: skip
            out.append(_type(c, Target(query=field), c.value(a, b)))
        elif (got := _pairs_or_none(c, a, b)) is not None:
            out.extend(got)
        else:
            out.append(Click(target=_target(c.value(a, b))))  # "monthly emails": an option to pick
    return [*out, Click(target=_target(m.group("v").capitalize()))]


def _pairs_or_none(c: _Clause, a: int, b: int) -> list[Action] | None:
    piece = c.text[a:b]
    if not (_FIELD_NOUNS.match(re.sub(r"^(?:the|my|your)\s+", "", piece.strip(), flags=re.IGNORECASE)) or re.search(
            r"(?::|=|\s(?:as|is)\s)", piece)):  # fmt: skip
        return None
    try:
        return _pairs(c, a, b, unquoted=True)
    except _NoMatch:
        return None


@_en(
    rf"^(?:add|create)\s+(?:a|an)\s+(?:new\s+)?(?P<what>[\w-]+(?:\s+[\w-]+)?)\s+(?:called|named|titled|with\s+the\s+(?:name|title))\s+{V}"
)
def _add_named(c: _Clause, m: re.Match[str]) -> list[Action]:
    """ "Add a task called 'Buy milk'": type the name into the new item's field and press Enter."""
    target = _target(f"the new {m.group('what')} field")
    return [_type(c, target, _g(c, m, "v")), Press(keys=("Enter",), target=target)]


@_en(rf"^(?:add|put|move|place)\s+(?:it|them|this|that|this\s+one|that\s+one|{T})\s+(?:in|into|to)\s+(?:the\s+|my\s+|your\s+)?"
     r"(?P<c>cart|shopping\s+cart|basket|shopping\s+basket|bag|shopping\s+bag|wish\s*list|favou?rites|order|trolley)")  # fmt: skip
def _add_to(c: _Clause, m: re.Match[str]) -> list[Action]:
    place = re.sub(r"^shopping\s+", "", m.group("c").lower())
    if _has(m, "t") and not re.fullmatch(r"(?:the\s+)?(?:item|product|it|them|one)", m.group("t"), re.IGNORECASE):
        return [Click(target=_target(f"the Add to {place} button for {_g(c, m, 't')}"))]  # keeps which item
    return [Click(target=_target(f"Add to {place}"))]  # "add it to the cart": the Add to cart button


@_en(rf"^sort\s+(?:the\s+\w+\s+|them\s+|it\s+|results\s+)?by\s+{V}")
def _sort_by(c: _Clause, m: re.Match[str]) -> list[Action]:
    target, option = Target(query="the Sort by dropdown"), _g(c, m, "v")
    return [Select(target=target, option=option, expect=Effect(what="selected", target=target, value=option))]


_BUTTON_VERBS = (r"book|send|apply|save|place|reserve|subscribe|publish|post|share|print|create|join|pay|buy|order|purchase|"
                 r"checkout|complete|finish|start|begin|submit|confirm|cancel|continue|proceed|register|refund|approve|"
                 r"reject|decline|accept|retry|resend|verify|redeem|renew|upgrade|download|invite|follow|like|reply|"
                 r"archive|restore|publish|schedule|activate|deactivate|unsubscribe|enroll|vote|rate|claim|transfer|withdraw|"
                 r"deposit|track|estimate|calculate|convert|compare|filter|reset|undo|redo|clear|close|open|add")  # fmt: skip


@_en(rf"^(?P<v>{_BUTTON_VERBS})\s+(?P<o>it|them|this|that|(?:the|my|your|this|our)\s+[^{_Q0}]+?|[a-z][^{_Q0}]*?)")
def _button_phrase(c: _Clause, m: re.Match[str]) -> list[Action]:
    """A verb phrase that is a button's label: "place the order", "book it", "save the settings"."""
    verb = m.group("v").capitalize()
    obj = m.group("o")
    if re.fullmatch(r"it|them|this|that", obj, re.IGNORECASE):
        return [Click(target=_target(verb))]
    noun = re.sub(
        r"^(?:the|my|your|this|our|a|an)\s+", "", c.raw(m.start("o"), m.end("o")).strip(), flags=re.IGNORECASE
    )
    if len(noun.split()) > 3 or re.search(r"\b(?:to|for|from|on|at|with|in|into|by|of|and|or)\b", noun, re.IGNORECASE):
        raise _NoMatch  # "book a flight to Paris" is a task, not a button
    return [Click(target=_target(f"{verb} {noun}"))]


_EN_FILLER = re.compile(r"^(?:(?:please|pls|plz|kindly|now|first(?:ly)?|second(?:ly)?|third(?:ly)?|next|then|finally|lastly|"
                        r"last|also|and|afterwards|after\s+that|at\s+last|in\s+the\s+end|to\s+finish|just|then,|next,|"
                        r"first,|finally,|to\s+start,|to\s+begin(?:\s+with)?,?|once\s+(?:done|that'?s\s+done|that\s+is\s+done),?|"
                        r"when\s+(?:done|finished),?|(?:could|can|would|will)\s+you(?:\s+please)?(?:\s+kindly)?|you\s+should|"
                        r"you\s+need\s+to|you\s+must|you\s+have\s+to|we\s+need\s+to|i\s+need\s+(?:you\s+)?to|"
                        r"i\s+want\s+(?:you\s+)?to|i'?d\s+like\s+(?:you\s+)?to|i\s+would\s+like\s+(?:you\s+)?to|let'?s|"
                        r"(?:make\s+sure|be\s+sure|remember|don'?t\s+forget)\s+to|try\s+to|go\s+ahead\s+and|go\s+and|"
                        r"help\s+me|(?:when|if|once)\s+(?:asked|prompted)|if\s+needed|if\s+necessary|(?:once|after|as\s+soon\s+as)\s+(?!that\b)"
                        r"[^,\ue000]{1,50}?,)\s*,?\s+)+", re.IGNORECASE)  # fmt: skip
_EN_TAIL = re.compile(r"(?:\s*,?\s+(?:please|now|for\s+me|as\s+well|too|if\s+you\s+can|if\s+possible|thanks|thank\s+you))+"
                      r"\s*[.!?]*$|\s*[.!,?]+$", re.IGNORECASE)  # fmt: skip
