"""Micro-batching: requests that arrive close together share one model call.

:class:`MicroBatcher` queues generation requests; one worker task takes the first waiting request,
gathers more until ``max_batch_size`` are in hand or ``wait_s`` has passed since it took the first,
and runs them in one ``run(requests)`` call (the transformers backend's ``complete_batch``, which
left-pads them into one ``model.generate``). While a batch runs, new requests queue up and form the
next one, so under load batches fill without waiting and a lone request waits at most ``wait_s``.

A batch that fails because of one request's input (:class:`~model.errors.ConfigError` or
:class:`~model.errors.ImageError`: the backend checks all before generating any) is re-run one
request at a time, so only the bad request fails; a model failure fails the whole batch.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

from model._serving import Busy
from model.errors import ConfigError, ImageError, ModelError, TilepilotError

__all__ = ["MicroBatcher"]

logger = logging.getLogger("model.server")

Req = TypeVar("Req")
Res = TypeVar("Res")


class MicroBatcher(Generic[Req, Res]):
    """Collect requests for up to ``wait_s`` (or ``max_batch_size`` of them) and run them together.

    ``run`` takes a list of requests and returns one result per request, in order. At most
    ``max_queue`` requests wait; :meth:`submit` refuses more with :class:`~model._serving.Busy`.
    ``on_batch(size, seconds)`` is told of every call. Start the worker with :meth:`start` (on the
    loop that will submit) and stop it with :meth:`close`.
    """

    def __init__(
        self,
        run: Callable[[list[Req]], Awaitable[Sequence[Res]]],
        *,
        max_batch_size: int,
        wait_s: float,
        max_queue: int,
        on_batch: Callable[[int, float], None] | None = None,
    ) -> None:
        self._run = run
        self.max_batch_size, self.wait_s, self.max_queue = max_batch_size, wait_s, max_queue
        self._on_batch = on_batch
        self._queue: deque[tuple[Req, asyncio.Future[Res]]] = deque()
        self._arrived: asyncio.Event | None = None
        self._worker: asyncio.Task[None] | None = None
        self._running: list[asyncio.Future[Res]] = []  # the futures of the batch in the model now
        self._closed = False

    @property
    def depth(self) -> int:
        """Requests waiting for a batch (not counting the batch running now)."""
        return len(self._queue)

    def start(self) -> None:
        """Start the worker task on the running loop."""
        if self._worker is None:
            self._arrived = asyncio.Event()
            self._worker = asyncio.get_running_loop().create_task(self._work(), name="tilepilot-batcher")

    async def submit(self, request: Req) -> Res:
        """Queue ``request`` and wait for its result (its batch's errors are raised here)."""
        if self._closed or self._worker is None or self._arrived is None:
            raise ModelError("the service is shutting down: the batch queue is closed")
        if len(self._queue) >= self.max_queue:
            raise Busy(f"the service is busy: {len(self._queue)} requests wait for the model (tilepilot serve "
                       "--max-queue); retry shortly")  # fmt: skip
        future: asyncio.Future[Res] = asyncio.get_running_loop().create_future()
        self._queue.append((request, future))
        self._arrived.set()
        return await future

    async def close(self) -> None:
        """Stop the worker; requests still queued or running fail with :class:`ModelError`.

        The service closes its batcher only after the requests in flight have been answered, so
        under a graceful shutdown nothing is left to fail.
        """
        self._closed = True
        running = list(self._running)  # the worker forgets them as it is cancelled
        if self._worker is not None:
            self._worker.cancel()
            try:
                await self._worker
            except asyncio.CancelledError:
                pass
        for future in running:
            if not future.done():
                future.set_exception(ModelError("the service shut down while this request ran"))
        while self._queue:
            _, future = self._queue.popleft()
            if not future.done():
                future.set_exception(ModelError("the service shut down before this request ran"))

    async def _work(self) -> None:
        assert self._arrived is not None
        loop = asyncio.get_running_loop()
        while True:
            while not self._queue:
                self._arrived.clear()
                await self._arrived.wait()
            deadline = loop.time() + self.wait_s
            while True:
                self._arrived.clear()  # before looking at the queue: nothing can slip in between (one thread)
                left = deadline - loop.time()
                if len(self._queue) >= self.max_batch_size or left <= 0:
                    break
                try:
                    await asyncio.wait_for(self._arrived.wait(), left)
                except TimeoutError:
                    break
            batch = [self._queue.popleft() for _ in range(min(self.max_batch_size, len(self._queue)))]
            live = [(r, f) for r, f in batch if not f.done()]  # a client that gave up cancelled its future
            if live:
                self._running = [f for _, f in live]
                try:
                    await self._run_batch(live)
                finally:
                    self._running = []

    async def _run_batch(self, batch: list[tuple[Req, asyncio.Future[Res]]]) -> None:
        t0 = time.perf_counter()
        try:
            results = await self._run([r for r, _ in batch])
        except (ConfigError, ImageError) as exc:
            if len(batch) == 1:
                _settle(batch[0][1], exc=exc)
                return
            logger.debug("a batch of %d failed on one request's input (%s): running them one by one", len(batch), exc)
            for item in batch:
                await self._run_batch([item])
            return
        except TilepilotError as exc:
            for _, future in batch:
                _settle(future, exc=exc)
            return
        except Exception as exc:  # a bug below us: every waiting request learns of it
            logger.exception("batch of %d failed", len(batch))
            error = ModelError(f"the model failed on a batch of {len(batch)}: {type(exc).__name__}: {exc}")
            for _, future in batch:
                _settle(future, exc=error)
            return
        seconds = time.perf_counter() - t0
        if self._on_batch is not None:
            self._on_batch(len(batch), seconds)
        for (_, future), result in zip(batch, results, strict=True):
            _settle(future, result=result)


def _settle(future: asyncio.Future[Res], *, result: Res | None = None, exc: BaseException | None = None) -> None:
    if future.done():
        return
    if exc is not None:
        future.set_exception(exc)
    else:
        future.set_result(result)  # type: ignore[arg-type]
