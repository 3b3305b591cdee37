"""agent/secrets.py: placeholders, substitution at the keyboard only, redaction of text, JSON, models and logs."""

from __future__ import annotations

import base64
import html
import io
import json
import logging
from urllib.parse import urlencode

import pytest
from playwright.async_api import Page as PwPage

from agent.actions import Click, Target, TypeText, parse_action
from agent.secrets import Secrets, placeholders
from model.errors import ConfigError
from perception.screen import observe

PW = 'p@ss w0rd/ü&"<x>'
"""A password with characters that every encoding treats differently."""


@pytest.fixture
def secrets() -> Secrets:
    return Secrets({"password": PW, "user": "kiera.lang", "api_key": "sk-1234567890"})


def test_placeholders_in_order_each_once() -> None:
    assert placeholders("{{user}} / {{ password }} / {{user}}") == ["user", "password"]
    assert placeholders("no {placeholder} here, nor {{ 9bad }}") == []


def test_substitute_replaces_known_names(secrets: Secrets) -> None:
    assert secrets.substitute("{{user}}:{{ password }}") == f"kiera.lang:{PW}"
    assert secrets.substitute("plain text") == "plain text"


def test_unknown_placeholder_names_it_and_lists_the_known(secrets: Secrets) -> None:
    with pytest.raises(ConfigError) as info:
        secrets.substitute("type {{pasword}} in the field")
    message = str(info.value)
    assert "{{pasword}}" in message and info.value.value == "pasword"
    assert all(f"{{{{{n}}}}}" in message for n in ("api_key", "password", "user"))
    assert PW not in message


def test_check_walks_actions_and_dicts(secrets: Secrets) -> None:
    action = parse_action({"kind": "type", "target": "the {{user}} row", "text": "{{password}}"})
    assert secrets.check(action) == ["user", "password"]
    assert secrets.check({"steps": ["a", {"text": "{{api_key}}"}]}) == ["api_key"]
    with pytest.raises(ConfigError, match=r"\{\{token\}\}"):
        secrets.check([TypeText(text="{{token}}")])


@pytest.mark.parametrize("bad", [{"": "x"}, {"1st": "x"}, {"a b": "x"}, {"pw": ""}])
def test_bad_names_and_empty_values_are_config_errors(bad: dict[str, str]) -> None:
    with pytest.raises(ConfigError):
        Secrets(bad)


def test_values_never_in_repr(secrets: Secrets) -> None:
    assert PW not in repr(secrets) and PW not in str(secrets)
    assert "password" in repr(secrets)


def test_redact_plain_and_encoded_forms(secrets: Secrets) -> None:
    texts = [
        f"typed {PW} into the field",
        "http://127.0.0.1/login?" + urlencode({"u": "kiera.lang", "p": PW}),
        json.dumps({"value": PW}),
        json.dumps({"value": PW}, ensure_ascii=False),
        f"<input value='{html.escape(PW)}'>",
        repr({"text": PW}),
        "Authorization: Bearer " + base64.b64encode(b"sk-1234567890").decode(),
    ]
    for text in texts:
        out = secrets.redact(text)
        assert PW not in out and "sk-1234567890" not in out, out
        assert "{{" in out
    assert secrets.redact(f"{PW} and kiera.lang") == "{{password}} and {{user}}"


def test_redact_is_idempotent_and_keeps_placeholders() -> None:
    s = Secrets({"password": "pass"})  # the value is part of the placeholder's own name
    once = s.redact("pass then {{password}}")
    assert once == "{{password}} then {{password}}"
    assert s.redact(once) == once


def test_longer_secret_wins_over_one_inside_it() -> None:
    s = Secrets({"short": "abc1", "long": "xxabc1yy"})
    assert s.redact("xxabc1yy abc1") == "{{long}} {{short}}"


def test_redact_structures_keeps_types(secrets: Secrets) -> None:
    data = {"a": [PW, ("x", PW)], PW: 3, "n": 1.5, "b": b"raw"}
    out = secrets.redact(data)
    assert out == {"a": ["{{password}}", ("x", "{{password}}")], "{{password}}": 3, "n": 1.5, "b": b"raw"}
    clean = {"a": ["nothing"]}
    assert secrets.redact(clean) is clean


def test_redact_pydantic_models_field_by_field(secrets: Secrets) -> None:
    action = TypeText(target=Target(query="the password field"), text=PW, source=f"type {PW}")
    out = secrets.redact(action)
    assert isinstance(out, TypeText)
    assert out.text == "{{password}}" and out.source == "type {{password}}"
    assert PW not in out.model_dump_json()
    untouched = Click(target=Target(query="Sign in"))
    assert secrets.redact(untouched) is untouched


def test_from_env_by_prefix() -> None:
    env = {"TILEPILOT_SECRET_PASSWORD": "pw-123456", "TILEPILOT_SECRET_EMPTY": "", "PATH": "/bin"}
    s = Secrets.from_env(environ=env)
    assert s.names == ("password",)
    assert s.substitute("{{password}}") == "pw-123456"
    assert Secrets.from_env("APP_", environ={"APP_TOKEN": "tok-9"}).names == ("token",)
    with pytest.raises(ConfigError):
        Secrets.from_env("")
    with pytest.raises(ConfigError, match="environment variable TILEPILOT_SECRET_1PW: '1pw' is not a secret name"):
        Secrets.from_env(environ={"TILEPILOT_SECRET_1PW": "x"})


def test_log_filter_on_a_real_handler(secrets: Secrets) -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    handler.addFilter(secrets.log_filter())
    logger = logging.getLogger("tilepilot.test.secrets")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    child = logging.getLogger("tilepilot.test.secrets.child")  # propagates to the parent's handler
    try:
        logger.info("typed %r into %s", PW, "the field")
        logger.warning(f"inline {PW} and url ?p=" + urlencode({"p": PW}))
        child.debug("args as a dict: %(pw)s", {"pw": PW})
        logger.info("key %s", "sk-1234567890")
        try:
            raise ValueError(f"bad value {PW}")
        except ValueError:
            logger.exception("failed with %s", PW)
        logger.info("bad format %d", PW)  # a broken %-format must not leak either
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
    out = stream.getvalue()
    assert PW not in out and "sk-1234567890" not in out
    for encoded in (json.dumps(PW)[1:-1], urlencode({"p": PW})[2:]):
        assert encoded not in out
    assert out.count("{{password}}") >= 6 and "{{api_key}}" in out
    assert "ValueError: bad value {{password}}" in out and "args as a dict: {{password}}" in out


def test_redact_logs_covers_handlers_without_the_filter(secrets: Secrets) -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)  # no filter on it: the record itself is scrubbed
    logger = logging.getLogger("tilepilot.test.secrets.factory")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        with secrets.redact_logs():
            logger.info("typed %s as %s", PW, "kiera.lang")
        logger.info("after: %s", "kiera.lang")
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
    lines = stream.getvalue().splitlines()
    assert lines == ["typed {{password}} as {{user}}", "after: kiera.lang"]


def test_without_secrets_nothing_changes() -> None:
    s = Secrets()
    assert len(s) == 0 and s.redact("anything") == "anything"
    with pytest.raises(ConfigError, match="none"):
        s.substitute("{{x}}")


BROWSER_PW = "it's *pa ss(1)!~"
"""Characters a browser leaves as they are in a URL, or writes differently from Python's quote."""


async def test_redact_catches_the_url_a_real_browser_writes(page: PwPage) -> None:
    s = Secrets({"pw": BROWSER_PW})
    await page.route("http://secrets.test/**", lambda route: route.fulfill(body=FORM, content_type="text/html"))
    await page.goto("http://secrets.test/typed?q=" + BROWSER_PW)  # typed into the address as it is
    assert BROWSER_PW not in page.url  # Chromium encoded part of it, not all of it
    assert s.redact(page.url) == "http://secrets.test/typed?q={{pw}}"
    await page.fill("#q", BROWSER_PW)
    async with page.expect_navigation():
        await page.click("#go")  # a GET form: the value goes into the query form-encoded
    assert "+" in page.url and s.redact(page.url) == "http://secrets.test/search?q={{pw}}&x=1"


FORM = "<form action='/search'><input id='q' name='q'><input type='hidden' name='x' value='1'><button id='go'>Go</button></form>"


def test_redact_mixed_escapes_of_one_value(secrets: Secrets) -> None:
    mixed = [
        'p%40ss w0rd/\\u00fc&amp;\\"&lt;x&gt;',  # JSON escapes and HTML entities in one string
        "p@ss+w0rd%2F%C3%BC%26%22%3Cx%3E",  # form-encoded
        json.dumps(json.dumps({"v": PW})),  # JSON quoted in JSON
        'p\\x40ss w0rd/\\xc3\\xbc&"<x>'.replace("\\x40", "@"),  # the repr of its UTF-8 bytes
    ]
    for text in mixed:
        assert "{{password}}" in secrets.redact(text), text


def test_a_value_that_looks_like_a_placeholder_is_still_redacted() -> None:
    s = Secrets({"pw": "{{x}}-9f3k"})
    assert s.redact("typed {{x}}-9f3k") == "typed {{pw}}"
    assert s.redact("{{x}} alone stays") == "{{x}} alone stays"


def test_redact_sets(secrets: Secrets) -> None:
    assert secrets.redact({PW, "x"}) == {"{{password}}", "x"}
    assert secrets.redact(frozenset({PW})) == frozenset({"{{password}}"})


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_log_filter_redacts_extra_fields_and_drops_a_leaking_exception(secrets: Secrets) -> None:
    handler = Collect()
    handler.addFilter(secrets.log_filter())
    logger = logging.getLogger("tilepilot.test.secrets.extra")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        logger.info("typed %s%s", PW[:4], PW[4:], extra={"field_value": PW, "nested": {"v": [PW]}})
        try:
            raise ValueError(f"bad value {PW}")
        except ValueError:
            logger.exception("failed")
        try:
            raise ValueError("nothing secret")
        except ValueError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
    first, leaking, clean = handler.records
    assert first.getMessage() == "typed {{password}}"
    assert vars(first)["field_value"] == "{{password}}" and vars(first)["nested"] == {"v": ["{{password}}"]}
    assert leaking.exc_info is None and leaking.exc_text is not None and "bad value {{password}}" in leaking.exc_text
    assert clean.exc_info is not None  # nothing to hide: the exception stays for handlers that render it
    formatted = logging.Formatter("%(message)s %(field_value)s").format(first)
    assert PW not in formatted and PW not in logging.Formatter().format(leaking)


async def test_redact_catches_a_value_the_page_shows_in_capitals(page: PwPage) -> None:
    await page.set_content("<p style='text-transform: uppercase'>Signed in as <b id='who'>kiera.lang</b></p>")
    obs = await observe(page, ocr="off")
    shown = [e.text for e in obs.elements if "KIERA" in e.text]
    assert shown, [e.text for e in obs.elements]  # the page's text as the agent sees it is upper-cased
    s = Secrets({"user": "kiera.lang"})
    assert all("KIERA" not in t and "{{user}}" in t for t in s.redact(shown))
