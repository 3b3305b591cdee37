"""The agent layer: the planner graph, the ``Agent`` SDK and the ``tilepilot`` command (``agent.cli``).

Nothing public is exported yet; ``Agent`` will be, loaded lazily so that ``tilepilot --help``
stays fast. The command itself lives in :mod:`agent.cli`.
"""

__all__: list[str] = []
