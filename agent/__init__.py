"""The agent layer: typed actions, the instruction compiler, (next) the planner graph and the ``Agent`` SDK.

``agent.actions`` holds the action union and its JSON schema; ``agent.compile`` turns plain
English and Korean steps into actions with no model. Both import only pydantic. The command
itself lives in :mod:`agent.cli`.

>>> from agent import compile_steps
>>> [a.kind for a in compile_steps("Type 'shoes' in the search box and press Enter")]
['type', 'press']
"""

from agent.actions import Action, Effect, Target, action_schema, parse_action
from agent.compile import CompileError, compile_steps

__all__ = ["Action", "CompileError", "Effect", "Target", "action_schema", "compile_steps", "parse_action"]
