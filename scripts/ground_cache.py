"""Development aid: observe a benchmark set's pages once, keep them, and re-ground offline.

``bench/grounding.py`` opens Chromium and observes every page for each run, which takes a minute or
more on a shared machine. While a ranker is being developed, the same observations can be grounded
again and again in seconds:

    scripts/ground_cache.py record --set main       observe the main set's pages (DSF 1) and pickle them
    scripts/ground_cache.py eval --set main         ground every cached query with the working tree's code

``eval`` prints the same headline figures as the benchmark (top-1 DOM / OCR-only, not-found recall and
precision). It is for the development set and for class-level validation only: the fresh set is judged
by the benchmark itself, at checkpoints.
"""

from __future__ import annotations

import argparse
import asyncio
import pickle
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / "bench" / "results" / "ground_cache"
GEN = REPO / "bench" / "results" / "gen_pages"  # scripts/gen_grounding_pages.py writes here ("gen"; "gen2": gen_pages2)


def _bench() -> Any:
    sys.path.insert(0, str(REPO / "bench"))
    sys.path.insert(0, str(REPO))
    import grounding as bench

    return bench


def record(set_name: str) -> None:
    bench = _bench()
    bench.SETS.setdefault("gen", GEN)
    bench.SETS.setdefault("gen2", GEN.with_name("gen_pages2"))
    bench.SETS.setdefault("gen3", GEN.with_name("gen_pages3"))
    queries, _ = bench.load_queries(bench.SETS[set_name] / "queries.json")
    opts = bench.parse_args(["--quick"])
    opts.set = set_name
    seen: list[Any] = []
    real = bench.load_sdk()

    async def keep(obs: Any, text: str, **kw: Any) -> Any:
        seen.append(obs)
        return await real.ground(obs, text, **kw)

    sdk = bench.Sdk(real.observe, keep, real.make_backend)
    bench.load_sdk = lambda: sdk
    runs = asyncio.run(bench.run_all(queries, opts))
    run = runs[1.0]
    obs_list = seen[1:]  # the first call is the warm-up
    rows = []
    for case, obs in zip(run.cases, obs_list, strict=True):
        rows.append(
            {
                "id": case.query.id,
                "lang": case.query.lang,
                "category": case.query.category,
                "kind": case.query.kind,
                "text": case.query.text,
                "expected": [e.box for e in case.expected],
                "obs": obs,
            }
        )
    CACHE.mkdir(parents=True, exist_ok=True)
    with (CACHE / f"{set_name}.pkl").open("wb") as fh:
        pickle.dump(rows, fh)
    print(f"kept {len(rows)} queries of {set_name}")


def load(set_name: str) -> list[dict[str, Any]]:
    with (CACHE / f"{set_name}.pkl").open("rb") as fh:
        rows: list[dict[str, Any]] = pickle.load(fh)
    return rows


def evaluate(set_name: str, *, show: bool, threshold: float | None) -> dict[str, float]:
    sys.path.insert(0, str(REPO))
    from model.cpu import CpuBackend
    from perception.grounding import ground

    def ground_sync(obs: Any, text: str, **kw: Any) -> Any:
        return asyncio.run(ground(obs, text, **kw))

    rows = load(set_name)
    backend = CpuBackend()
    kw: dict[str, Any] = {"embedder": backend}
    if threshold is not None:
        kw["threshold"] = threshold
    ground_sync(rows[0]["obs"], "OK button", **kw)
    stats: dict[str, list[bool]] = {"dom": [], "ocr": [], "none": [], "ranked_dom": [], "ranked_ocr": []}
    called_none: list[bool] = []
    times: list[float] = []
    for r in rows:
        t0 = time.perf_counter()
        g = ground_sync(r["obs"], r["text"], **kw)
        times.append(time.perf_counter() - t0)
        kind = r["kind"]
        ranked = False
        if kind == "none":
            ok = not g.found
            stats["none"].append(ok)
            if not g.found:
                called_none.append(True)
        else:
            top = g.candidates[0] if g.candidates else None
            ranked = top is not None and max(top.bbox.iou(b) for b in r["expected"]) >= 0.5
            ok = bool(g.found and ranked)
            stats[kind].append(ok)
            stats[f"ranked_{kind}"].append(ranked)
            if not g.found:
                called_none.append(False)
        if show and not ok:
            top = g.candidates[0] if g.candidates else None
            desc = "none" if top is None else f"{top.source} {top.label[:40]!r} {top.score:.2f} ({top.why[:70]})"
            said = ("found" if g.found else "NF") + ("(top right)" if ranked else "")
            print(f"  {r['id']:<13} [{r['category']}] {r['text']!r} want {kind}: {said} {desc}")
    out = {k: (sum(v) / len(v) if v else float("nan")) for k, v in stats.items()}
    out["precision"] = sum(called_none) / len(called_none) if called_none else float("nan")
    times.sort()
    out["p50_ms"] = times[len(times) // 2] * 1000
    print(
        f"{set_name}: DOM {out['dom']:.1%} (n={len(stats['dom'])})  OCR {out['ocr']:.1%} (n={len(stats['ocr'])})  "
        f"none recall {out['none']:.1%} precision {out['precision']:.1%}  ranked DOM {out['ranked_dom']:.1%} "
        f"OCR {out['ranked_ocr']:.1%}  p50 {out['p50_ms']:.1f} ms"
    )
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("action", choices=["record", "eval"])
    p.add_argument("--set", default="main", choices=["main", "heldout", "fresh", "dev_a", "dev_b", "dev_c", "dev_d", "dev_e", "dev_f", "dev_g", "gen", "gen2", "gen3"],
                   help="never the judge set: it is scored by bench/grounding.py only")
    p.add_argument("--show", action="store_true", help="list failing queries")
    p.add_argument("--threshold", type=float, default=None)
    p.add_argument("--set-dir", metavar="DIR", help="record/eval a page set of your own, cached under the folder's name")
    a = p.parse_args(argv)
    if a.set_dir:
        folder, sets = Path(a.set_dir).resolve(), _bench().SETS
        if folder in sets.values() or folder.name in sets or not (folder / "queries.json").is_file():
            raise SystemExit(f"--set-dir {a.set_dir}: a folder of one's own with a queries.json, not a set of bench/")
        a.set = folder.name
        sets[a.set] = folder
    if a.set == "fresh":
        raise SystemExit("the fresh set is judged by bench/grounding.py at checkpoints only")
    if a.action == "record":
        record(a.set)
    else:
        evaluate(a.set, show=a.show, threshold=a.threshold)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
