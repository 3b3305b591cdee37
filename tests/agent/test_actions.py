"""agent.actions: the discriminated union, its JSON round trips, its schema and its parse errors."""

from __future__ import annotations

import json

import pytest
from pydantic import TypeAdapter, ValidationError

from agent.actions import (
    Action,
    ActionParseError,
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
    action_schema,
    parse_action,
)
from model.errors import ModelError
from perception.types import BBox

ONE_OF_EACH: list[Action] = [
    Navigate(url="https://example.com/login", expect=Effect(what="url_matches", value="/login")),
    Navigate(history="back"),
    Click(target=Target(query="the Login button"), source="press Login"),
    Click(target=Target(selector="#submit"), count=2, sensitive=True),
    Click(target=Target(box=BBox(x0=1, y0=2, x1=30, y1=40, space="css_px")), button="right"),
    TypeText(target=Target(query="아이디 입력란"), text="kim", expect=Effect(what="value_set", value="kim")),
    TypeText(text="March 5, 2024", normalized="2024-03-05"),
    Press(keys=["Control+A", "Delete"], target=Target(query="the search box")),
    Select(target=Target(query="the country dropdown"), option="서울"),
    Check(target=Target(query="red checkbox")),
    Check(target=Target(query="newsletter"), checked=False, expect=Effect(what="unchecked")),
    Hover(target=Target(query="the Products menu")),
    Scroll(direction="up", times=2),
    Scroll(to="bottom"),
    Scroll(to=Target(query="the footer")),
    Drag(target=Target(query="the volume slider"), value=50),
    Drag(target=Target(query="Card 1"), to=Target(query="the Done column")),
    WaitFor(text="Saved", seconds=5),
    WaitFor(element=Target(query="the spinner"), gone=True),
    WaitFor(url="**/done"),
    WaitFor(seconds=2),
    Upload(target=Target(query="the resume field"), files=["cv.pdf", "photo.png"]),
    Download(target=Target(query="the Export CSV link")),
    Extract(),
    Extract(target=Target(query="the prices table")),
    Assert(what="text_visible", text="Welcome"),
    Assert(what="url_matches", text="/done"),
    Assert(what="checked", target=Target(query="Remember me")),
    Assert(what="value", target=Target(query="the email field"), text="a@b.co"),
    Done(summary="logged in"),
    Fail(message="no such product"),
    Click(target=Target(query="close button of the cookie banner"), optional=True,
          condition=Target(query="cookie banner")),
]  # fmt: skip


@pytest.mark.parametrize("action", ONE_OF_EACH, ids=lambda a: a.kind)
def test_json_round_trip(action: Action) -> None:
    text = action.model_dump_json()
    back = parse_action(text)
    assert back == action and type(back) is type(action)
    assert parse_action(json.loads(text)) == action
    assert parse_action(text.encode()) == action


def test_every_kind_is_covered() -> None:
    kinds = {a.kind for a in ONE_OF_EACH}
    assert kinds == set(action_schema()["discriminator"]["mapping"])
    assert kinds == {"navigate", "click", "type", "press", "select", "check", "hover", "scroll", "drag", "wait_for",
                     "upload", "download", "extract", "assert", "done", "fail"}  # fmt: skip


def test_actions_are_frozen_and_closed() -> None:
    click = Click.model_validate({"target": "Save"})  # a bare string is a query
    assert click.target.query == "Save"
    with pytest.raises(ValidationError, match="frozen"):
        click.__setattr__("count", 2)
    with pytest.raises(ActionParseError, match="Extra inputs"):
        parse_action('{"kind": "click", "target": "Save", "colour": "red"}')


def test_schema_is_json_with_descriptions() -> None:
    schema = action_schema()
    json.dumps(schema)
    assert len(schema["oneOf"]) == 16
    click = schema["$defs"]["Click"]
    assert click["properties"]["kind"]["const"] == "click"
    assert "grounded" in json.dumps(schema["$defs"]["Target"]) or "words" in json.dumps(schema["$defs"]["Target"])
    assert "approves" in click["properties"]["sensitive"]["description"]
    assert schema["$defs"]["Effect"]["properties"]["what"]["enum"][0] == "value_set"
    # the schema validates what it describes: every example dumps to something the adapter accepts
    adapter: TypeAdapter[Action] = TypeAdapter(Action)
    for a in ONE_OF_EACH:
        assert adapter.validate_python(a.model_dump(mode="json")) == a


@pytest.mark.parametrize(
    ("output", "words"),
    [
        ('{"kind": "zap"}', "'zap'"),
        ('{"kind": "click"}', "click.target"),
        ('{"target": "x"}', "kind"),
        ('{"kind": "type", "target": "x"}', "type.text"),
        ('{"kind": "navigate"}', "exactly one of url and history"),
        ('{"kind": "navigate", "url": "https://a", "history": "back"}', "exactly one"),
        ('{"kind": "drag", "target": "slider"}', "exactly one of to and value"),
        ('{"kind": "wait_for"}', "wait_for takes one of"),
        ('{"kind": "wait_for", "text": "a", "url": "b"}', "['text', 'url']"),
        ('{"kind": "assert", "what": "url_matches"}', "needs text"),
        ('{"kind": "assert", "what": "checked"}', "needs a target"),
        ('{"kind": "click", "target": {"query": "a", "selector": "#a"}}', "exactly one of query, selector, box"),
        ('{"kind": "click", "target": {}}', "got none"),
        ('{"kind": "press", "keys": []}', "at least 1"),
        ('{"kind": "click", "target": "a", "count": 9}', "less than or equal to 3"),
        ('{"kind": "scroll", "direction": "sideways"}', "scroll.direction"),
        ("not json at all", "Invalid JSON"),
    ],
)
def test_parse_errors_name_the_field(output: str, words: str) -> None:
    with pytest.raises(ActionParseError) as info:
        parse_action(output)
    exc = info.value
    assert isinstance(exc, ModelError)
    assert words in str(exc), str(exc)
    assert exc.output == output and exc.reason


def test_box_target_must_be_css_px() -> None:
    with pytest.raises(ActionParseError, match="css_px"):
        parse_action('{"kind": "click", "target": {"box": {"x0": 0, "y0": 0, "x1": 1, "y1": 1, "space": "unit"}}}')


def test_target_describe() -> None:
    assert Target(query="the OK button").describe() == "the OK button"
    assert Target(selector="#ok").describe() == "selector '#ok'"
    assert Target(box=BBox(x0=1, y0=2, x1=3, y1=4, space="css_px")).describe() == "box (1, 2)-(3, 4)"


def test_a_box_target_without_a_space_is_css_px() -> None:
    from agent.actions import parse_action

    action = parse_action({"kind": "click", "target": {"box": {"x0": 1, "y0": 2, "x1": 3, "y1": 4}}})
    assert action.target is not None and action.target.box is not None and action.target.box.space == "css_px"
