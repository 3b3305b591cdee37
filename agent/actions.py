"""The action union: every step the agent can take, as frozen pydantic models told apart by ``kind``.

An action names *what* to do and *on what*; the planner graph turns it into calls of
:mod:`tools.browser.actions`. A :class:`Target` is a description in words (grounded on the page
later: ``"the Login button"``, ``"두 번째 탭"``) or an explicit CSS selector or CSS-px box. Every
action keeps the instruction phrase it came from (``source``), whether a person must approve it
first (``sensitive``), whether it may be skipped when its ``condition`` does not hold
(``optional``), and its declared deterministic effect (``expect``), which the graph checks on the
next observation.

>>> a = parse_action('{"kind": "click", "target": "the Login button"}')
>>> a.target.query
'the Login button'
>>> parse_action(a.model_dump_json()) == a
True
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal, TypeAlias

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator

from model.errors import ModelError
from perception.types import BBox

__all__ = [
    "Action", "ActionParseError", "Assert", "Check", "Click", "Done", "Download", "Drag", "Effect", "Extract", "Fail",
    "Hover", "Navigate", "Press", "Scroll", "Select", "Target", "TypeText", "Upload", "WaitFor", "action_schema",
    "parse_action",
]  # fmt: skip


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Target(_Model):
    """What an action acts on: exactly one of ``query`` (words, grounded later), ``selector`` or ``box``.

    A bare string stands for ``Target(query=...)``. ``ordinal`` is informational (1-based, -1 for
    "last") and stays inside ``query`` too, where grounding reads it.

    >>> Target.model_validate("the third Delete button").query
    'the third Delete button'
    """

    query: str | None = Field(default=None, min_length=1, description="The target in words, as a person says it.")
    selector: str | None = Field(default=None, min_length=1, description="A CSS selector ('>>>' crosses shadow roots).")
    box: BBox | None = Field(default=None, description="A box in CSS px of the viewport.")
    ordinal: int | None = Field(default=None, description="Which of several matches: 1, 2, … or -1 for the last.")

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"query": data}
        box = data.get("box") if isinstance(data, dict) else None
        if isinstance(box, dict) and "space" not in box:  # a planner's box is in CSS px of the viewport
            return {**data, "box": {**box, "space": "css_px"}}
        return data

    @model_validator(mode="after")
    def _exactly_one(self) -> Target:
        given = [n for n in ("query", "selector", "box") if getattr(self, n) is not None]
        if len(given) != 1:
            raise ValueError(f"a target takes exactly one of query, selector, box; got {given or 'none'}")
        if self.box is not None and self.box.space != "css_px":
            raise ValueError(f"a target box must be in css_px, not {self.box.space}")
        return self

    def describe(self) -> str:
        """The target as one phrase, for messages and grounding queries."""
        if self.query is not None:
            return self.query
        if self.selector is not None:
            return f"selector {self.selector!r}"
        assert self.box is not None  # guaranteed by _exactly_one
        b = self.box
        return f"box ({b.x0:.0f}, {b.y0:.0f})-({b.x1:.0f}, {b.y1:.0f})"


EffectKind = Literal[
    "value_set", "checked", "unchecked", "selected", "url_changed", "url_matches", "text_appeared", "text_gone",
    "element_appeared", "element_gone", "file_uploaded", "file_downloaded", "scrolled", "table_extracted",
]  # fmt: skip


class Effect(_Model):
    """The deterministic effect an action declares, checked on the observation after it.

    >>> Effect(what="value_set", target="the email field", value="ada@example.com").what
    'value_set'
    """

    what: EffectKind
    target: Target | None = Field(default=None, description="The element the effect is on, if any.")
    value: str | None = Field(default=None, description="The value, option, text or URL part expected.")


class _Action(_Model):
    source: str = Field(default="", description="The instruction phrase this action was compiled from.")
    sensitive: bool = Field(default=False, description="Submits, pays or deletes: a person approves it first.")
    optional: bool = Field(default=False, description="Skip it (no failure) when its condition or target is absent.")
    condition: Target | None = Field(default=None, description="Run only when this is on the page ('a cookie banner').")
    expect: Effect | None = Field(default=None, description="The effect to verify after the action.")
    reason: str = Field(default="", description="One sentence: why this is the next step (model planner).")


class Navigate(_Action):
    """Open ``url``, or go ``back``/``forward``/``reload`` in history (exactly one of ``url`` and ``history``)."""

    kind: Literal["navigate"] = "navigate"
    url: str | None = Field(default=None, min_length=1)
    history: Literal["back", "forward", "reload"] | None = None

    @model_validator(mode="after")
    def _one(self) -> Navigate:
        if (self.url is None) == (self.history is None):
            raise ValueError("navigate takes exactly one of url and history")
        return self


class Click(_Action):
    kind: Literal["click"] = "click"
    target: Target
    button: Literal["left", "right", "middle"] = "left"
    count: int = Field(default=1, ge=1, le=3, description="2 for a double click.")


class TypeText(_Action):
    """Put ``text`` into a field (replacing its content unless ``clear`` is False).

    ``normalized`` is the ISO form of a date/time value (``2024-03-05``, ``14:30``,
    ``2024-03-05T14:30``) for inputs of those types; ``text`` keeps what the instruction said.
    """

    kind: Literal["type"] = "type"
    target: Target | None = Field(default=None, description="The field; None types into the focused element.")
    text: str
    normalized: str | None = None
    clear: bool = True


class Press(_Action):
    kind: Literal["press"] = "press"
    keys: tuple[str, ...] = Field(min_length=1, description="Keys or chords in order: 'Enter', 'Control+A'.")
    target: Target | None = None


class Select(_Action):
    kind: Literal["select"] = "select"
    target: Target | None = Field(default=None, description="The dropdown or list; None: the option is found alone.")
    option: str


class Check(_Action):
    kind: Literal["check"] = "check"
    target: Target
    checked: bool = Field(default=True, description="False unchecks.")


class Hover(_Action):
    kind: Literal["hover"] = "hover"
    target: Target


class Scroll(_Action):
    """Scroll in ``direction`` (``times`` screens), or until ``to`` is in view; ``target`` is the scroller."""

    kind: Literal["scroll"] = "scroll"
    direction: Literal["down", "up", "left", "right"] = "down"
    times: float = Field(default=1, gt=0)
    to: Target | Literal["top", "bottom"] | None = None
    target: Target | None = None


class Drag(_Action):
    """Drag ``target`` onto ``to``, or a slider ``target`` to ``value``."""

    kind: Literal["drag"] = "drag"
    target: Target
    to: Target | None = None
    value: float | None = None

    @model_validator(mode="after")
    def _one(self) -> Drag:
        if (self.to is None) == (self.value is None):
            raise ValueError("drag takes exactly one of to and value")
        return self


class WaitFor(_Action):
    """Wait for text, an element, or a URL (``gone``: until it is not there), or just ``seconds``."""

    kind: Literal["wait_for"] = "wait_for"
    text: str | None = None
    element: Target | None = None
    url: str | None = None
    gone: bool = False
    seconds: float | None = Field(default=None, gt=0, description="A fixed pause, or the timeout of a wait.")

    @model_validator(mode="after")
    def _one(self) -> WaitFor:
        given = [n for n in ("text", "element", "url") if getattr(self, n) is not None]
        if len(given) > 1 or (not given and self.seconds is None):
            raise ValueError(f"wait_for takes one of text, element, url (or only seconds); got {given or 'none'}")
        return self


class Upload(_Action):
    kind: Literal["upload"] = "upload"
    target: Target | None = Field(default=None, description="The file input or upload button.")
    files: tuple[str, ...] = Field(min_length=1)


class Download(_Action):
    kind: Literal["download"] = "download"
    target: Target


class Extract(_Action):
    """Read an HTML table of the page (``target``: which one; None: every table)."""

    kind: Literal["extract"] = "extract"
    target: Target | None = None


AssertKind = Literal[
    "text_visible", "text_absent", "url_matches", "title_matches", "checked", "unchecked", "value", "enabled",
    "disabled", "visible", "hidden", "selected",
]  # fmt: skip


class Assert(_Action):
    """Check a fact on the page: text shown/absent, the URL or title, an element's state or value."""

    kind: Literal["assert"] = "assert"
    what: AssertKind
    text: str | None = Field(default=None, description="Text, URL part or value expected.")
    target: Target | None = None

    @model_validator(mode="after")
    def _fits(self) -> Assert:
        needs_text = self.what in ("text_visible", "text_absent", "url_matches", "title_matches", "value")
        if needs_text and self.text is None:
            raise ValueError(f"assert {self.what} needs text")
        if self.what not in ("text_visible", "text_absent", "url_matches", "title_matches") and self.target is None:
            raise ValueError(f"assert {self.what} needs a target")
        return self


class Done(_Action):
    kind: Literal["done"] = "done"
    summary: str = ""


class Fail(_Action):
    kind: Literal["fail"] = "fail"
    message: str = ""


Action: TypeAlias = Annotated[
    Navigate
    | Click
    | TypeText
    | Press
    | Select
    | Check
    | Hover
    | Scroll
    | Drag
    | WaitFor
    | Upload
    | Download
    | Extract
    | Assert
    | Done
    | Fail,
    Field(discriminator="kind"),
]
"""One step; ``kind`` tells which."""

_ACTION: TypeAdapter[Action] = TypeAdapter(Action)


class ActionParseError(ModelError):
    """An action that does not fit the schema: ``exc.output`` is the text, ``exc.reason`` pydantic's message."""

    def __init__(self, output: str, reason: str, *, loc: str = "") -> None:
        where = f" at {loc}" if loc else ""
        super().__init__(f"not a valid action{where}: {reason}; got {output[:200]!r}")
        self.output, self.reason, self.loc = output, reason, loc


def parse_action(output: str | bytes | dict[str, Any]) -> Action:
    """Validate one action from JSON text (or a decoded dict); raises :class:`ActionParseError` naming the field.

    >>> parse_action('{"kind": "press", "keys": ["Enter"]}').keys
    ('Enter',)
    """
    try:
        if isinstance(output, dict):
            return _ACTION.validate_python(output)
        return _ACTION.validate_json(output)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first.get("loc", ()))
        text = (
            output
            if isinstance(output, str)
            else (output.decode("utf-8", "replace") if isinstance(output, bytes) else json.dumps(output, default=str))
        )
        raise ActionParseError(text, first["msg"], loc=loc) from exc


def action_schema() -> dict[str, Any]:
    """The JSON schema of :data:`Action` (a ``oneOf`` with a ``kind`` discriminator), for a model planner.

    >>> sorted(action_schema()["discriminator"]["mapping"])[:3]
    ['assert', 'check', 'click']
    """
    return _ACTION.json_schema()
