"""Secrets as ``{{name}}`` placeholders: typed only at the keyboard, redacted everywhere else.

Steps name a secret instead of holding it (``"type {{password}} in the password field"``); the
actions, the graph state, traces, replay files and model prompts keep the placeholder, and only the
tool that types substitutes the value (:meth:`Secrets.substitute`). What the page shows back (a
field's value after typing, a URL with the secret in its query) is scrubbed by
:meth:`Secrets.redact`, which replaces each value, in any of its encodings (percent-encoded as a
browser or a form writes it, JSON- and HTML-escaped, ``repr`` and base64 forms), by its placeholder.
:meth:`Secrets.log_filter` does the same for log records. Pixels are not redacted here: the trace
writer blacks out what shows a secret in its screenshots.

>>> secrets = Secrets({"password": "hunter2!"})
>>> secrets.substitute("{{password}}")
'hunter2!'
>>> secrets.redact({"url": "http://x/?p=hunter2%21", "note": "typed hunter2!"})
{'url': 'http://x/?p={{password}}', 'note': 'typed {{password}}'}
"""

from __future__ import annotations

import base64
import logging
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar

from pydantic import BaseModel

from model.errors import ConfigError

__all__ = ["DEFAULT_ENV_PREFIX", "SecretFilter", "Secrets", "placeholders"]

T = TypeVar("T")

DEFAULT_ENV_PREFIX = "TILEPILOT_SECRET_"
"""``TILEPILOT_SECRET_PASSWORD=…`` becomes the secret ``{{password}}`` in :meth:`Secrets.from_env`."""

_NAME = r"[A-Za-z_][A-Za-z0-9_.-]*"
_PLACEHOLDER = re.compile(r"\{\{\s*(" + _NAME + r")\s*\}\}")
_NAME_ONLY = re.compile(_NAME + r"\Z")


def placeholders(text: str) -> list[str]:
    """The secret names ``text`` refers to as ``{{name}}``, in order of first use, each once.

    >>> placeholders("log in as {{user}} with {{ password }}, then {{user}} again")
    ['user', 'password']
    """
    return list(dict.fromkeys(m.group(1) for m in _PLACEHOLDER.finditer(text)))


def _texts(obj: object) -> Iterable[str]:
    """Every string inside ``obj`` (text, mappings, sequences, pydantic models), keys included."""
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, BaseModel):
        yield from _texts(obj.model_dump(mode="python"))
    elif isinstance(obj, Mapping):
        for key, value in obj.items():
            yield from _texts(key)
            yield from _texts(value)
    elif isinstance(obj, list | tuple | set | frozenset):
        for each in obj:
            yield from _texts(each)


_BACKSLASHED = frozenset("\"'\\/")
"""Characters JSON and reprs may put a backslash before (several, when JSON is quoted in JSON)."""
_JSON_SHORT = {"\n": "n", "\t": "t", "\r": "r", "\b": "b", "\f": "f"}
_HTML_NAMED = {"&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "apos", "\xa0": "nbsp"}


def _hex(n: int, width: int = 0) -> str:
    """``n`` in hexadecimal as a pattern that takes either case of each digit (``0x2f`` → ``2[fF]``)."""
    return "".join(f"[{d}{d.upper()}]" if d.isalpha() else d for d in f"{n:0{width}x}")


def _char_pattern(c: str) -> str:
    """Every form ``c`` takes in a URL (as a browser or a form writes it), JSON, HTML or a ``repr``.

    Encoding a whole value in a few fixed ways misses the mixed forms real text holds: a browser
    keeps ``!`` and ``*`` in a query that Python's ``quote`` encodes, a form writes a space as
    ``+``, a JSON encoder may escape ``<`` as ``\\u003c``. Matching per character covers them all.
    The character itself matches in either case, because what a page shows may be cased by its
    style sheet (``text-transform``) and a URL's host is lower-cased; redacting a differently cased
    lookalike costs nothing.
    """
    cases = sorted({x for x in (c, c.lower(), c.upper()) if len(x) == 1})
    forms = ["[" + "".join(re.escape(x) for x in cases) + "]" if len(cases) > 1 else re.escape(c)]
    return "(?:" + "|".join(forms + _escaped_forms(c)) + ")"  # escaped forms keep the value's own case


def _escaped_forms(c: str) -> list[str]:
    """The patterns of ``c`` escaped or encoded (percent, ``+``, JSON, ``repr``, HTML), not ``c`` itself."""
    esc = r"\\\\*"  # one backslash or more; a literal first lets the regex engine skip ahead fast
    code, raw = ord(c), c.encode("utf-8", "surrogatepass")
    forms = [esc + re.escape(c)] if c in _BACKSLASHED else []
    forms.append("".join("%" + _hex(b, 2) for b in raw))  # percent-encoded, either case
    if c == " ":
        forms.append(r"\+")  # application/x-www-form-urlencoded
    units = [code] if code < 0x10000 else [0xD800 + ((code - 0x10000) >> 10), 0xDC00 + ((code - 0x10000) & 0x3FF)]
    forms.append("".join(esc + "u" + _hex(u, 4) for u in units))  # JSON's \uXXXX
    if code > 0x7E or not c.isprintable():  # the repr of text or of its UTF-8 bytes
        forms.append("".join(esc + "x" + _hex(b, 2) for b in raw))
        if code < 0x100:
            forms.append(esc + "x" + _hex(code, 2))
    if c in _JSON_SHORT:
        forms.append(esc + _JSON_SHORT[c])
    forms += [f"&#0*{code};", f"&#[xX]0*{_hex(code)};"]  # HTML character references
    if c in _HTML_NAMED:
        forms.append(f"&{_HTML_NAMED[c]};")
    return forms


def _value_pattern(value: str) -> str:
    """A pattern (no capturing group) for ``value`` in any of its encodings and letter cases, base64 included."""
    forms = ["".join(_char_pattern(c) for c in value)]
    raw = value.encode("utf-8", "surrogatepass")
    if len(raw) >= 4:  # shorter base64 strings are too common to stand for the secret
        for encoded in (base64.b64encode(raw), base64.urlsafe_b64encode(raw)):
            text = encoded.decode("ascii")
            forms += [re.escape(text), re.escape(text.rstrip("="))]
    return "|".join(dict.fromkeys(forms))


class Secrets:
    """Named secret values for ``{{name}}`` placeholders; the values never show in ``repr`` or ``str``.

    Raises :class:`ConfigError` for a bad name or an empty value.

    >>> s = Secrets({"user": "ada", "password": "s3cr3t-pw"})
    >>> s
    Secrets(names=['password', 'user'])
    >>> s.redact("ada typed s3cr3t-pw")
    '{{user}} typed {{password}}'
    """

    def __init__(self, values: Mapping[str, str] | None = None) -> None:
        self._values: dict[str, str] = {}
        for name, value in (values or {}).items():
            if not isinstance(name, str) or not _NAME_ONLY.match(name):
                raise ConfigError(
                    f"secret name {name!r} must be letters, digits, '_', '.' or '-' (not starting with a digit)",
                    name="secrets",
                    value=name,
                )
            if not isinstance(value, str) or not value:
                raise ConfigError(
                    f"secret {name!r} needs a non-empty string value (got {type(value).__name__})",
                    name="secrets",
                    value=name,
                )
            self._values[name] = value
        # one named group per secret, longer values first (a secret inside another loses); the
        # placeholder alternative comes last, so that redacting twice changes nothing
        self._groups: dict[str, str] = {}
        alternatives = []
        for name, value in sorted(self._values.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            group = f"s{len(self._groups)}"
            self._groups[group] = name
            alternatives.append(f"(?P<{group}>{_value_pattern(value)})")
        alternatives.append(_PLACEHOLDER.pattern)
        self._pattern = re.compile("|".join(alternatives)) if self._values else None

    @classmethod
    def from_env(cls, prefix: str = DEFAULT_ENV_PREFIX, *, environ: Mapping[str, str] | None = None) -> Secrets:
        """Every environment variable starting with ``prefix``, named by the rest in lower case.

        Raises :class:`ConfigError` for an empty prefix, or a variable whose rest is not a valid name.

        >>> Secrets.from_env(environ={"TILEPILOT_SECRET_API_KEY": "k-123456", "HOME": "/root"}).names
        ('api_key',)
        """
        if not prefix:
            raise ConfigError("from_env needs a non-empty prefix (every variable would become a secret)",
                              name="prefix", value=prefix)  # fmt: skip
        env = os.environ if environ is None else environ
        found = {k[len(prefix) :].lower(): (k, v) for k, v in env.items() if k.startswith(prefix) and v}
        for name, (variable, _) in found.items():
            if not _NAME_ONLY.match(name):
                raise ConfigError(f"environment variable {variable}: {name!r} is not a secret name (letters, digits, "
                                  "'_', '.' or '-', not starting with a digit)", name="environ", value=variable)  # fmt: skip
        return cls({name: value for name, (_, value) in found.items()})

    @property
    def names(self) -> tuple[str, ...]:
        """The secret names, sorted."""
        return tuple(sorted(self._values))

    def __len__(self) -> int:
        return len(self._values)

    def __contains__(self, name: object) -> bool:
        return name in self._values

    def __repr__(self) -> str:
        return f"Secrets(names={list(self.names)!r})"

    def _unknown(self, name: str, where: str) -> ConfigError:
        known = ", ".join(f"{{{{{n}}}}}" for n in self.names) or "none (pass secrets={'name': value})"
        return ConfigError(f"unknown secret {{{{{name}}}}} in {where!r}; known secrets: {known}",
                           name="secrets", value=name)  # fmt: skip

    def check(self, obj: object) -> list[str]:
        """The placeholder names used anywhere in ``obj`` (text, dict, list, action…), each known.

        Raises :class:`ConfigError` naming an unknown placeholder and listing the known names.

        >>> Secrets({"pin": "4321"}).check({"kind": "type", "text": "{{pin}}"})
        ['pin']
        """
        used: list[str] = []
        for text in _texts(obj):
            for name in placeholders(text):
                if name not in self._values:
                    raise self._unknown(name, text)
                if name not in used:
                    used.append(name)
        return used

    def substitute(self, text: str) -> str:
        """``text`` with every ``{{name}}`` replaced by its value: call it only to type the text.

        Raises :class:`ConfigError` for an unknown name.

        >>> Secrets({"pin": "4321"}).substitute("PIN: {{ pin }}")
        'PIN: 4321'
        """

        def value(m: re.Match[str]) -> str:
            name = m.group(1)
            if name not in self._values:
                raise self._unknown(name, text)
            return self._values[name]

        return _PLACEHOLDER.sub(value, text)

    def redact_text(self, text: str) -> str:
        """``text`` with each secret value (and its encodings) replaced by ``{{name}}``."""
        if self._pattern is None or not text:
            return text
        return self._pattern.sub(self._placeholder_for, text)

    def _placeholder_for(self, m: re.Match[str]) -> str:
        group = m.lastgroup  # None: a placeholder already in the text, kept as it is
        return m.group(0) if group is None else "{{" + self._groups[group] + "}}"

    def redact(self, obj: T) -> T:
        """A copy of ``obj`` with every secret replaced by its placeholder; same type as given.

        Strings (JSON and log text included), mapping keys and values, lists, tuples and pydantic
        models (field by field, without re-validation) are scrubbed; bytes and numbers pass as
        they are. Objects without secrets come back unchanged (the same object).

        >>> from agent.actions import TypeText
        >>> Secrets({"pw": "hunter22"}).redact(TypeText(text="hunter22")).text
        '{{pw}}'
        """
        return self._redact(obj)  # type: ignore[no-any-return]

    def _redact(self, obj: Any) -> Any:
        if self._pattern is None:
            return obj
        if isinstance(obj, str):
            return self.redact_text(obj)
        if isinstance(obj, BaseModel):
            changed = {}
            for field in type(obj).model_fields:
                value = getattr(obj, field)
                new = self._redact(value)
                if new is not value:
                    changed[field] = new
            return obj.model_copy(update=changed) if changed else obj
        if isinstance(obj, Mapping):
            items = [(self._redact(k), self._redact(v)) for k, v in obj.items()]
            if all(nk is k and nv is v for (nk, nv), (k, v) in zip(items, obj.items(), strict=True)):
                return obj
            kind: Any = type(obj)
            try:
                return kind(items)
            except TypeError:  # a mapping type that is not built from pairs (defaultdict, a proxy)
                return dict(items)
        if isinstance(obj, list | tuple):
            new_items = [self._redact(each) for each in obj]
            if all(n is o for n, o in zip(new_items, obj, strict=True)):
                return obj
            if isinstance(obj, tuple) and hasattr(obj, "_fields"):  # a NamedTuple
                return type(obj)(*new_items)
            return type(obj)(new_items)
        if isinstance(obj, set | frozenset):
            new_set = {self._redact(each) for each in obj}
            return obj if new_set == obj else type(obj)(new_set)
        return obj

    @contextmanager
    def redact_logs(self) -> Iterator[SecretFilter]:
        """While inside, every log record created anywhere in the process is redacted as it is made.

        This covers handlers added later and handlers you do not own (the filter of
        :meth:`log_filter` covers only the handlers it is added to). On exit the previous record
        factory comes back, unless another one was installed meanwhile (then both stay chained).

        >>> with Secrets({"pw": "hunter22"}).redact_logs():
        ...     logging.getLogger("demo").warning("typed %s", "hunter22")  # logged as 'typed {{pw}}'
        """
        previous = logging.getLogRecordFactory()
        scrub = SecretFilter(self)

        def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
            record = previous(*args, **kwargs)
            scrub.filter(record)
            return record

        logging.setLogRecordFactory(factory)
        try:
            yield scrub
        finally:
            if logging.getLogRecordFactory() is factory:
                logging.setLogRecordFactory(previous)

    def log_filter(self) -> SecretFilter:
        """A :class:`logging.Filter` that redacts records; add it to each *handler* that may see them.

        >>> import logging
        >>> handler = logging.StreamHandler()
        >>> handler.addFilter(Secrets({"pw": "hunter22"}).log_filter())
        """
        return SecretFilter(self)


_RECORD_OWN = frozenset({"msg", "args", "exc_info", "exc_text", "stack_info"})
"""LogRecord attributes :class:`SecretFilter` rewrites itself; every other one is redacted as data."""


class SecretFilter(logging.Filter):
    """Rewrites each record it sees so that no secret value is left in it; never drops a record.

    The message is formatted first (``msg % args``) and then redacted, so a secret passed as an
    argument, or split over several, is caught too. The exception text and stack info are redacted
    as well; when the exception's text held a secret, ``exc_info`` is dropped (the redacted
    ``exc_text`` stays, which is what :class:`logging.Formatter` prints), so that no handler can
    render the exception again from the object. Fields given with ``extra=`` are redacted too.
    Attach it to handlers (a filter on a logger does not see records from its child loggers).
    """

    def __init__(self, secrets: Secrets) -> None:
        super().__init__()
        self.secrets = secrets

    def filter(self, record: logging.LogRecord) -> bool:
        redact = self.secrets.redact_text
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a malformed %-format: redact the pieces as they are
            message = f"{record.msg} {record.args!r}"
        record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            clean = redact(record.exc_text)
            if clean != record.exc_text:
                record.exc_text, record.exc_info = clean, None
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        for key, value in list(vars(record).items()):
            if key not in _RECORD_OWN and (new := self.secrets.redact(value)) is not value:
                setattr(record, key, new)
        return True
