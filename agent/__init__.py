"""The agent layer: typed actions, the instruction compiler, (next) the planner graph and the ``Agent`` SDK.

``agent.actions`` holds the action union and its JSON schema; ``agent.compile`` turns plain
English and Korean steps into actions with no model. Both import only pydantic. The command
itself lives in :mod:`agent.cli`.

>>> from agent import compile_steps
>>> [a.kind for a in compile_steps("Type 'shoes' in the search box and press Enter")]
['type', 'press']
"""

import importlib as _importlib
import typing as _typing

from agent._records import RunEvent, RunResult, StepRecord
from agent.actions import Action, Effect, Target, action_schema, parse_action
from agent.compile import CompileError, compile_steps

if _typing.TYPE_CHECKING:  # the lazy names (they import Playwright and LangGraph), typed for mypy and editors
    from agent.sdk import Agent, SyncAgent

__all__ = [
    "Action", "Agent", "CompileError", "Effect", "RunEvent", "RunResult", "StepRecord", "SyncAgent", "Target",
    "action_schema", "compile_steps", "parse_action",
]  # fmt: skip

_LAZY = {"Agent": "agent.sdk", "SyncAgent": "agent.sdk"}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        value = getattr(_importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'agent' has no attribute {name!r}")
