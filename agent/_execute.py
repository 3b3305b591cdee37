"""One :data:`~agent.actions.Action` → the :mod:`tools.browser.actions` call that performs it.

The graph grounds an action's target first (:func:`resolve_target` and :func:`ground_target` on
the step's observation) and hands the chosen candidate here, so the tools never ground again.
Secrets are substituted only here, at the keyboard. :func:`resolved` turns what a tool acted on
into the :class:`~agent._records.ResolvedTarget` a record and a replay file keep: a CSS selector
that matched exactly that element (DOM targets of the main frame), its box and its text.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from playwright.async_api import Error as PwError

from agent._records import ResolvedTarget
from agent.actions import (
    Action,
    Check,
    Click,
    Download,
    Drag,
    Extract,
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
from model.errors import ActionError, ConfigError, TilepilotError
from perception.document import Cell, Table, TableRegion
from perception.types import BBox, Candidate, Element, Grounding, Observation
from tools.browser import actions as tools

if TYPE_CHECKING:
    from model.protocol import TextEmbedder, VisionModel
    from tools.browser import ActionResult, ActionTarget, Session

__all__ = [
    "Outcome", "execute", "ground_target", "ground_within", "html_tables", "inner_control", "needs_target", "query_of",
    "region_of", "resolved", "selector_element", "snap_to_dom", "target_of", "without_container",
]  # fmt: skip

logger = logging.getLogger(__name__)

_DATE_TYPES = frozenset({"date", "time", "datetime-local", "month", "week"})
_TEXT_MAX = 200


@dataclass
class Outcome:
    """What executing one action gave: the tool's result (None for assert/done/fail) and any tables read."""

    result: ActionResult | None = None
    tables: list[Table] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)


def target_of(action: Action) -> Target | None:
    """The target an action acts on (None: the page, the focused element, or no element at all)."""
    if isinstance(action, Select | Upload) and action.target is None:
        return None
    return getattr(action, "target", None) if isinstance(getattr(action, "target", None), Target) else None


def needs_target(action: Action) -> bool:
    """Whether the action must find an element before it can run."""
    if isinstance(action, Click | Check | Hover | Drag | Download):
        return True
    if isinstance(action, Select):
        return True  # without a target, the option itself is what to find
    if isinstance(action, Upload):
        return True
    return isinstance(action, TypeText | Press | Scroll) and action.target is not None


def query_of(action: Action) -> str | None:
    """The words to ground for an action's target, or None when it is a selector, a box or absent."""
    target = target_of(action)
    if target is not None:
        return target.query
    if isinstance(action, Select):
        return action.option
    if isinstance(action, Upload):
        return "the file input"
    return None


# -- targets -----------------------------------------------------------------------------------------------
def _by_selector(obs: Observation, selector: str) -> Element | None:
    return next((e for e in obs.elements if e.selector == selector and not e.frame), None)


async def selector_element(session: Session, obs: Observation, selector: str) -> Element | None:
    """The observed element a CSS selector finds (exactly one match), or None."""
    found = _by_selector(obs, selector)
    if found is not None:
        return found
    try:
        loc = session.page.locator(selector)
        if await loc.count() != 1:
            return None
        box = await loc.bounding_box(timeout=2000)
        tag = await loc.evaluate("el => el.localName", timeout=2000)
    except PwError:
        return None
    if box is None:
        return None
    bbox = BBox(x0=box["x"], y0=box["y"], x1=box["x"] + box["width"], y1=box["y"] + box["height"], space="css_px")
    near = max(obs.elements, key=lambda e: e.bbox.iou(bbox) if not e.frame else 0.0, default=None)
    if near is not None and near.bbox.iou(bbox) > 0.9:
        return near
    return Element(index=0, role="generic", tag=str(tag), bbox=bbox, selector=selector)


async def ground_target(
    session: Session, obs: Observation, action: Action, *, embedder: TextEmbedder | None,
    model: VisionModel | None, limit: int = 10,
) -> list[Candidate]:  # fmt: skip
    """Candidates for the action's target on ``obs``, best first ([] when nothing is good enough).

    A selector or box target gives one candidate; a query is grounded on the DOM and OCR text
    first, with the embedder only when the words alone find nothing, and ``model`` last.
    """
    from perception.grounding import ground

    target = target_of(action)
    if target is not None and target.selector is not None:
        element = await selector_element(session, obs, target.selector)
        if element is None:
            return []
        return [Candidate(bbox=element.bbox, element=element, source="dom", score=1.0, why="selector")]
    if target is not None and target.box is not None:
        return [Candidate(bbox=target.box, source="dom", score=1.0, why="box")]
    query = query_of(action)
    if query is None:
        return []
    if isinstance(action, Upload) and target is None:
        files = [e for e in obs.elements if e.tag == "input" and e.attributes.get("type") == "file"]
        return [Candidate(bbox=e.bbox, element=e, source="dom", score=1.0, why="file input") for e in files[:1]]
    found = await ground(obs, query, limit=limit)
    if isinstance(action, Select) and action.target is not None and (picks := await _choice_named(obs, found, action)):
        return picks  # "만족도" (satisfaction) grounded best on the radio "만족" (satisfied), a choice of the group
    if not found.found and (fits := await _by_role(obs, action, query, limit) or _submit_buttons(obs, query)
                            or _confirm_buttons(obs, query)):  # fmt: skip
        return fits
    if not found.found and isinstance(action, Click | Select) and (holders := await _holders(session, obs, action)):
        return holders
    if not found.found and isinstance(action, Select) and action.target is not None:
        picks = await _option_picks(obs, action.option, limit)  # a radio group's label may not ground: its choice does
        if picks:
            return picks
    if not found.found and embedder is not None:
        found = await ground(obs, query, embedder=embedder, limit=limit)
    if not found.found and model is not None:
        found = await ground(obs, query, embedder=embedder, model=model, limit=limit)
    if not found.found:
        return []
    return [c for c in found.candidates if c.score >= found.threshold]


async def _choice_named(obs: Observation, found: Grounding, action: Select) -> list[Candidate]:
    """When the words for a select's group ground best on one of its choices: the choice the option names.

    [] when the best candidate is not a choice (a dropdown, a group), so the group is used as found.
    """
    good = [c for c in found.candidates if c.score >= found.threshold]
    best = good[0].element if good else None
    if best is None or best.role not in _OPTION_ROLES:
        return []
    want = _fold(action.option)
    named = [
        c for c in good if c.element is not None and c.element.role in _OPTION_ROLES and _fold(c.element.label) == want
    ]
    return named or await _option_picks(obs, action.option, len(found.candidates) or 10)


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


async def _option_picks(obs: Observation, option: str, limit: int) -> list[Candidate]:
    """The choices (radios, options, tabs) that ``option`` names."""
    from perception.grounding import ground

    options = await ground(obs, option, limit=limit)
    return [c for c in options.candidates if c.score >= options.threshold and c.element is not None
            and c.element.role in _OPTION_ROLES]  # fmt: skip


_NOUNS = re.compile(
    r"\b(?:the|a|an|list|drop-?down|menu|select(?:or|ion)?|combo\s*box|box|field|input|text\s*(?:box|area)|area|"
    r"check\s*box|radio(?:\s+button)?|switch|toggle|option|control|목록|드롭다운|메뉴|선택|상자|칸|입력란|입력창|체크박스)\b",
    re.IGNORECASE,
)
"""The words that name a control's kind: the action says the kind already, so a target can be found without them."""
_ROLES: dict[str, frozenset[str]] = {
    "select": frozenset({"combobox", "listbox"}),
    "type": frozenset({"textbox", "searchbox", "combobox", "spinbutton"}),
    "check": frozenset({"checkbox", "radio", "switch", "menuitemcheckbox", "menuitemradio"}),
}


_OPTION_ROLES = frozenset({"radio", "option", "menuitemradio", "menuitem", "tab", "checkbox", "switch"})
_SUBMIT = re.compile(r"\bsubmit\b|제출", re.IGNORECASE)


def _submit_buttons(obs: Observation, query: str) -> list[Candidate]:
    """For "submit" / "the submit button": the form's submit buttons (explicit ``type=submit`` first), by HTML semantics."""
    if not _SUBMIT.search(query) or len(_NOUNS.sub(" ", _SUBMIT.sub(" ", query)).split()) > 1:
        return []
    shown = [e for e in obs.elements if e.visible and not e.states.disabled and e.selector]
    explicit = [e for e in shown if e.tag in ("button", "input") and e.attributes.get("type") in ("submit", "image")]
    implicit = [e for e in shown if e.tag == "button" and "type" not in e.attributes]
    return [Candidate(bbox=e.bbox, element=e, source="dom", score=0.8, why="type=submit")
            for e in (explicit or implicit)[:3]]  # fmt: skip


_HOLDS = "dropdown holding "
"""The ``why`` of a candidate that is a dropdown whose hidden options include the words: it is chosen, not clicked."""

_HOLDERS_JS = """(text) => {
    const fold = s => (s || "").replace(/\\s+/g, " ").trim().toLowerCase();
    const want = fold(text), out = [];
    const rect = el => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
    for (const sel of document.querySelectorAll("select"))
        if (Array.from(sel.options).some(o => fold(o.text) === want)) out.push(rect(sel));
    for (const opt of document.querySelectorAll("[role=option]")) {
        if (fold(opt.textContent) !== want || opt.getClientRects().length) continue;  // a shown option grounds itself
        const list = opt.closest("[role=listbox]");
        const owner = list && list.id ? document.querySelector(`[aria-controls="${CSS.escape(list.id)}"], ` +
            `[aria-owns="${CSS.escape(list.id)}"]`) : null;
        const trigger = owner || (list && list.closest("[role=combobox]")) ||
            (list && list.parentElement && list.parentElement.querySelector("[aria-haspopup], [role=combobox]"));
        if (trigger) out.push(rect(trigger));
    }
    return out;
}"""


async def _holders(session: Session, obs: Observation, action: Click | Select) -> list[Candidate]:
    """Dropdowns (native or custom) whose not-shown options include the words: "pick Germany" chooses it there."""
    words = action.option if isinstance(action, Select) else action.target.query
    if isinstance(action, Select) and action.target is not None or not words:
        return []
    try:
        boxes = await session.page.evaluate(_HOLDERS_JS, " ".join(_NOUNS.sub(" ", words).split()) or words)
    except PwError:
        return []
    found = []
    for raw in boxes:
        box = _css_box(raw)
        element = max(obs.elements, key=lambda e: e.bbox.iou(box) if not e.frame else 0.0, default=None)
        if element is not None and element.bbox.iou(box) > 0.8:
            found.append(Candidate(bbox=element.bbox, element=element, source="dom", score=0.7, why=_HOLDS + words))
    return found[:3]


_CONFIRM = re.compile(r"^(?:the\s+|a\s+)?(?:confirm|ok|okay|yes|proceed|continue|accept)\b|^(?:확인|예|네)(?:\s|$|을|를|버튼)",
                      re.IGNORECASE)  # fmt: skip
_CANCEL = re.compile(r"\b(?:cancel|no|close|back|dismiss|not now|later)\b|취소|아니|닫기|나중에", re.IGNORECASE)


def _confirm_buttons(obs: Observation, query: str) -> list[Candidate]:
    """For "confirm" / "OK" / "확인": the open dialog's button that is not its way out (Cancel, No, Close)."""
    if not _CONFIRM.search(query.strip()):
        return []
    dialogs = [e for e in obs.elements if e.role in ("dialog", "alertdialog") and e.visible and not e.occluded]
    buttons = [e for e in obs.elements if e.role == "button" and e.visible and not e.occluded and e.label
               and not _CANCEL.search(e.label)]  # fmt: skip
    if dialogs:
        inside = [b for b in buttons if any(d.bbox.intersection_area(b.bbox) >= 0.9 * b.bbox.area for d in dialogs)]
    else:  # an overlay without a role: what it leaves reachable while the rest of the page is covered, when it
        # asks a question (it offers a way out too: Cancel, No), not when it only informs (a cookie notice)
        covered = sum(1 for e in obs.elements if e.interactive and e.occluded)
        asks = any(
            e.role == "button" and e.visible and not e.occluded and _CANCEL.search(e.label) for e in obs.elements
        )
        inside = buttons if covered > len(buttons) and asks else []
    return [Candidate(bbox=b.bbox, element=b, source="dom", score=0.75, why="the dialog's confirming button")
            for b in reversed(inside)][:2]  # fmt: skip


def _is_dropdown(element: Element | None) -> bool:
    """A native select, or a listbox/combobox that takes no typing."""
    if element is None:
        return False
    if element.tag == "select":
        return True
    return element.role in ("combobox", "listbox") and element.tag not in ("input", "textarea") and not (
        element.states.editable)  # fmt: skip


async def _by_role(obs: Observation, action: Action, query: str, limit: int) -> list[Candidate]:
    """Candidates for ``query`` without its control-kind words, kept only when their role fits the action.

    "the size list" for a select finds the Size dropdown although the word "list" names another role.
    """
    from perception.grounding import ground

    roles = _ROLES.get(action.kind)
    bare = " ".join(_NOUNS.sub(" ", query).split())
    if roles is None or not bare or bare.casefold() == query.casefold().strip():
        return []
    found = await ground(obs, bare, limit=limit)
    return [c for c in found.candidates if c.score >= found.threshold and c.element is not None
            and c.element.role in roles]  # fmt: skip


_DOWNLOADISH = re.compile(r"download|export|save|get|pdf|csv|다운로드|내려받|저장", re.IGNORECASE)


def inner_control(candidate: Candidate, obs: Observation, action: Action) -> Candidate:
    """A row or card found for a click or download: the control inside it that does it (its one link or button)."""
    element = candidate.element
    if not isinstance(action, Click | Download) or element is None or element.interactive:
        return candidate
    inside = [e for e in obs.elements if e.interactive and e.visible and not e.occluded and e.selector
              and element.bbox.intersection_area(e.bbox) >= 0.9 * e.bbox.area > 0]  # fmt: skip
    if isinstance(action, Download):
        inside = [e for e in inside if _DOWNLOADISH.search(f"{e.label} {e.attributes.get('href', '')}")] or inside
    if len(inside) != 1 and not (isinstance(action, Download) and inside):
        return candidate
    control = inside[0]
    return candidate.model_copy(update={"element": control, "bbox": control.bbox,
                                        "why": f"{candidate.why}; its {control.role} {control.label!r}"})  # fmt: skip


_CONTAINER = re.compile(
    r"\b(?:the|a|an|any|banner|pop-?up|dialog|modal|notice|message|bar|window|overlay|panel|box|prompt|layer|"
    r"sheet|toast|alert|notification)\b|배너|팝업|대화\s*상자|창|알림|안내|레이어|메시지",
    re.IGNORECASE,
)
"""Words that name a container's kind; what is left names what it is about ("cookie" of "the cookie banner")."""


def _stems(words: str) -> list[str]:
    out = []
    for word in _CONTAINER.sub(" ", words).casefold().split():
        word = re.sub(r"(?:을|를|이|가|의|은|는)$", "", word) if re.search(r"[가-힣]", word) else word
        out.append(word[:-1] if len(word) > 4 and word.endswith("s") else word)
    return [w for w in out if len(w) >= 2]


async def region_of(obs: Observation, query: str) -> BBox | None:
    """Where ``query`` ("a cookie banner", "the newsletter popup") is on the page, or None when it is not there.

    Grounded first; else the smallest visible block whose text holds every distinctive word of the
    query (what the container is about), and no other block's box holds it: the banner, not the page.
    """
    from perception.grounding import ground

    found = await ground(obs, query)
    if found.best is not None:
        return found.best.bbox
    stems = _stems(query)
    if not stems:
        return None
    blocks = [e for e in obs.elements if e.visible and not e.occluded and e.text and e.bbox.area > 0
              and all(st in e.text.casefold() for st in stems) and len(e.text) > len(" ".join(stems)) + 3]  # fmt: skip
    best = min(blocks, key=lambda e: e.bbox.area, default=None)
    return best.bbox if best is not None else None


def without_container(target: str, container: str) -> str:
    """``target`` with its reference to ``container`` left out: "the Accept button of the cookie banner" → "the Accept button"."""
    words = re.escape(container.strip())
    bare = re.sub(rf"\s*\b(?:of|in|on|inside|within|from)\s+(?:the\s+|a\s+|an\s+)?{words}\s*$", "", target,
                  flags=re.IGNORECASE)  # fmt: skip
    bare = re.sub(rf"^\s*{words}\s*(?:의|에서|에\s*있는|안의)\s*", "", bare)
    return bare.strip() or target


async def ground_within(obs: Observation, region: BBox, query: str, *, limit: int = 5) -> list[Candidate]:
    """Candidates for ``query`` among the elements inside ``region`` only."""
    from perception.grounding import ground

    inside = [e for e in obs.elements if region.intersection_area(e.bbox) >= 0.8 * e.bbox.area > 0]
    scoped = obs.model_copy(update={"elements": tuple(e.model_copy(update={"index": i}) for i, e in enumerate(inside)),
                                    "text_spans": ()})  # fmt: skip
    found = await ground(scoped, query, limit=limit)
    return [c for c in found.candidates if c.score >= found.threshold]


def snap_to_dom(candidate: Candidate, obs: Observation) -> Candidate:
    """A pixel-found target (OCR or model) moved onto the DOM element under it, when there is one."""
    if candidate.element is not None and candidate.element.selector:
        return candidate
    cx, cy = candidate.bbox.center
    under = [
        e for e in obs.elements
        if e.visible and not e.frame and e.selector and e.bbox.x0 <= cx <= e.bbox.x1 and e.bbox.y0 <= cy <= e.bbox.y1
    ]  # fmt: skip
    if not under:
        return candidate
    best = min(under, key=lambda e: (not e.interactive, e.bbox.area))
    return candidate.model_copy(update={"element": best, "bbox": best.bbox, "why": f"{candidate.why}; snapped to dom"})


def resolved(found: ActionTarget | Candidate | None, *, query: str | None = None) -> ResolvedTarget | None:
    """What a record keeps of a target: source, box, label, text fingerprint and a unique selector."""
    if found is None:
        return None
    element = found.element
    source = found.source if found.source in ("dom", "ocr", "model") else "box"
    label, score = found.label, found.score
    if not isinstance(found, Candidate):
        query = found.query or query
    text = (element.text or element.label) if element is not None else label
    selector = element.selector if element is not None and element.selector and not element.frame else None
    score = None if score is None else min(max(float(score), 0.0), 1.0)
    return ResolvedTarget(source=source, bbox=found.bbox, label=label, role=element.role if element else None,
                          text=text[:_TEXT_MAX], selector=selector, query=query, score=score)  # fmt: skip


# -- execution ---------------------------------------------------------------------------------------------
def _aim(candidate: Candidate | None, action: Action) -> Candidate | BBox:
    if candidate is None:
        said = action.source or action.kind
        raise ConfigError(f"the step {said!r} needs a target and none was found", name="target", value=said)
    if candidate.element is None and candidate.bbox.space == "css_px":
        return candidate.bbox
    return candidate


async def execute(
    session: Session, action: Action, candidate: Candidate | None, *, substitute: Callable[[str], str] = str,
    timeout_s: float = 10.0, load_timeout_s: float | None = None, screenshot: bool = False,
) -> Outcome:  # fmt: skip
    """Perform ``action`` on ``candidate`` (its grounded target); raises the tools' :class:`ActionError` family.

    ``substitute`` fills ``{{name}}`` placeholders in typed text (and nowhere else). A page load
    or a wait may take ``load_timeout_s`` (default: ``timeout_s``, at least 30 s for a load).
    """
    shot = screenshot
    slow_s = max(timeout_s, 30.0) if load_timeout_s is None else load_timeout_s
    kw: dict[str, Any] = {"timeout_s": timeout_s, "screenshot": shot}
    if isinstance(action, Navigate):
        if action.url is not None:
            return Outcome(await tools.navigate(session, action.url, timeout_s=slow_s, screenshot=shot))
        history = {"back": tools.back, "forward": tools.forward, "reload": tools.reload}[action.history or "reload"]
        return Outcome(await history(session, timeout_s=slow_s, screenshot=shot))
    if isinstance(action, Click):
        option = _option_named(action, candidate)
        if option is not None and candidate is not None:  # "click Germany" on a native select: choose that option
            return Outcome(await tools.select(session, candidate, option, **kw))
        return Outcome(
            await tools.click(session, _aim(candidate, action), button=action.button, count=action.count, **kw)
        )
    if isinstance(action, TypeText):
        return Outcome(await _type(session, action, candidate, substitute, kw))
    if isinstance(action, Press):
        target = _aim(candidate, action) if action.target is not None else None
        return Outcome(await tools.press(session, action.keys, target=target, **kw))
    if isinstance(action, Select):
        element = candidate.element if candidate is not None else None
        held = candidate is not None and candidate.why.startswith(_HOLDS)
        if not held and (action.target is None or (element is not None and element.role in _OPTION_ROLES)):
            return Outcome(await tools.click(session, _aim(candidate, action), **kw))  # the option itself was found
        return Outcome(await tools.select(session, _aim(candidate, action), action.option, **kw))
    if isinstance(action, Check):
        tool = tools.check if action.checked else tools.uncheck
        return Outcome(await tool(session, _aim(candidate, action), **kw))
    if isinstance(action, Hover):
        return Outcome(await tools.hover(session, _aim(candidate, action), **kw))
    if isinstance(action, Scroll):
        return Outcome(await _scroll(session, action, candidate, kw))
    if isinstance(action, Drag):
        return Outcome(await _drag(session, action, candidate, kw))
    if isinstance(action, WaitFor):
        return Outcome(await _wait(session, action, max(timeout_s, 10.0) if load_timeout_s is None else slow_s, shot))
    if isinstance(action, Upload):
        return Outcome(await tools.upload(session, _aim(candidate, action), action.files, **kw))
    if isinstance(action, Download):
        return Outcome(await tools.download(session, _aim(candidate, action), timeout_s=timeout_s, screenshot=shot))
    if isinstance(action, Extract):
        return Outcome(tables=await html_tables(session, candidate))
    return Outcome()  # assert, done, fail: nothing to do on the page


async def _type(
    session: Session, action: TypeText, candidate: Candidate | None, substitute: Callable[[str], str],
    kw: dict[str, Any],
) -> ActionResult:  # fmt: skip
    text = substitute(action.text)
    element = candidate.element if candidate is not None else None
    if action.normalized and element is not None and element.attributes.get("type") in _DATE_TYPES:
        text = action.normalized
    if action.target is None:
        return await tools.type_text(session, None, text, clear=action.clear, **kw)
    if _is_dropdown(element) and candidate is not None:  # "set the language to Deutsch" on a dropdown
        return await tools.select(session, candidate, text, **kw)
    result = await tools.fill(session, _aim(candidate, action), text, clear=action.clear, **kw)
    await _commit(session, result)
    return result


async def _commit(session: Session, result: ActionResult) -> None:
    """Fire ``change`` on a filled input or text area, as leaving the field would, without moving the focus."""
    element = result.target.element if result.target is not None else None
    if element is None or element.tag not in ("input", "textarea") or "dialog" in result.details:
        return
    if element.attributes.get("type") in (*_DATE_TYPES, "color", "range"):  # filling these commits at once
        return
    from perception.screen import resolve

    try:
        locator = await resolve(session.page, element, timeout_s=2.0)
        await locator.dispatch_event("change", timeout=2000)
    except (TilepilotError, PwError) as exc:  # the field went away after typing: nothing left to tell
        logger.debug("no change event for %s: %s", element.selector, exc)


def _option_named(action: Click, candidate: Candidate | None) -> str | None:
    """The option a click on a dropdown names ("Germany"), when the words do not name the dropdown itself."""
    if candidate is not None and candidate.why.startswith(_HOLDS):
        return candidate.why.removeprefix(_HOLDS)
    element = candidate.element if candidate is not None else None
    query = action.target.query if action.target.query else None
    if element is None or element.tag != "select" or query is None:
        return None
    words = " ".join(_NOUNS.sub(" ", query).split())
    label = element.label.casefold()
    if not words or (label and (label in query.casefold() or words.casefold() in label)):
        return None
    return words


async def _scroll(session: Session, action: Scroll, candidate: Candidate | None, kw: dict[str, Any]) -> ActionResult:
    scroller = _aim(candidate, action) if action.target is not None else None
    if isinstance(action.to, Target):
        from perception.grounding import ground
        from perception.screen import observe

        obs = await observe(session.page, screenshot=False, timeout_s=kw["timeout_s"])
        found = await ground(obs, action.to.describe() if action.to.query is None else action.to.query)
        if found.best is None:
            raise ActionError(f"cannot scroll to {action.to.describe()!r} on {session.url}: it is not on the page")
        return await tools.scroll_to(session, found.best, **kw)
    if action.to in ("top", "bottom"):
        direction: Literal["up", "down"] = "up" if action.to == "top" else "down"
        return await tools.scroll(session, scroller, direction=direction, amount_px=1_000_000, **kw)
    size = session.page.viewport_size or {"width": 1280, "height": 800}
    side = size["height"] if action.direction in ("down", "up") else size["width"]
    return await tools.scroll(session, scroller, direction=action.direction, amount_px=0.8 * side * action.times, **kw)


async def _drag(session: Session, action: Drag, candidate: Candidate | None, kw: dict[str, Any]) -> ActionResult:
    source = _aim(candidate, action)
    if action.to is None:
        return await tools.drag(session, source, value=action.value, **kw)
    if action.to.box is not None:
        return await tools.drag(session, source, action.to.box, **kw)
    return await tools.drag(session, source, action.to.query or action.to.describe(), **kw)


async def _wait(session: Session, action: WaitFor, limit_s: float, shot: bool) -> ActionResult | None:
    wait_s = min(action.seconds, limit_s) if action.seconds is not None else limit_s
    if action.text is None and action.element is None and action.url is None:
        await asyncio.sleep(wait_s)
        return None
    element = None if action.element is None else (action.element.query or action.element.describe())
    return await tools.wait_for(session, text=action.text, element=element, url=action.url, gone=action.gone,
                                timeout_s=wait_s, screenshot=shot)  # fmt: skip


# -- tables ------------------------------------------------------------------------------------------------
_TABLES_JS = """(only) => {
    const out = [];
    const tables = only ? [only] : Array.from(document.querySelectorAll("table"));
    for (const t of tables) {
        if (!(t instanceof HTMLTableElement)) continue;
        const r = t.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        const rows = [];
        let header = 0, body = false;
        for (const tr of t.rows) {
            const cells = [];
            for (const c of tr.cells) {
                const b = c.getBoundingClientRect();
                cells.push({text: c.innerText.replace(/[ \\t]+/g, " ").trim(), rowspan: c.rowSpan || 1,
                            colspan: c.colSpan || 1, th: c.tagName === "TH", box: [b.left, b.top, b.right, b.bottom]});
            }
            const allTh = cells.length > 0 && cells.every(c => c.th);
            if (!body && (allTh || tr.parentElement.tagName === "THEAD")) header++; else body = true;
            rows.push(cells);
        }
        out.push({box: [r.left, r.top, r.right, r.bottom], rows, header});
    }
    return out;
}"""


def _css_box(v: list[float]) -> BBox:
    x0, y0, x1, y1 = (float(n) for n in v)
    return BBox(x0=x0, y0=y0, x1=max(x1, x0), y1=max(y1, y0), space="css_px")


def _table(raw: dict[str, Any]) -> Table | None:
    """An HTML table's rows (with their spans) laid on a grid, as the PDF path's :class:`Table`."""
    taken: set[tuple[int, int]] = set()
    cells: list[Cell] = []
    for r, row in enumerate(raw["rows"]):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            rs, cs = max(int(cell["rowspan"]), 1), max(int(cell["colspan"]), 1)
            taken.update((r + i, c + j) for i in range(rs) for j in range(cs))
            cells.append(
                Cell(row=r, col=c, rowspan=rs, colspan=cs, text=cell["text"], page=1, bbox=_css_box(cell["box"]))
            )
            c += cs
    if not cells:
        return None
    n_rows = max(c.row + c.rowspan for c in cells)
    n_cols = max(c.col + c.colspan for c in cells)
    box = _css_box(raw["box"])
    return Table(n_rows=n_rows, n_cols=n_cols, cells=tuple(cells), header_rows=min(int(raw["header"]), n_rows),
                 method="lattice", regions=(TableRegion(page=1, bbox=box, first_row=0, n_rows=n_rows),))  # fmt: skip


async def html_tables(session: Session, candidate: Candidate | None = None) -> list[Table]:
    """The page's visible HTML tables (or the one ``candidate`` is in) as :class:`Table` s, boxes in CSS px."""
    try:
        if candidate is not None and candidate.element is not None and candidate.element.selector:
            handle = await session.page.locator(candidate.element.selector).first.evaluate_handle(
                "el => el.closest('table') || el.querySelector('table')"
            )
            raw = await session.page.evaluate(_TABLES_JS, handle)
        else:
            raw = await session.page.evaluate(_TABLES_JS, None)
    except PwError as exc:
        raise ActionError(f"cannot read the tables of {session.url}: {str(exc).splitlines()[0]}") from exc
    except TilepilotError:
        raise
    return [t for t in (_table(each) for each in raw) if t is not None]
