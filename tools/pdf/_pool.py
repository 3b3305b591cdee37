"""A process pool for per-file jobs that survives its workers dying.

Each job runs in a spawned worker as ``work(job, send)``. ``send`` carries progress messages back
to the parent, where they reach ``on_message`` before the job's result reaches ``on_result``; the
workers' log records are handled by the parent's loggers. When a worker dies (the PDF library
crashed, the OOM killer, a signal), the jobs that were running are retried one at a time, and a job
whose lone worker dies again goes to ``on_crash``. Results and errors come back as data: ``work``
is expected to return, not raise.

Messages are written synchronously (a job's last page is in the pipe before its result is sent, so a
worker killed after it returned loses nothing), and each pool gets its own queue: a worker killed while
it writes leaves the queue's write lock held, which would silence every later worker.
"""

from __future__ import annotations

import logging
import logging.handlers
import multiprocessing
import multiprocessing.queues
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from typing import Generic, TypeVar

__all__ = ["run_pool"]

logger = logging.getLogger(__name__)

J = TypeVar("J")
R = TypeVar("R")
_SETTLE_S = 2.0  # how long a result waits for its job's last messages before it is handed on anyway


@dataclass(frozen=True)
class _Task(Generic[J]):
    n: int
    job: J
    retry: bool = False


@dataclass(frozen=True)
class _Message:
    n: int
    payload: object


@dataclass(frozen=True)
class _End:
    n: int


_QUEUE: multiprocessing.queues.SimpleQueue[object] | None = None  # set in worker processes only


class _Records:
    """The log-record end of a worker's queue (``QueueHandler`` puts through ``put_nowait``)."""

    def __init__(self, q: multiprocessing.queues.SimpleQueue[object]) -> None:
        self.put_nowait = q.put


def _init_worker(q: multiprocessing.queues.SimpleQueue[object], level: int) -> None:
    global _QUEUE
    _QUEUE = q
    root = logging.getLogger()
    root.handlers[:] = [logging.handlers.QueueHandler(_Records(q))]  # type: ignore[arg-type]
    root.setLevel(level)


def _call(work: Callable[[J, Callable[[object], None]], R], n: int, job: J) -> R:
    q = _QUEUE
    assert q is not None, "started without _init_worker"

    def send(payload: object) -> None:
        q.put(_Message(n, payload))

    result = work(job, send)
    q.put(_End(n))  # behind this job's messages on the same queue
    return result


def run_pool(
    jobs: Sequence[J],
    *,
    work: Callable[[J, Callable[[object], None]], R],
    workers: int,
    label: Callable[[J], str],
    on_start: Callable[[J], None],
    on_message: Callable[[object], None],
    on_result: Callable[[J, R], None],
    on_crash: Callable[[J], None],
) -> None:
    """Run ``work`` over ``jobs`` in up to ``workers`` spawned processes; report through the callbacks.

    ``work`` must be a module-level function and jobs, messages and results picklable. Callbacks run
    in the calling thread; an exception from one ends the run (after the running jobs finish).
    """
    ctx = multiprocessing.get_context("spawn")  # fork is unsafe in a process with threads
    pending: deque[_Task[J]] = deque(_Task(n, job) for n, job in enumerate(jobs))
    running: dict[Future[R], _Task[J]] = {}
    returned: dict[int, tuple[_Task[J], R, float]] = {}  # results whose messages may still be in transit
    ended: set[int] = set()
    closed: set[int] = set()

    def drain(q: multiprocessing.queues.SimpleQueue[object], timeout_s: float) -> None:
        if timeout_s and q.empty():
            time.sleep(timeout_s)
        while not q.empty():
            item = q.get()
            if isinstance(item, logging.LogRecord):
                logging.getLogger(item.name).handle(item)
            elif isinstance(item, _End):
                ended.add(item.n)
            elif isinstance(item, _Message) and item.n not in closed:
                on_message(item.payload)

    def settle(*, force: bool) -> None:
        for n, (task, result, at) in list(returned.items()):
            if force or n in ended or time.monotonic() - at > _SETTLE_S:
                del returned[n]
                closed.add(n)
                on_result(task.job, result)

    def can_submit() -> bool:
        if not pending or len(running) >= workers or any(t.retry for t in running.values()):
            return False
        return not pending[0].retry or not running  # a suspect runs alone

    def collect(future: Future[R], task: _Task[J]) -> bool:
        """Take a finished future's result; True when its worker died (the pool is then broken)."""
        try:
            returned[task.n] = (task, future.result(), time.monotonic())
            return False
        except BrokenProcessPool:
            if not task.retry:
                logger.warning("%s: a worker process died; retrying this file alone", label(task.job))
                pending.appendleft(replace(task, retry=True))
            else:
                closed.add(task.n)
                on_crash(task.job)
            return True

    while pending or running or returned:
        q: multiprocessing.queues.SimpleQueue[object] = ctx.SimpleQueue()
        broken = False
        try:
            with ProcessPoolExecutor(
                max_workers=min(workers, max(len(pending), 1)),
                mp_context=ctx,
                initializer=_init_worker,
                initargs=(q, logging.getLogger("tools").getEffectiveLevel()),
            ) as pool:
                while (pending or running or returned) and not broken:
                    while can_submit():
                        try:
                            future = pool.submit(_call, work, pending[0].n, pending[0].job)
                        except BrokenProcessPool:  # a worker died since the last wait
                            broken = True
                            break
                        task = running[future] = pending.popleft()
                        on_start(task.job)
                    done, _ = wait(running, timeout=0.1, return_when=FIRST_COMPLETED) if running else (set(), set())
                    for future in done:
                        broken |= collect(future, running.pop(future))
                    drain(q, 0 if running else 0.05)
                    settle(force=False)
                for future in list(running):  # a broken pool fails all its futures promptly
                    wait([future])
                    collect(future, running.pop(future))
            drain(q, 0)  # what the pool's workers sent before they ended
            settle(force=True)
        finally:
            q.close()
