"""Replay: run a replay file's steps again with no model, healing the steps whose page changed.

Each step first tries where its target was found last time: the stored CSS selector, accepted
only when it finds exactly one element that still says what the stored text fingerprint says.
When it does not, the step is grounded again from its instruction (the action's words) on the
DOM, then on the pixels (OCR of graphics, then of the whole viewport), and a target found in the
pixels is snapped to the DOM element under it. Every step is verified as in a normal run. The file
is written back with a note for each heal (``"selector → dom: #u → #login-name"``), so the next
replay starts from the healed selectors.

>>> result = await replay(session, "runs/login/replay.json", secrets={"pw": "x9f"})  # doctest: +SKIP
>>> [s.healed for s in result.steps]  # doctest: +SKIP
[None, 'selector → dom: #p → #pass', 'selector → ocr → dom: #go → form > button:nth-child(3)']
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from agent._records import RunResult
from agent._replayfile import ReplayFile, ReplayStep, load_replay, save_replay
from agent.actions import Target
from agent.sdk import Agent
from agent.state import StepPlan, dump_action

if TYPE_CHECKING:
    from agent.secrets import Secrets
    from model.cpu import CpuBackend
    from tools.browser import Session

__all__ = ["replay", "replay_steps"]

logger = logging.getLogger(__name__)


def replay_steps(file: ReplayFile) -> list[StepPlan]:
    """The file's steps as the graph runs them: each action with its words, and where it was found as a hint.

    An action whose target was a selector or a box (a model's answer) gets the words it was
    grounded from, or its label, so that it can be grounded again when the selector fails.
    """
    steps: list[StepPlan] = []
    for step in file.steps:
        steps.append({"instruction": step.instruction, "action": _groundable(step),
                      "hint": step.target.model_dump(mode="json") if step.target is not None else None})  # fmt: skip
    return steps


def _groundable(step: ReplayStep) -> dict[str, Any]:
    action = dump_action(step.action)
    target = getattr(step.action, "target", None)
    stored = step.target
    if isinstance(target, Target) and target.query is None and stored is not None:
        words = stored.query or stored.label or stored.text
        if words:
            action["target"] = {"query": words}
    return action


async def replay(
    session: Session, path: str | Path, *, secrets: Mapping[str, str] | Secrets | None = None,
    backend: CpuBackend | None = None, run_dir: str | Path | None = None,
    approvals: Literal["sensitive", "never"] = "never", save: bool = True, **options: Any,
) -> RunResult:  # fmt: skip
    """Run the replay file ``path`` on ``session`` with no model; returns the run's :class:`RunResult`.

    The session opens the file's start URL first (loaded afresh, as the recorded run began). ``secrets`` fill
    the ``{{name}}`` placeholders the file keeps. A replay repeats steps a person already ran, so
    sensitive steps run unasked unless ``approvals="sensitive"``. With ``save`` (default) the file
    is written back with the heal notes of this run (only when every step succeeded);
    ``options`` go to :class:`~agent.sdk.Agent` (budgets, ``allowed_domains``…). Raises
    :class:`~agent._replayfile.ReplayFileError` for a file that cannot be read.

    >>> result = await replay(session, "replay.json")  # doctest: +SKIP
    >>> result.ok, [s.healed for s in result.steps if s.healed]  # doctest: +SKIP
    (True, ['selector → dom: #user → #login-name'])
    """
    file = load_replay(path)
    agent = Agent(session, secrets=secrets, backend=backend, run_dir=run_dir, approvals=approvals, **options)
    agent.writes_replays = False
    if file.start_url and not file.start_url.startswith("about:"):
        await agent.goto(file.start_url)  # the recorded run started on a fresh load of it
    try:
        async for _ in agent.stream_steps(replay_steps(file), task=file.task):
            pass
    finally:  # the session is the caller's: leave it as it was given, without the domain guard
        if agent.guard is not None:
            await agent.guard.remove()
            agent.guard = None
    result = agent.last_result
    assert result is not None  # every stream that ends sets it
    healed = [f"step {s.index}: {s.healed}" for s in result.steps if s.healed]
    if healed:
        logger.info("replay of %s healed %d step(s): %s", path, len(healed), "; ".join(healed))
    if save and result.ok:
        again = ReplayFile.from_records(file.task, file.start_url, result.steps, previous=file)
        saved = save_replay(path, again, redact=agent.secrets.redact_text)
        result = result.model_copy(update={"replay_path": str(saved)})
    return result
