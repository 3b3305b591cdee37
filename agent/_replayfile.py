"""The replay file: a finished run's resolved steps, to run again with no model and heal when the page changed.

A :class:`ReplayFile` holds, per step, the original instruction, the action as it ran (the
:data:`~agent.actions.Action` JSON), where its target was found (:class:`~agent._records.ResolvedTarget`:
a unique CSS selector, the box, the text fingerprint, role and label, the grounding query), the URL
it ran on, and the notes of every heal so far. :func:`save_replay` writes it (redacted, atomically);
:func:`load_replay` reads it back and raises :class:`ReplayFileError` naming the file and what is
wrong with it. The runner that re-executes a file is :mod:`agent.replay`.

>>> replay = ReplayFile.from_records("Sign in", "http://127.0.0.1:8000/login", result.steps)  # doctest: +SKIP
>>> save_replay("runs/login/replay.json", replay, redact=secrets.redact)  # doctest: +SKIP
>>> load_replay("runs/login/replay.json").steps[0].target.selector  # doctest: +SKIP
'#username'
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from agent._records import ResolvedTarget, StepRecord
from agent.actions import Action
from model.errors import InputError, OutputError

__all__ = ["REPLAY_VERSION", "ReplayFile", "ReplayFileError", "ReplayStep", "load_replay", "save_replay"]

REPLAY_VERSION: Literal[1] = 1
"""The replay format this tilepilot writes and reads."""


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ReplayStep(_Model):
    """One step to replay: what was asked, what ran, where its target was, what healed it before.

    ``healed`` lists every heal of this step, oldest first (``"selector → dom: #user → #login-name"``).
    """

    index: int = Field(ge=0, description="The step's position in the original run (0-based).")
    instruction: str = Field(description="The phrase the action was compiled or planned from; re-grounding reads it.")
    action: Action
    target: ResolvedTarget | None = Field(default=None, description="Where the target was found; None: no target.")
    point: tuple[float, float] | None = Field(default=None, description="Where the pointer went, CSS px.")
    url: str = Field(default="", description="The page the step ran on.")
    healed: list[str] = Field(default_factory=list)


class ReplayFile(_Model):
    """A run's steps as resolved, to replay: ``version``, the ``task``, the ``start_url`` and the ``steps``.

    >>> ReplayFile(task="nothing", start_url="about:blank").version
    1
    """

    version: Literal[1] = REPLAY_VERSION
    task: str = ""
    start_url: str = Field(default="", description="Where the replay starts: navigate here first.")
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    steps: list[ReplayStep] = Field(default_factory=list)

    @classmethod
    def from_records(
        cls, task: str, start_url: str, records: Sequence[StepRecord], *, previous: ReplayFile | None = None
    ) -> ReplayFile:
        """The replay file of a run from its step records: steps that ran (``ok``) or were skipped as
        optional (``skipped``: a replay tries them again); failed and rejected steps are left out.

        ``previous`` is the file a replay ran from: each step keeps its earlier heal notes (matched
        by index), and the record's ``healed`` note, if any, is added after them.
        """
        before = {s.index: s.healed for s in previous.steps} if previous is not None else {}
        steps = [
            ReplayStep(
                index=r.index,
                instruction=r.instruction,
                action=r.action,
                target=r.target,
                point=r.point,
                url=r.url_before,
                healed=[*before.get(r.index, []), *([r.healed] if r.healed else [])],
            )
            for r in records
            if r.status in ("ok", "skipped")
        ]
        return cls(task=task, start_url=start_url, steps=steps)

    @property
    def healed_steps(self) -> list[ReplayStep]:
        """The steps that needed healing at least once."""
        return [s for s in self.steps if s.healed]


class ReplayFileError(InputError):
    """A replay file that cannot be used: ``exc.path``, ``exc.reason``, and for a bad step its
    position ``exc.step`` (0-based, in ``steps``) and ``exc.field`` (dotted, inside the step)."""

    def __init__(self, path: str | Path, reason: str, *, step: int | None = None, field: str | None = None) -> None:
        where = "" if step is None else f"step {step}" + (f", field {field!r}" if field else "") + ": "
        super().__init__(path, f"{where}{reason}")
        self.step, self.field = step, field
        self.reason = reason


def save_replay(path: str | Path, replay: ReplayFile, *, redact: Callable[[str], str] | None = None) -> Path:
    """Write ``replay`` as indented UTF-8 JSON to ``path`` (parent folders created; the file replaced
    atomically), every string passed through ``redact``; returns the path.

    Raises :class:`~model.errors.OutputError` when the file cannot be written.
    """
    from agent.trace import _atomic_write, redact_json

    out = Path(path)
    data = redact_json(replay.model_dump(mode="json"), redact)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(out.parent, f"cannot be created ({exc.strerror or exc})") from exc
    _atomic_write(out, json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8") + b"\n")
    return out


def load_replay(path: str | Path) -> ReplayFile:
    """Read a replay file written by :func:`save_replay`.

    Raises :class:`ReplayFileError` naming the file and the fault: missing, a folder, unreadable,
    not UTF-8, not JSON (with line and column), not an object, no or another ``version``, or an
    invalid step (its position and the field, e.g. ``step 2, field 'action.target'``).

    >>> load_replay("missing.json")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    agent._replayfile.ReplayFileError: missing.json: no such file...
    """
    src = Path(path)
    if src.is_dir():
        raise ReplayFileError(src, "is a folder, not a replay file")
    try:
        raw = src.read_bytes()
    except FileNotFoundError:
        raise ReplayFileError(src, "no such file (tilepilot writes replay.json into each run folder)") from None
    except OSError as exc:
        raise ReplayFileError(src, f"cannot be read ({exc.strerror or exc})") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ReplayFileError(src, f"is not UTF-8 text (byte {exc.start})") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReplayFileError(src, f"is not JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from exc
    if not isinstance(data, dict):
        raise ReplayFileError(src, f"is not a replay file: the JSON is {_json_kind(data)}, expected an object")
    if "version" not in data:
        raise ReplayFileError(src, "is not a replay file: it has no 'version' field")
    version = data["version"]
    if version != REPLAY_VERSION or isinstance(version, bool):
        raise ReplayFileError(
            src, f"has replay format version {version!r}; this tilepilot reads version {REPLAY_VERSION}"
        )
    try:
        return ReplayFile.model_validate(data)
    except ValidationError as exc:
        raise _step_error(src, data, exc) from exc


def _step_error(path: Path, data: dict[str, Any], exc: ValidationError) -> ReplayFileError:
    first = exc.errors()[0]
    loc = list(first.get("loc", ()))
    msg = str(first["msg"])
    if len(loc) >= 2 and loc[0] == "steps" and isinstance(loc[1], int):
        step, rest = loc[1], [str(p) for p in loc[2:]]
        if len(rest) >= 2 and rest[0] == "action" and rest[1] == _kind_of(data, step):  # drop the union's tag
            rest.pop(1)
        return ReplayFileError(path, msg, step=step, field=".".join(rest) or None)
    where = ".".join(str(p) for p in loc)
    return ReplayFileError(path, f"field {where!r}: {msg}" if where else msg)


def _kind_of(data: dict[str, Any], step: int) -> str | None:
    try:
        kind = data["steps"][step]["action"]["kind"]
    except (KeyError, IndexError, TypeError):
        return None
    return kind if isinstance(kind, str) else None


def _json_kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    if value is None:
        return "null"
    return f"a {type(value).__name__}"
