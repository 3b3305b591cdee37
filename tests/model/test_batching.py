"""Micro-batching in front of a real tiny transformers backend: batches form, answers stay as alone,
one bad request fails alone, the queue is bounded, closing fails what still waits."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence

import pytest

from model._batching import MicroBatcher
from model._serving import Busy
from model.errors import ImageError, ModelError
from model.local import Completion, TransformersBackend
from model.protocol import GenerateRequest
from tests.model._service import text_png
from tests.model.conftest import TinyModels

SCREEN = text_png([("Sign in", (24, 30))], size=(320, 120))


class Recorder:
    """The backend's ``complete_batch``, noting the size of every call."""

    def __init__(self, backend: TransformersBackend) -> None:
        self.backend, self.sizes = backend, []  # type: ignore[var-annotated]

    async def __call__(self, requests: Sequence[GenerateRequest]) -> list[Completion]:
        self.sizes.append(len(requests))
        return await self.backend.complete_batch(requests)


def asks(n: int) -> list[GenerateRequest]:
    return [GenerateRequest(prompt=f"<image>Question {i}?", images=(SCREEN,)) for i in range(n)]


@pytest.fixture
def backend(tiny_models: TinyModels) -> TransformersBackend:
    return tiny_models.backend("qwen2_vl")


async def test_concurrent_requests_share_calls_and_answer_as_alone(backend: TransformersBackend) -> None:
    run = Recorder(backend)
    batcher = MicroBatcher(run, max_batch_size=4, wait_s=0.05, max_queue=64)
    batcher.start()
    try:
        requests = asks(10)
        together = await asyncio.gather(*(batcher.submit(r) for r in requests))
    finally:
        await batcher.close()
    alone = [(await backend.complete_batch([r]))[0] for r in requests]
    assert [c.token_ids for c in together] == [c.token_ids for c in alone]
    assert run.sizes == [4, 4, 2] and [c.batch_size for c in together] == [4] * 8 + [2] * 2


async def test_a_lone_request_waits_at_most_the_window(backend: TransformersBackend) -> None:
    run = Recorder(backend)
    batcher = MicroBatcher(run, max_batch_size=8, wait_s=0.02, max_queue=8)
    batcher.start()
    try:
        request = asks(1)[0]
        await batcher.submit(request)  # warm
        batched, direct = [], []
        for _ in range(3):  # best of three: the machine is shared
            t0 = time.perf_counter()
            await batcher.submit(request)
            batched.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            await backend.complete_batch([request])
            direct.append(time.perf_counter() - t0)
    finally:
        await batcher.close()
    assert run.sizes == [1] * 4
    assert min(batched) < min(direct) + 0.02 + 0.1, (batched, direct)  # the 20 ms window, plus scheduling slack


async def test_one_bad_request_fails_alone(backend: TransformersBackend) -> None:
    run = Recorder(backend)
    batcher = MicroBatcher(run, max_batch_size=8, wait_s=0.05, max_queue=8)
    batcher.start()
    try:
        good = asks(3)
        bad = GenerateRequest(prompt="<image>What?", images=(b"not an image",))
        results = await asyncio.gather(*(batcher.submit(r) for r in [good[0], bad, *good[1:]]), return_exceptions=True)
    finally:
        await batcher.close()
    assert isinstance(results[1], ImageError) and "images[0]: not a decodable image" in str(results[1])
    assert all(isinstance(r, Completion) for r in (results[0], results[2], results[3]))
    assert run.sizes == [4, 1, 1, 1, 1]  # the shared call failed on the bad input: each ran alone


async def test_the_queue_is_bounded_and_closing_fails_the_waiting() -> None:
    release = asyncio.Event()

    async def slow(requests: Sequence[int]) -> list[int]:
        await release.wait()
        return [r * 10 for r in requests]

    batcher = MicroBatcher(slow, max_batch_size=2, wait_s=0.0, max_queue=2)
    batcher.start()
    first = asyncio.create_task(batcher.submit(1))  # taken by the worker: running
    await asyncio.sleep(0.01)
    waiting = [asyncio.create_task(batcher.submit(n)) for n in (2, 3)]
    await asyncio.sleep(0.01)
    assert batcher.depth == 2
    with pytest.raises(Busy, match=r"the service is busy: 2 requests wait for the model \(tilepilot serve --max-queue\)"):
        await batcher.submit(4)
    release.set()
    assert await first == 10 and [await w for w in waiting] == [20, 30]
    release.clear()
    running = asyncio.create_task(batcher.submit(5))
    await asyncio.sleep(0.01)
    queued = asyncio.create_task(batcher.submit(6))
    await asyncio.sleep(0.01)
    await batcher.close()
    with pytest.raises(ModelError, match="the service shut down before this request ran"):
        await queued
    with pytest.raises(ModelError, match="the service shut down while this request ran"):
        await running
    with pytest.raises(ModelError, match="shutting down"):
        await batcher.submit(7)
