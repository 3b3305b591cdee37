"""Deterministic verification: did an action have the effect it declared, on the observation after it?

Each action declares an :class:`~agent.actions.Effect` (the compiler sets most); :func:`effect_of`
derives one when none was given (a value set for typing, checked for a checkbox, selected for a
dropdown, the URL for a navigation). A click or key press without a declared effect must change
something a user can see: the URL, the title, a dialog, a new tab, a download, or an element's
text, value or state. :func:`check` reads the evidence from two observations and the tool's
result and says what it saw; nothing passes without evidence.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agent._execute import Outcome
from agent.actions import (
    Action,
    Assert,
    Check,
    Click,
    Done,
    Download,
    Drag,
    Effect,
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
from perception.types import Element, Observation

if TYPE_CHECKING:
    from perception.types import Candidate

__all__ = ["Evidence", "Facts", "check", "effect_of"]

_SPACE = re.compile(r"\s+")


def fold(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip().casefold()


@dataclass(frozen=True)
class Evidence:
    """A verdict and what it rests on (``"value of 'Username' is 'kiera'"``)."""

    ok: bool
    says: str


@dataclass
class Facts:
    """What verify looks at: the observations before and after, the acted element and the tool's outcome."""

    before: Observation
    after: Observation
    outcome: Outcome
    acted: Element | None
    substitute: Callable[[str], str]
    ground: Callable[[Observation, str], Awaitable[Candidate | None]]
    new_events: list[str]
    look: Callable[[], Awaitable[Observation]] | None = None
    """Takes one more look at the page: a change seen only once may be the page's own motion."""


def effect_of(action: Action) -> Effect | None:
    """The effect to verify: the declared one, else the one the action's kind implies (None: any visible change)."""
    if action.expect is not None:
        return action.expect
    target = getattr(action, "target", None)
    target = target if isinstance(target, Target) else None
    if isinstance(action, TypeText):
        return Effect(what="value_set", target=target, value=action.text)
    if isinstance(action, Check):
        return Effect(what="checked" if action.checked else "unchecked", target=target)
    if isinstance(action, Select):
        return Effect(what="selected", target=target, value=action.option)
    if isinstance(action, Navigate):
        return Effect(what="url_matches", value=action.url) if action.url else None
    if isinstance(action, Upload):
        return Effect(what="file_uploaded", target=target, value=Path(action.files[0]).name)
    if isinstance(action, Download):
        return Effect(what="file_downloaded", target=target)
    if isinstance(action, Scroll):
        return Effect(what="scrolled")
    if isinstance(action, Extract):
        return Effect(what="table_extracted")
    if isinstance(action, Drag) and action.value is not None:
        return Effect(what="value_set", target=target, value=f"{action.value:g}")
    if isinstance(action, WaitFor) and action.text is not None:
        return Effect(what="text_gone" if action.gone else "text_appeared", value=action.text)
    if isinstance(action, WaitFor) and action.url is not None:
        return Effect(what="url_matches", value=action.url)
    return None


# -- reading an observation ------------------------------------------------------------------------------
def find_again(obs: Observation, element: Element | None) -> Element | None:
    """``element`` in a later observation: by selector, else the same role and label nearest its old box."""
    if element is None:
        return None
    if element.selector:
        for e in obs.elements:
            if e.selector == element.selector and e.frame == element.frame:
                return e
    same = [e for e in obs.elements if e.role == element.role and e.label == element.label and e.tag == element.tag]
    return max(same, key=lambda e: e.bbox.iou(element.bbox), default=None)


def _texts(obs: Observation) -> list[str]:
    out = [t for e in obs.elements if e.visible for t in (e.name, e.text, e.value or "") if t]
    out += [s.text for s in obs.text_spans]
    out.append(obs.title)
    return out


def shows(obs: Observation, text: str) -> bool:
    want = fold(text)
    return bool(want) and any(want in fold(t) for t in _texts(obs))


def _url_fits(url: str, want: str) -> bool:
    if any(ch in want for ch in "*?["):
        return fnmatch.fnmatchcase(url, want.replace("**", "*"))
    bare = re.sub(r"^[a-z]+://", "", want.strip(), flags=re.IGNORECASE).rstrip("/")
    here = re.sub(r"^[a-z]+://", "", url, flags=re.IGNORECASE).rstrip("/")
    return bool(bare) and (bare.casefold() in here.casefold())


def _signature(e: Element) -> tuple[Any, ...]:
    s = e.states
    return (e.role, e.label, e.text, e.value, e.visible, s.checked, s.selected, s.expanded, s.disabled)


def _without(obs: Observation, moving: set[str], spans: bool) -> Observation:
    elements = tuple(e for e in obs.elements if e.selector not in moving)
    return obs.model_copy(update={"elements": elements, "text_spans": obs.text_spans if spans else ()})


def changes(before: Observation, after: Observation, settled: Observation | None = None) -> str:
    """What a user could see change between two observations ('' when nothing did).

    With ``settled`` (a look taken right after ``after``), the elements still changing between
    the two looks are left out: a ticker, a clock or an animation changes with no action at all.
    """
    if after.url != before.url:
        return f"the URL changed to {after.url}"
    if after.title != before.title:
        return f"the title changed to {after.title!r}"
    if settled is not None:
        now = {e.selector: _signature(e) for e in settled.elements if e.selector}
        moving = {e.selector for e in after.elements if e.selector and now.get(e.selector) != _signature(e)}
        same_spans = [s.text for s in after.text_spans] == [s.text for s in settled.text_spans]
        if moving or not same_spans:
            return changes(_without(before, moving, same_spans), _without(after, moving, same_spans))
    old = {fold(t) for t in _texts(before)}
    fresh = [t for t in _texts(after) if fold(t) and fold(t) not in old]
    if fresh:  # the most specific new text: a container's text changes with every child's
        return f"text appeared: {min(fresh, key=len)[:80]!r}"
    gone = {fold(t) for t in _texts(before)} - {fold(t) for t in _texts(after)}
    if gone:
        return f"text went away: {min(gone)[:80]!r}"
    a = {e.selector: _signature(e) for e in before.elements if e.selector}
    b = {e.selector: _signature(e) for e in after.elements if e.selector}
    if len(a) != len(b):
        return f"the page now has {len(b)} elements (was {len(a)})"
    moved = [sel for sel, sig in b.items() if a.get(sel) != sig]
    if moved:
        return f"{len(moved)} element(s) changed state"
    return ""


# -- the checks --------------------------------------------------------------------------------------------
async def _field(facts: Facts, effect: Effect) -> Element | None:
    found = find_again(facts.after, facts.acted)
    if found is None and effect.target is not None and effect.target.query:
        candidate = await facts.ground(facts.after, effect.target.query)
        found = candidate.element if candidate is not None else None
    return found


async def _value_set(facts: Facts, effect: Effect, action: Action) -> Evidence:
    want = facts.substitute(effect.value or "")
    if isinstance(action, TypeText) and action.normalized:
        wants = {fold(want), fold(action.normalized)}
    else:
        wants = {fold(want)}
    element = await _field(facts, effect)
    result = facts.outcome.result
    said = result.details.get("value") if result is not None else None
    name = repr(element.label) if element is not None and element.label else "the field"
    if element is not None and element.value is not None:
        if element.attributes.get("type") == "password":
            if isinstance(said, str) and fold(said) in wants:
                return Evidence(True, f"{name} holds the typed value ({len(said)} characters, masked)")
            return Evidence(len(element.value) == len(want), f"{name} holds {len(element.value)} masked characters")
        got = fold(element.value)
        chosen = element.tag == "select" and any(w and w in got for w in wants)  # the option's full label
        if got in wants or chosen or (len(got) >= 300 and any(w.startswith(got) for w in wants)):
            return Evidence(True, f"value of {name} is {element.value!r}")
        if _numeric(got) is not None and any(_numeric(w) == _numeric(got) for w in wants):
            return Evidence(True, f"value of {name} is {element.value!r}")
        if _bare(got) and any(_bare(w) == _bare(got) for w in wants):  # the page formatted it: 010-555-1234
            return Evidence(True, f"value of {name} is {element.value!r} (as the page formats {want!r})")
        return Evidence(False, f"value of {name} is {element.value!r}, expected {want!r}")
    if isinstance(said, str | int | float) and fold(str(said)) in wants:
        return Evidence(True, f"value of {name} is {said!r} (read after typing)")
    return Evidence(False, f"no field shows the value {want!r}")


def _bare(text: str) -> str:
    return re.sub(r"[\W_]+", "", text)


def _numeric(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


async def _checked(facts: Facts, effect: Effect, on: bool) -> Evidence:
    element = await _field(facts, effect)
    state = element.states.checked if element is not None else None
    name = repr(element.label) if element is not None and element.label else "the box"
    if state is None:
        result = facts.outcome.result
        if (
            result is not None
            and result.action in ("check", "uncheck")
            and result.action == ("check" if on else "uncheck")
        ):
            return Evidence(True, f"{name} is {'checked' if on else 'unchecked'} (confirmed by the page)")
        return Evidence(False, f"{name} has no checked state to read")
    word = "checked" if state else "unchecked"
    return Evidence(state is on, f"{name} is {word}")


_CHOICE_ROLES = frozenset({"option", "radio", "menuitem", "menuitemradio", "menuitemcheckbox", "tab", "treeitem"})


def _shows_choice(element: Element, want: str) -> str | None:
    """What a control that holds a choice (a select, a combobox, a dropdown's button) shows of ``want``."""
    if element.role == "listbox" and element.tag != "select":  # a list of every option says each of them
        shown: tuple[str | None, ...] = (element.value,)
    else:
        shown = (element.value, element.text, element.name)
    return next((t for t in shown if t and want and (fold(t) == want or want in fold(t))), None)


async def _selected(facts: Facts, effect: Effect) -> Evidence:
    """The option is chosen: it says so (selected, checked), or a control that did not show it before shows it.

    An option's own words are no evidence: a list that only opened shows every option it has.
    """
    want = fold(effect.value)
    element = await _field(facts, effect)
    if element is not None and element.role not in _CHOICE_ROLES and (shown := _shows_choice(element, want)):
        return Evidence(True, f"{element.label or 'the list'!r} shows {shown!r}")
    for e in facts.after.elements:
        if fold(e.label) == want and (e.states.selected or e.states.checked):
            return Evidence(True, f"option {e.label!r} is selected")
    result = facts.outcome.result
    chosen = result.details.get("selected") if result is not None else None
    if isinstance(chosen, list) and any(fold(str(c)) == want for c in chosen) and element is None:
        return Evidence(True, f"the page reports {chosen!r} selected")
    for e in facts.after.elements:
        if e.role not in ("combobox", "listbox", "button") or not e.visible or not _shows_choice(e, want):
            continue
        was = find_again(facts.before, e)  # an option drawn as a button appears when the list opens
        if was is not None and was.visible and not _shows_choice(was, want):
            return Evidence(True, f"{e.role} {e.label!r} now shows {effect.value!r}")
    return Evidence(False, f"{effect.value!r} is not shown as selected")


def _file(facts: Facts, effect: Effect, what: str) -> Evidence:
    result = facts.outcome.result
    details = result.details if result is not None else {}
    if what == "file_downloaded":
        path = details.get("path")
        ok = isinstance(path, str) and Path(path).is_file()
        return Evidence(ok, f"downloaded {path}" if ok else "no downloaded file")
    files = details.get("files")
    want = fold(effect.value)
    ok = isinstance(files, list) and (not want or any(want in fold(str(f)) for f in files))
    return Evidence(ok, f"the file input holds {files!r}" if files else "the file input is empty")


async def _assert(facts: Facts, action: Assert) -> Evidence:
    obs, text = facts.after, action.text or ""
    if action.what == "text_visible":
        return Evidence(shows(obs, text), f"{text!r} is {'shown' if shows(obs, text) else 'not on the page'}")
    if action.what == "text_absent":
        return Evidence(not shows(obs, text), f"{text!r} is {'still shown' if shows(obs, text) else 'not shown'}")
    if action.what == "url_matches":
        return Evidence(_url_fits(obs.url, text), f"the URL is {obs.url}")
    if action.what == "title_matches":
        return Evidence(fold(text) in fold(obs.title), f"the title is {obs.title!r}")
    query = action.target.query if action.target is not None and action.target.query else ""
    candidate = await facts.ground(obs, query) if query else None
    element = candidate.element if candidate is not None else find_again(obs, facts.acted)
    if action.what == "hidden":
        return Evidence(
            element is None or not element.visible, f"{query!r} is {'hidden' if element is None else 'shown'}"
        )
    if element is None:
        return Evidence(False, f"{query!r} is not on the page")
    name, s = repr(element.label or query), element.states
    facts_of = {
        "visible": (element.visible, f"{name} is {'visible' if element.visible else 'hidden'}"),
        "checked": (s.checked is True, f"{name} is {'checked' if s.checked else 'not checked'}"),
        "unchecked": (s.checked is False, f"{name} is {'unchecked' if s.checked is False else 'checked'}"),
        "enabled": (not s.disabled, f"{name} is {'disabled' if s.disabled else 'enabled'}"),
        "disabled": (s.disabled, f"{name} is {'disabled' if s.disabled else 'enabled'}"),
        "selected": (bool(s.selected or s.checked), f"{name} is {'selected' if s.selected or s.checked else 'not selected'}"),
        "value": (fold(element.value) == fold(text), f"value of {name} is {element.value!r}"),
    }  # fmt: skip
    ok, says = facts_of[action.what]
    return Evidence(ok, says)


async def _declared(facts: Facts, effect: Effect, action: Action) -> Evidence:
    what, after = effect.what, facts.after
    if what == "value_set":
        return await _value_set(facts, effect, action)
    if what in ("checked", "unchecked"):
        return await _checked(facts, effect, what == "checked")
    if what == "selected":
        return await _selected(facts, effect)
    if what == "url_changed":
        changed = after.url != facts.before.url or (isinstance(action, Navigate) and action.history == "reload")
        return Evidence(changed, f"the URL is {after.url}" + ("" if changed else " (unchanged)"))
    if what == "url_matches":
        return Evidence(_url_fits(after.url, effect.value or ""), f"the URL is {after.url}")
    if what in ("text_appeared", "text_gone"):
        seen = shows(after, effect.value or "")
        return Evidence(seen == (what == "text_appeared"), f"{effect.value!r} is {'shown' if seen else 'not shown'}")
    if what in ("element_appeared", "element_gone"):
        query = effect.target.query if effect.target is not None and effect.target.query else ""
        found = await facts.ground(after, query) if query else None
        there = found is not None and (found.element is None or found.element.visible)
        return Evidence(there == (what == "element_appeared"), f"{query!r} is {'there' if there else 'not there'}")
    if what in ("file_uploaded", "file_downloaded"):
        return _file(facts, effect, what)
    if what == "scrolled":
        result = facts.outcome.result
        moved = result.details.get("moved_px") if result is not None else None
        if after.scroll != facts.before.scroll:
            return Evidence(True, f"scrolled to {after.scroll}")
        if result is not None and result.action == "scroll_to":
            return Evidence(True, "the target is in view")
        return Evidence(moved is not None, f"the page cannot scroll further (moved {moved})")
    if what == "table_extracted":
        n = len(facts.outcome.tables)
        return Evidence(n > 0, f"read {n} table(s)" if n else "no table on the page")
    return Evidence(False, f"cannot verify {what!r}")


async def check(facts: Facts, action: Action) -> Evidence:
    """The verdict on ``action``: its effect (declared or derived) on ``facts.after``, or any visible change."""
    if isinstance(action, Done):
        return Evidence(True, action.summary or "done")
    if isinstance(action, Fail):
        return Evidence(False, action.message or "the plan gave up")
    if isinstance(action, Assert):
        return await _assert(facts, action)
    if isinstance(action, Hover) and action.expect is None:
        result = facts.outcome.result
        point = result.point if result is not None else None
        return Evidence(point is not None, f"the pointer is over {result.target.label!r}" if result and result.target
                        else "the pointer did not move")  # fmt: skip
    if isinstance(action, WaitFor) and action.expect is None and facts.outcome.result is None:
        return Evidence(True, f"waited {action.seconds}s")
    effect = effect_of(action)
    if effect is not None:
        return await _declared(facts, effect, action)
    if facts.new_events:
        return Evidence(True, facts.new_events[0])
    said = changes(facts.before, facts.after)
    if said and facts.look is not None and facts.after.url == facts.before.url:
        said = changes(facts.before, facts.after, await facts.look())
    if said:
        return Evidence(True, said)
    if isinstance(action, Navigate) and action.history == "reload":
        return Evidence(True, "reloaded")
    kind = "click" if isinstance(action, Click) else "key press" if isinstance(action, Press) else action.kind
    return Evidence(False, f"nothing on the page changed after the {kind}")
