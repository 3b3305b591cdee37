"""A run's trace on disk: ``run.json``, one JSON and one annotated PNG per step, and every streamed event.

:class:`TraceWriter` fills one folder per run::

    run.json          RunInfo: the task, start URL, when it started/ended, its status and RunResult
    steps/000.json    one StepRecord per step (zero-based index)
    steps/000.png     the screenshot after the step, with the target box, the click point and the OCR boxes used
    events.jsonl      every RunEvent, one JSON object a line, in the order they happened
    replay.json       the replay file of the run (see :mod:`agent._replayfile`), when one was written

Everything passes through ``redact`` before it is written (a secret value never reaches the
disk): every string of every JSON file, and in the screenshots every DOM element or OCR span whose
text ``redact`` would change is blacked out, as is the target of a step that typed a ``{{name}}``
placeholder (which holds the secret even when the screenshot comes without elements or OCR). Files are replaced atomically (written beside, then
renamed) and events are appended one whole line per write, so a run killed with SIGKILL leaves a
folder that :func:`read_trace` and the report read; a resumed run writes into the same folder.

>>> writer = TraceWriter("runs/login", redact=secrets.redact)  # doctest: +SKIP
>>> writer.start("Sign in as ada", start_url="http://127.0.0.1:8000/")  # doctest: +SKIP
>>> record = writer.write_step(record, observation=after)  # doctest: +SKIP
>>> writer.finish(result)  # doctest: +SKIP
"""

from __future__ import annotations

import io
import json
import logging
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from agent._records import RunEvent, RunResult, RunStatus, StepRecord
from agent.actions import Action
from agent.secrets import placeholders
from model.errors import ConfigError, InputError, OutputError
from perception.types import BBox, Candidate, Observation, TextSpan

if TYPE_CHECKING:
    from PIL.ImageDraw import ImageDraw

    from agent._replayfile import ReplayFile

__all__ = ["TRACE_VERSION", "RunInfo", "Trace", "TraceWriter", "read_trace", "redact_json"]

logger = logging.getLogger(__name__)

TRACE_VERSION: Literal[1] = 1
"""The layout version written to ``run.json``; :func:`read_trace` reads this version."""

Redact = Callable[[str], str]

_EVENT: TypeAdapter[RunEvent] = TypeAdapter(RunEvent)
_POINT, _HALO, _MASK = (220, 30, 60), (255, 255, 255), (0, 0, 0)


class RunInfo(BaseModel):
    """``run.json``: what the run was asked to do, when it ran and how it ended.

    ``status`` is ``"running"`` until :meth:`TraceWriter.finish` wrote the end; a folder whose run
    was killed keeps ``"running"`` and ``ended_at=None``. ``resumed_at`` lists each time a later
    process took the run up again.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: Literal[1] = TRACE_VERSION
    task: str = ""
    start_url: str = ""
    thread_id: str = ""
    started_at: datetime
    ended_at: datetime | None = None
    resumed_at: list[datetime] = []
    status: Literal["running"] | RunStatus = "running"
    result: RunResult | None = None


@dataclass(frozen=True)
class Trace:
    """A run folder read back: its :class:`RunInfo` (None when ``run.json`` is missing or unreadable),
    its steps in index order, its events in order, and a note for every file or line that could not be read."""

    run_dir: Path
    info: RunInfo | None
    steps: list[StepRecord] = field(default_factory=list)
    events: list[RunEvent] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def finished(self) -> bool:
        """True when the run wrote its end (not killed, not still running)."""
        return self.info is not None and self.info.ended_at is not None


def redact_json(value: Any, redact: Redact | None) -> Any:
    """``value`` (decoded JSON: dicts, lists, strings, numbers) with ``redact`` applied to every string, keys too.

    >>> redact_json({"text": "pw hunter2", "n": [1, "hunter2"]}, lambda s: s.replace("hunter2", "***"))
    {'text': 'pw ***', 'n': [1, '***']}
    """
    if redact is None:
        return value
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {redact(str(k)): redact_json(v, redact) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact_json(v, redact) for v in value]
    return value


def _dump(model: BaseModel, redact: Redact | None, *, indent: int | None = 2) -> bytes:
    data = redact_json(model.model_dump(mode="json"), redact)
    return json.dumps(data, ensure_ascii=False, indent=indent).encode("utf-8")


def _atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a reader (or a SIGKILL) never sees half a file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(path, f"cannot be written ({exc.strerror or exc})") from exc


def _now() -> datetime:
    return datetime.now(UTC)


def _stem(index: int) -> str:
    """``steps/NNN``: the file name (no suffix) of step ``index``."""
    return f"{index:03d}"


class TraceWriter:
    """Writes one run's folder (see the module doc); every method is safe to call from several threads.

    ``run_dir`` is created on first use; if it already holds a ``run.json`` the run is taken up
    again (:meth:`start` records a resume, steps with the same index are replaced, events are
    appended). ``redact`` is applied to every string before it is written (``Secrets.redact``).
    Raises :class:`~model.errors.OutputError` when the folder cannot be created or written.

    >>> w = TraceWriter(tmp / "run")  # doctest: +SKIP
    >>> w.start("Search for shoes").status  # doctest: +SKIP
    'running'
    """

    def __init__(self, run_dir: str | Path, *, redact: Redact | None = None) -> None:
        self._dir = Path(run_dir)
        self._redact = redact
        self._lock = threading.Lock()
        self._info: RunInfo | None = None

    @property
    def run_dir(self) -> Path:
        """The run's folder."""
        return self._dir

    @property
    def info(self) -> RunInfo | None:
        """The ``run.json`` content last written (None before :meth:`start`)."""
        return self._info

    # --- the run ------------------------------------------------------------------------------

    def start(self, task: str, *, start_url: str = "", thread_id: str = "") -> RunInfo:
        """Write ``run.json`` with status ``running``; a folder that already holds a run is resumed
        (its start time kept, this time added to ``resumed_at``, an empty ``task``/``start_url`` kept from before)."""
        with self._lock:
            self._ensure_dirs()
            before = self._read_info()
            now = _now()
            if before is None:
                info = RunInfo(task=task, start_url=start_url, thread_id=thread_id, started_at=now)
            else:
                info = before.model_copy(
                    update={
                        "task": task or before.task,
                        "start_url": start_url or before.start_url,
                        "thread_id": thread_id or before.thread_id,
                        "ended_at": None,
                        "status": "running",
                        "result": None,
                        "resumed_at": [*before.resumed_at, now],
                    }
                )
                logger.info("trace %s: resuming the run started %s", self._dir, before.started_at.isoformat())
            self._write_info(info)
            return info

    def finish(self, result: RunResult) -> RunResult:
        """Write the end of the run into ``run.json``; returns ``result`` with ``run_dir`` set and each
        step's ``screenshot`` filled from the step files written (the result is kept unredacted in memory)."""
        with self._lock:
            self._ensure_dirs()
            steps = [self._with_shot(r) for r in result.steps]
            result = result.model_copy(update={"run_dir": str(self._dir), "steps": steps})
            info = self._info or self._read_info() or RunInfo(started_at=_now())
            info = info.model_copy(update={"ended_at": _now(), "status": result.status, "result": result})
            self._write_info(info)
            return result

    def write_event(self, event: RunEvent) -> None:
        """Append ``event`` to ``events.jsonl`` as one line (redacted), in a single write."""
        line = _dump(event, self._redact, indent=None) + b"\n"
        with self._lock:
            self._ensure_dirs()
            path = self._dir / "events.jsonl"
            try:
                fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
                try:
                    os.write(fd, line)
                finally:
                    os.close(fd)
            except OSError as exc:
                raise OutputError(path, f"cannot be appended to ({exc.strerror or exc})") from exc

    def write_step(
        self,
        record: StepRecord,
        *,
        observation: Observation | None = None,
        screenshot: bytes | None = None,
        scale_factor: float = 1.0,
        spans: Sequence[TextSpan] = (),
    ) -> StepRecord:
        """Write ``steps/NNN.json`` and, given a screenshot, the annotated ``steps/NNN.png``; returns
        ``record`` with ``screenshot`` set to the PNG's path relative to the run folder.

        The screenshot is the page after the step: ``observation`` (its screenshot, scale factor,
        elements and OCR spans), or raw PNG ``screenshot`` bytes in device px with ``scale_factor``
        (device px per CSS px). Drawn on it: the target box (red, with its label), the click point,
        and the OCR boxes the target was found with: ``spans``, or, for an OCR target, the
        observation's spans inside the target box. Raises :class:`~model.errors.ConfigError` when
        both ``observation`` and ``screenshot`` are given, :class:`~model.errors.OutputError` when a
        file cannot be written.
        """
        if observation is not None and screenshot is not None:
            raise ConfigError("write_step takes observation or screenshot, not both", name="screenshot")
        if observation is None and screenshot is not None and not scale_factor > 0:
            raise ConfigError(f"scale_factor={scale_factor} must be > 0", name="scale_factor", value=scale_factor)
        png = None
        if (observation is not None and observation.screenshot) or screenshot:
            png = _annotated(record, observation, screenshot, scale_factor, spans, self._redact)
        stem = _stem(record.index)
        with self._lock:
            self._ensure_dirs()
            if png is not None:
                _atomic_write(self._dir / "steps" / f"{stem}.png", png)
                record = record.model_copy(update={"screenshot": f"steps/{stem}.png"})
            _atomic_write(self._dir / "steps" / f"{stem}.json", _dump(record, self._redact))
        return record

    def write_replay(self, replay: ReplayFile, *, name: str = "replay.json") -> Path:
        """Save ``replay`` (redacted) as ``name`` in the run folder; returns its path."""
        from agent._replayfile import save_replay

        with self._lock:
            self._ensure_dirs()
        return save_replay(self._dir / name, replay, redact=self._redact)

    # --- internals ----------------------------------------------------------------------------

    def _ensure_dirs(self) -> None:
        steps = self._dir / "steps"
        if steps.is_dir():
            return
        try:
            steps.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError) as exc:
            raise OutputError(self._dir, "is a file, not a run folder") from exc
        except OSError as exc:
            raise OutputError(self._dir, f"cannot be created ({exc.strerror or exc})") from exc

    def _read_info(self) -> RunInfo | None:
        path = self._dir / "run.json"
        try:
            return RunInfo.model_validate_json(path.read_bytes())
        except FileNotFoundError:
            return None
        except (OSError, ValidationError) as exc:
            logger.warning("trace %s: run.json cannot be read back (%s); starting it afresh", self._dir, exc)
            return None

    def _write_info(self, info: RunInfo) -> None:
        _atomic_write(self._dir / "run.json", _dump(info, self._redact))
        self._info = info

    def _with_shot(self, record: StepRecord) -> StepRecord:
        if record.screenshot is not None:
            return record
        stem = _stem(record.index)
        if (self._dir / "steps" / f"{stem}.png").is_file():
            return record.model_copy(update={"screenshot": f"steps/{stem}.png"})
        return record


def _annotated(
    record: StepRecord,
    observation: Observation | None,
    screenshot: bytes | None,
    scale_factor: float,
    spans: Sequence[TextSpan],
    redact: Redact | None,
) -> bytes:
    """The post-step screenshot with secrets masked and the click point drawn, then the target box and
    the OCR boxes used drawn by :func:`perception.annotate.annotate`: one PNG decode, one PNG encode."""
    from PIL import Image, ImageDraw

    from perception.annotate import annotate
    from perception.geometry import to_device_px

    if observation is None:
        assert screenshot is not None  # write_step only calls with one of the two
        with Image.open(io.BytesIO(screenshot)) as im:  # reads the header only
            width, height = im.size
        observation = Observation(
            url=record.url_after or record.url_before or "about:blank",
            viewport=(max(1, round(width / scale_factor)), max(1, round(height / scale_factor))),
            scale_factor=scale_factor,
            screenshot=screenshot,
        )
    f = observation.scale_factor

    def device(box: BBox) -> tuple[float, float, float, float]:
        return to_device_px(box, scale_factor=f).as_tuple() if box.space == "css_px" else box.as_tuple()

    masks = _secret_boxes(observation, redact)
    if record.target is not None and _typed_a_secret(record.action):
        masks.append(record.target.bbox)
    if masks or record.point is not None:
        image = Image.open(io.BytesIO(observation.screenshot)).convert("RGB")
        draw = ImageDraw.Draw(image)
        for box in masks:  # before anything else is drawn: a secret shown on the page never reaches the file
            draw.rectangle(device(box), fill=_MASK)
        if record.point is not None:
            _crosshair(draw, record.point[0] * f, record.point[1] * f, f)
        out = io.BytesIO()
        image.save(out, format="BMP")  # uncompressed: annotate decodes it at once and encodes the one PNG
        observation = observation.model_copy(update={"screenshot": out.getvalue()})
    target = record.target
    used = list(spans)
    if not used and target is not None and target.source == "ocr":  # the spans the target was read from
        used = [
            s
            for s in observation.text_spans
            if s.bbox.space == target.bbox.space
            and s.bbox.intersection_area(target.bbox) > 0.5 * min(s.bbox.area, target.bbox.area)
        ]
    candidates = []
    if target is not None:
        label = target.label or target.text or target.query or ""
        label = (redact(label) if redact is not None else label)[:40]  # whole: half a secret would not match
        score = target.score if target.score is not None else 1.0
        source = target.source if target.source in ("dom", "ocr", "model") else "dom"
        candidates.append(
            Candidate(bbox=target.bbox, span=TextSpan(text=label, bbox=target.bbox), source=source, score=score)
        )
    drawn = observation.model_copy(update={"text_spans": tuple(used)})
    return annotate(drawn, candidates, spans=bool(used), limit=1)


def _crosshair(draw: ImageDraw, x: float, y: float, f: float) -> None:
    """A ring and cross at the click point (device px), red on a white halo so it shows on any colour."""
    r = max(6.0, 7 * f)
    for color, width in ((_HALO, max(3, round(2.5 * f))), (_POINT, max(2, round(1.2 * f)))):
        draw.ellipse((x - r, y - r, x + r, y + r), outline=color, width=width)
        draw.line((x - 2 * r, y, x - r / 2, y), fill=color, width=width)
        draw.line((x + r / 2, y, x + 2 * r, y), fill=color, width=width)
        draw.line((x, y - 2 * r, x, y - r / 2), fill=color, width=width)
        draw.line((x, y + r / 2, x, y + 2 * r), fill=color, width=width)
    draw.ellipse((x - 1.5 * f, y - 1.5 * f, x + 1.5 * f, y + 1.5 * f), fill=_POINT)


def _secret_boxes(observation: Observation, redact: Redact | None) -> list[BBox]:
    """Boxes of elements and OCR spans that show text ``redact`` would change: a secret visible on screen."""
    if redact is None:
        return []
    boxes = []
    for e in observation.elements:
        if any(t and redact(t) != t for t in (e.value, e.text, e.name, e.label)):
            boxes.append(e.bbox)
    boxes += [s.bbox for s in observation.text_spans if redact(s.text) != s.text]
    return boxes


def _typed_a_secret(action: Action) -> bool:
    """Whether ``action`` typed a ``{{name}}`` placeholder, which is substituted only at the keyboard."""
    text = getattr(action, "text", None)
    return action.kind == "type" and isinstance(text, str) and bool(placeholders(text))


def read_trace(run_dir: str | Path) -> Trace:
    """Read a run folder back: ``run.json``, ``steps/*.json`` in index order, ``events.jsonl``.

    Nothing in the folder has to exist: a run killed before its first step gives empty lists, a
    torn last event line or an unreadable file is skipped and named in ``problems``. Raises
    :class:`~model.errors.InputError` when ``run_dir`` is not a folder.

    >>> trace = read_trace("runs/login")  # doctest: +SKIP
    >>> [s.status for s in trace.steps]  # doctest: +SKIP
    ['ok', 'ok', 'ok']
    """
    folder = Path(run_dir)
    if not folder.is_dir():
        raise InputError(folder, "no such folder" if not folder.exists() else "is a file, not a run folder")
    problems: list[str] = []
    info = None
    run_json = folder / "run.json"
    if run_json.is_file():
        try:
            info = RunInfo.model_validate_json(run_json.read_bytes())
        except (OSError, ValidationError) as exc:
            problems.append(f"run.json cannot be read: {_first_error(exc)}")
    steps: dict[int, StepRecord] = {}
    for path in sorted((folder / "steps").glob("[!.]*.json")):
        try:
            record = StepRecord.model_validate_json(path.read_bytes())
        except (OSError, ValidationError) as exc:
            problems.append(f"steps/{path.name} cannot be read: {_first_error(exc)}")
            continue
        steps[record.index] = record
    events: list[RunEvent] = []
    log = folder / "events.jsonl"
    if log.is_file():
        try:
            lines = log.read_bytes().splitlines()
        except OSError as exc:
            problems.append(f"events.jsonl cannot be read: {exc}")
            lines = []
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                events.append(_EVENT.validate_json(line))
            except ValidationError as exc:
                problems.append(f"events.jsonl line {n} cannot be read: {_first_error(exc)}")
    return Trace(folder, info, [steps[i] for i in sorted(steps)], events, problems)


def _first_error(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        e = exc.errors()[0]
        loc = ".".join(str(p) for p in e.get("loc", ()))
        return f"{loc}: {e['msg']}" if loc else str(e["msg"])
    return str(exc)
