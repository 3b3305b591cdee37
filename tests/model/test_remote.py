"""The remote backend against real OpenAI-compatible processes: a stand-in server that plays DeepSeek-VL2 and
Qwen2.5-VL (a fake only at the generative edge), ``tilepilot serve --backend remote`` in front of it, and
``tilepilot serve --backend transformers`` with a tiny model (the remote answers equal the in-process ones)."""

from __future__ import annotations

import json
import signal
import sys
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from model.client import ModelClient
from model.dialects import deepseek
from model.errors import ConfigError, ModelError
from model.protocol import GenerateRequest, GroundRequest, LayoutRequest, OcrRequest, VisionModel
from model.remote import RemoteBackend, dialect_of, smart_resize
from tests.model._service import ServiceProcess, free_port, red_box_png, start_all, text_png
from tests.model.conftest import TINY_MAX_NEW_TOKENS, TinyModels

STANDIN = [sys.executable, "-m", "tests.model._openai_standin"]
DEEPSEEK = "deepseek-ai/deepseek-vl2-tiny"
BOX = (100, 50, 299, 149)  # inclusive pixels of the red rectangle in a 640×480 image
IMAGE = red_box_png((640, 480), BOX)


@pytest.fixture(scope="module")
def standin() -> Iterator[ServiceProcess]:
    server = ServiceProcess([], command=STANDIN)
    start_all(server)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def locked_standin() -> Iterator[ServiceProcess]:
    server = ServiceProcess(["--token", "upstream-key"], command=STANDIN)
    start_all(server)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def remote_service(standin: ServiceProcess) -> Iterator[ServiceProcess]:
    """``tilepilot serve --backend remote`` in front of the stand-in (model and dialect asked of it)."""
    service = ServiceProcess(["--backend", "remote", "--remote-url", standin.url + "/v1"]).wait()
    yield service
    assert service.stop() == 0, service.stderr


def seen(server: ServiceProcess) -> list[dict[str, Any]]:
    with urllib.request.urlopen(server.url + "/debug/requests", timeout=10) as r:
        data = json.loads(r.read())
    assert isinstance(data, list)
    return data


def pixels(xyxy: tuple[float, float, float, float], w: int, h: int) -> tuple[float, ...]:
    return (xyxy[0] * w, xyxy[1] * h, xyxy[2] * w, xyxy[3] * h)


def near(a: tuple[float, ...], b: tuple[float, ...], tol: float) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a, b, strict=True))


# ---------------------------------------------------------------------------------------------------
# against the stand-in


async def test_deepseek_grounding_through_a_chat_server(standin: ServiceProcess) -> None:
    async with await RemoteBackend.connect(standin.url) as model:
        assert (model.model_id, model.dialect) == (DEEPSEEK, "deepseek") and isinstance(model, VisionModel)
        found = await model.ground(GroundRequest(image=IMAGE, query="the red button"))
    assert found.model_id == DEEPSEEK and [b.label for b in found.boxes] == ["the red button"]
    # 0..999 over the image: within one unit (640/999 px) of the rectangle (exclusive right/bottom edges)
    assert near(pixels(found.boxes[0].xyxy, 640, 480), (100, 50, 300, 150), 640 / 999)
    request = seen(standin)[-1]["body"]
    assert request["model"] == DEEPSEEK and request["temperature"] == 0 and request["max_tokens"] == 256
    image, text = request["messages"][0]["content"]
    assert image["type"] == "image_url" and image["image_url"]["url"].startswith("data:image/png;base64,")
    assert text == {"type": "text", "text": "\n<|ref|>the red button<|/ref|>."}  # the dialect's prompt, exactly


async def test_qwen_pixel_answers_are_divided_by_the_servers_resize(standin: ServiceProcess) -> None:
    big = red_box_png((1920, 1080), (960, 540, 1439, 809))
    async with RemoteBackend(standin.url, model="Qwen/Qwen2.5-VL-7B-Instruct") as model:
        assert model.dialect is None  # resolved on first use, from the model's name
        found = await model.ground(GroundRequest(image=big, query="red rectangle"))
        assert model.dialect == "qwen2_5_vl"
    assert near(pixels(found.boxes[0].xyxy, 1920, 1080), (960, 540, 1440, 810), 1.0)
    async with RemoteBackend(standin.url, model="Qwen/Qwen2.5-VL-7B-Instruct", max_pixels=1003520) as wrong:
        off = await wrong.ground(GroundRequest(image=big, query="red rectangle"))
    assert not near(pixels(off.boxes[0].xyxy, 1920, 1080), (960, 540, 1440, 810), 50.0)  # the frame matters


async def test_grounded_conversation_and_malformed_answers(standin: ServiceProcess) -> None:
    async with RemoteBackend(standin.url, model=DEEPSEEK) as model:
        prompt = "<image>\n<|grounding|>What do I press?"  # deepseek.conversation_prompt's user turn
        assert prompt in deepseek.conversation_prompt("What do I press?")
        done = await model.complete(GenerateRequest(prompt=prompt, images=(IMAGE,)))
        assert done.text.startswith("Press <|ref|>the red box<|/ref|>") and done.finish_reason == "stop"
        assert [b.label for b in done.boxes] == ["the red box"] and done.prompt_tokens > 100
        cut = await model.ground(GroundRequest(image=IMAGE, query="truncate me"))  # "<|det|>[[100, 20"
        assert cut.boxes == ()
        plain = await model.generate(GenerateRequest(prompt="Hello"))
        assert (plain.text, plain.boxes) == ("There is no image.", ())


async def test_upstream_failures_become_our_errors(standin: ServiceProcess, locked_standin: ServiceProcess) -> None:
    async with RemoteBackend(standin.url, model=DEEPSEEK) as model:
        with pytest.raises(ModelError, match=r"CUDA out of memory while decoding \(HTTP 500 from POST "
                                             r"http://127\.0\.0\.1:\d+/v1/chat/completions\)"):  # fmt: skip
            await model.ground(GroundRequest(image=IMAGE, query="explode"))
        with pytest.raises(ModelError, match="deepseek dialect, which has no OCR task"):
            await model.ocr(OcrRequest(image=IMAGE))
        with pytest.raises(ModelError, match="no layout task"):
            await model.layout(LayoutRequest(image=IMAGE))
        with pytest.raises(ConfigError, match="query: '<|ref|>' has no text besides special tokens"):
            await model.ground(GroundRequest(image=IMAGE, query="<|ref|>"))
    async with RemoteBackend(standin.url, model="no/such-model", dialect="deepseek") as model:
        with pytest.raises(ConfigError, match=r"The model `no/such-model` does not exist\. \(HTTP 404"):
            await model.ground(GroundRequest(image=IMAGE, query="OK"))
    async with RemoteBackend(locked_standin.url, model=DEEPSEEK, api_key="wrong") as model:
        with pytest.raises(ConfigError, match=r"Invalid API key \(HTTP 401"):
            await model.ground(GroundRequest(image=IMAGE, query="OK"))
    async with RemoteBackend(locked_standin.url, model=DEEPSEEK, api_key="upstream-key") as model:
        assert (await model.ground(GroundRequest(image=IMAGE, query="OK"))).boxes
    assert seen(locked_standin)[-1]["headers"]["authorization"] == "Bearer upstream-key"
    port = free_port()
    with pytest.raises(ModelError, match=rf"^no OpenAI-compatible server at http://127\.0\.0\.1:{port}/v1: connection "
                                         r"refused; start an OpenAI-compatible server there"):  # fmt: skip
        await RemoteBackend.connect(f"http://127.0.0.1:{port}")


def test_dialects_and_the_qwen_resize() -> None:
    assert [dialect_of(n) for n in ("deepseek-ai/deepseek-vl2", "deepseek_vl_v2", "Qwen/Qwen2.5-VL-72B-Instruct",
                                    "ByteDance-Seed/UI-TARS-1.5-7B", "OS-Copilot/OS-Atlas-Base-7B", "Qwen/Qwen2-VL-2B",
                                    "NCSOFT/VARCO-VISION-2.0-14B", "microsoft/Florence-2-large")] == [
        "deepseek", "deepseek", "qwen2_5_vl", "ui_tars_1_5", "qwen2_vl", "qwen2_vl", "varco", "florence2"]  # fmt: skip
    assert [dialect_of(n) for n in ("ByteDance-Seed/UI-TARS-7B-DPO", "showlab/ShowUI-2B", "Qwen/Qwen3-VL-8B-Instruct")] == [
        "ui_tars", "showui", "qwen3_vl"]  # fmt: skip
    with pytest.raises(ConfigError, match=r"cannot tell the grounding dialect of 'llama-3'; pass dialect= one of "
                                          r"deepseek, florence2, qwen2_5_vl, qwen2_vl, qwen3_vl, showui, ui_tars, ui_tars_1_5, varco"):  # fmt: skip
        RemoteBackend("http://127.0.0.1:1", dialect="llama-3")
    # specs/vlm.md §2.2: (image) → transformers default max_pixels, hub max_pixels
    for (w, h), small, hub in [((640, 480), (644, 476), (644, 476)), ((1920, 1080), (1316, 728), (1932, 1092)),
                               ((1240, 1754), (840, 1176), (1232, 1764)), ((390, 844), (392, 840), (392, 840))]:  # fmt: skip
        assert smart_resize(h, w, min_pixels=3136, max_pixels=1003520)[::-1] == small
        assert smart_resize(h, w, min_pixels=3136, max_pixels=12845056)[::-1] == hub
    with pytest.raises(ConfigError, match="min_pixels: 10 exceeds max_pixels=5"):
        RemoteBackend("http://127.0.0.1:1", min_pixels=10, max_pixels=5)
    with pytest.raises(ConfigError, match="base_url: 'gpu:8000/v1' is not an http:// or https:// URL"):
        RemoteBackend("gpu:8000")


# ---------------------------------------------------------------------------------------------------
# the service in front of the stand-in: client → tilepilot serve --backend remote → stand-in


@pytest.mark.slow
async def test_the_service_serves_a_remote_model(standin: ServiceProcess, remote_service: ServiceProcess) -> None:
    async with ModelClient(remote_service.url) as client:
        health = await client.health()
        assert (health.backend, health.model_id, health.family) == ("remote", DEEPSEEK, "deepseek")
        found = await client.ground(GroundRequest(image=IMAGE, query="the red button"))
        async with RemoteBackend(standin.url, model=DEEPSEEK) as direct:
            assert found == await direct.ground(GroundRequest(image=IMAGE, query="the red button"))
        prompt = "<image>\n<|grounding|>What do I press?"
        answer = await client.generate(GenerateRequest(prompt=prompt, images=(IMAGE,)))
        assert answer.text.startswith("Press <|ref|>the red box") and [b.label for b in answer.boxes] == ["the red box"]
        with pytest.raises(ModelError, match=r"CUDA out of memory while decoding \(HTTP 500 from POST http://127\.0\.0"
                                             r"\.1:\d+/v1/chat/completions\) \(HTTP 500 from POST"):  # fmt: skip
            await client.ground(GroundRequest(image=IMAGE, query="explode"))


# ---------------------------------------------------------------------------------------------------
# against tilepilot serve --backend transformers (a tiny DeepSeek-VL): the same answers as in process


@pytest.fixture(scope="module")
def tiny_deepseek(tiny_models: TinyModels) -> Iterator[ServiceProcess]:
    service = ServiceProcess(["--backend", "transformers", "--model", str(tiny_models.folder("deepseek_vl")),
                              "--device", "cpu", "--threads", "1", "--max-new-tokens", str(TINY_MAX_NEW_TOKENS),
                              "--min-new-tokens", str(TINY_MAX_NEW_TOKENS)]).wait()  # fmt: skip
    yield service
    assert service.stop(signal.SIGTERM) == 0, service.stderr


@pytest.mark.slow
async def test_remote_backend_against_a_transformers_service(tiny_deepseek: ServiceProcess, tiny_models: TinyModels) -> None:
    local = tiny_models.backend("deepseek_vl")
    screen = text_png([("Sign in", (24, 30))])
    async with await RemoteBackend.connect(tiny_deepseek.url) as model:
        assert (model.model_id, model.dialect) == (local.model_id, "deepseek")  # told by the service's /v1/models
        for prompt in ("<image>Describe this screen.", "Where is <image> the button?"):
            request = GenerateRequest(prompt=prompt, images=(screen,))
            expected = (await local.complete_batch([request]))[0]
            done = await model.complete(request)
            assert (done.text, done.finish_reason, done.completion_tokens) == (expected.text, "length", 12)
        ground = GroundRequest(image=screen, query="the Sign in button")
        assert (await model.ground(ground)).boxes == (await local.ground(ground)).boxes
