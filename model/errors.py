"""Every error tilepilot raises on purpose.

TilepilotError
├── ConfigError (also ValueError)      a bad argument or setting: fix the call
│   └── BrowserNotFound                 no Chromium where tilepilot looked (exc.tried)
├── InputError                          an input file could not be used
│   ├── DocumentError                   a PDF could not be opened or read
│   │   ├── CorruptDocument             truncated, garbage bytes, not a PDF
│   │   ├── EncryptedDocument           needs a password (or the one given is wrong)
│   │   └── EmptyDocument               zero pages, or no PDF found where some were expected
│   └── ImageError                      not an image, or an image beyond the pixel limit
├── OutputError (also OSError)          an output folder that cannot be used (not writable, locked)
├── PerceptionError                     a page or screenshot could not be perceived
├── ActionError                         the page did not let a tool act
│   ├── NavigationError                 a page did not load (exc.url, exc.timeout_s)
│   │   └── DomainBlocked               the URL is outside allowed_domains (exc.url, exc.allowed)
│   ├── ElementNotFound                 nothing on the page is good enough for a query (exc.candidates)
│   ├── ElementCovered                  something else is on top of the target where it would be clicked
│   └── ActionTimeout                   an action or wait did not finish in time (exc.what, exc.timeout_s)
└── ModelError                          the model failed or answered off-schema
    └── ModelOutputError                an answer that stayed off-schema after a repair (exc.output)

Messages say what failed, which input caused it and what would be valid; the same facts are
kept as attributes (``exc.path``, ``exc.reason``) so callers branch on data, not on text.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

__all__ = [
    "ActionError",
    "ActionTimeout",
    "BrowserNotFound",
    "ConfigError",
    "CorruptDocument",
    "DocumentError",
    "DomainBlocked",
    "ElementCovered",
    "ElementNotFound",
    "EmptyDocument",
    "EncryptedDocument",
    "ImageError",
    "InputError",
    "ModelError",
    "ModelOutputError",
    "NavigationError",
    "OutputError",
    "PerceptionError",
    "TilepilotError",
]


class TilepilotError(Exception):
    """The root of every error tilepilot raises on purpose."""


class ConfigError(TilepilotError, ValueError):
    """A bad argument or setting; ``exc.name`` is the argument, ``exc.value`` what was given."""

    def __init__(self, message: str, *, name: str = "", value: object = None) -> None:
        super().__init__(message)
        self.name, self.value = name, value


class BrowserNotFound(ConfigError):
    """No Chromium found; ``exc.tried`` lists each place looked at, in order."""

    def __init__(self, tried: Sequence[str], *, fix: str) -> None:
        super().__init__(f"no Chromium found; tried: {'; '.join(tried)}; {fix}", name="executable_path")
        self.tried = tuple(tried)


class InputError(TilepilotError):
    """An input file could not be used. ``exc.path`` names it and ``exc.reason`` says why."""

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = str(path), reason


class DocumentError(InputError):
    """A PDF could not be opened or read."""


class CorruptDocument(DocumentError):
    """The file is not a readable PDF (truncated, garbage bytes, another format)."""


class EncryptedDocument(DocumentError):
    """The PDF is encrypted and no password, or a wrong one, was given."""


class EmptyDocument(DocumentError):
    """The PDF has no pages, or a folder holds no PDF."""


class ImageError(InputError):
    """The input is not a decodable image, or exceeds the pixel limit."""


class OutputError(TilepilotError, OSError):
    """An output folder that cannot be used. ``exc.path`` names it and ``exc.reason`` says why."""

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = str(path), reason

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class PerceptionError(TilepilotError):
    """A page or screenshot could not be perceived."""


class ActionError(TilepilotError):
    """The page did not let a tool act."""


class NavigationError(ActionError):
    """A page did not load: ``exc.url``, ``exc.reason``, and ``exc.timeout_s`` when it timed out."""

    def __init__(self, url: str, *, reason: str, timeout_s: float | None = None) -> None:
        super().__init__(f"{url}: {reason}")
        self.url, self.reason, self.timeout_s = url, reason, timeout_s


class ElementNotFound(ActionError):
    """No element is good enough for ``exc.query`` on ``exc.url``.

    ``exc.candidates`` holds the best near-misses as ``(label, score)``, best first (at most three).

    >>> str(ElementNotFound("the Save button", url="http://x/", candidates=[("Save draft", 0.41)]))
    "no element matches 'the Save button' on http://x/; closest: 'Save draft' (0.41)"
    """

    def __init__(self, query: str, *, url: str, candidates: Sequence[tuple[str, float]] = ()) -> None:
        near = ", ".join(f"{label!r} ({score:.2f})" for label, score in candidates[:3])
        super().__init__(f"no element matches {query!r} on {url}; " + (f"closest: {near}" if near else "no candidates"))
        self.query, self.url, self.candidates = query, url, tuple(candidates[:3])


class ElementCovered(ActionError):
    """A pointer action on ``exc.target`` at ``exc.point`` (CSS px) would land on ``exc.what`` instead."""

    def __init__(self, target: str, point: tuple[float, float], what: str, *, url: str) -> None:
        super().__init__(
            f"{target} on {url} is covered at ({point[0]:.0f}, {point[1]:.0f}): the topmost element there is {what}"
        )
        self.target, self.point, self.what, self.url = target, point, what, url


class ActionTimeout(ActionError):
    """``exc.what`` did not finish within ``exc.timeout_s`` seconds on ``exc.url``."""

    def __init__(self, what: str, *, url: str, timeout_s: float) -> None:
        super().__init__(f"{what} on {url} did not finish within {timeout_s}s")
        self.what, self.url, self.timeout_s = what, url, timeout_s


class ModelError(TilepilotError):
    """The model failed or answered off-schema."""


class DomainBlocked(NavigationError):
    """``exc.url`` is outside ``exc.allowed`` (the session's ``allowed_domains``); ``exc.kind`` says how it was reached.

    >>> str(DomainBlocked("http://evil.example/", allowed=["example.com"], kind="redirect"))
    "http://evil.example/: redirect blocked: the host is not in allowed_domains ['example.com']"
    """

    def __init__(self, url: str, *, allowed: Sequence[str], kind: str = "navigation") -> None:
        super().__init__(url, reason=f"{kind} blocked: the host is not in allowed_domains {list(allowed)!r}")
        self.allowed, self.kind = tuple(allowed), kind


class ModelOutputError(ModelError):
    """The model's answer stayed off-schema: ``exc.output`` is its (last) text, ``exc.reason`` what was wrong."""

    def __init__(self, output: str, reason: str) -> None:
        super().__init__(f"the model's answer is not a valid action: {reason}; got {output[:300]!r}")
        self.output, self.reason = output, reason
