"""Generated charts with known data, from four producers.

``matplotlib`` (its PDF backend) and ``reportlab`` (hand-drawn primitives) make the sets the reader
was developed on; ``browser`` (hand-written SVG in HTML, printed by headless Chromium) and
``mpl_styled`` (matplotlib under style sheets and options the first never uses) make the stress set
it was not. ``generate(out_dir, seed=..., n=..., generators=...)`` writes ``<id>.pdf`` and ``<id>.json``
(the truth: series of ``[key, value]`` points; pies as percentage shares) per chart and returns the
truth records. Kinds cycle through every chart type; the generator alternates per chart, so each
draws every kind. With ``scale_up`` some charts' values are multiplied by 1000 (tick labels such as
1,200,000).
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from bench.chart_gen._spec import KINDS, Spec, make_spec

__all__ = ["GENERATORS", "KINDS", "Spec", "generate", "make_spec"]

GENERATORS = ("matplotlib", "reportlab", "browser", "mpl_styled")


def generate(out_dir: str | Path, *, seed: int, n: int = 48, prefix: str = "c",
             generators: tuple[str, ...] = ("matplotlib", "reportlab"), scale_up: bool = False,
             secondary: bool = False) -> list[dict[str, Any]]:  # fmt: skip
    """Write ``n`` charts under ``out_dir``; returns each chart's truth (with ``pdf`` and ``generator``).

    With ``secondary`` the line charts over categories or numbers get a last series in other units drawn
    against a second value axis on the right (the ``reportlab`` producer draws them on one axis).
    """
    from contextlib import ExitStack

    from bench.chart_gen import _mpl, _mpl_styled, _rl

    unknown = [g for g in generators if g not in GENERATORS]
    if unknown or not generators:
        raise ValueError(f"unknown chart generators {unknown}; known: {', '.join(GENERATORS)}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    cases = []
    with ExitStack() as stack:
        printer = None
        if "browser" in generators:
            from bench.chart_gen._svg import Printer

            printer = stack.enter_context(Printer())
        renderers = {"matplotlib": _mpl.render, "reportlab": _rl.render, "mpl_styled": _mpl_styled.render,
                     "browser": printer.render if printer is not None else None}  # fmt: skip
        for i in range(n):
            spec = make_spec(rng, i, prefix=prefix)
            if scale_up:
                _scale_up(spec, rng)
            if secondary:
                _secondary(spec)
            generator = generators[(i + i // len(KINDS)) % len(generators)]
            pdf = out / f"{spec.id}.pdf"
            render = renderers[generator]
            assert render is not None
            render(spec, pdf)
            truth = {**spec.truth(), "generator": generator, "pdf": pdf.name}
            (out / f"{spec.id}.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
            cases.append(truth)
    return cases


def _scale_up(spec: Spec, rng: random.Random) -> None:
    """A quarter of the linear charts get values in the hundreds of thousands and more."""
    if spec.kind == "pie" or spec.log or rng.random() >= 0.25:
        return
    spec.series = [(name, [round(v * 1000) for v in vals]) for name, vals in spec.series]
    spec.style["thousands"] = True


def _secondary(spec: Spec) -> None:
    """A line chart's last series (one is added to a single-series chart) is rescaled to other units and
    marked to be drawn against a right-hand axis. Draws from its own generator, so the main one's
    sequence (and every other chart of the set) is unchanged."""
    if spec.kind not in ("line", "line_num") or spec.log:
        return
    rng = random.Random("secondary:" + spec.id)
    if len(spec.series) == 1:
        name = rng.choice(("점유율(%)", "증가율") if spec.lang == "ko" else ("Rate (%)", "Margin"))
        spec.series.append((name, [round(rng.uniform(1, 100), 1) for _ in spec.keys]))
    name, values = spec.series[-1]
    factor = rng.choice((0.01, 100.0, 1000.0))
    spec.series[-1] = (name, [round(v * factor, 6) for v in values])
    spec.style["secondary"] = True
    spec.legend = True
