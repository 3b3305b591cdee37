"""``tilepilot serve`` as a real subprocess on 127.0.0.1: routes, limits, token, metrics, batching, shutdown.

Every test talks HTTP to a service started with ``python -m agent.cli serve --port 0``: the CPU
backend (answers compared with the same call in this process), and each tiny transformers family
(chat completions and grounding compared with the in-process backend, token for token).
"""

from __future__ import annotations

import asyncio
import base64
import json
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from model.client import ModelClient, ServiceHealth
from model.errors import ConfigError, ImageError, ModelError
from model.protocol import (
    EmbedRequest,
    EmbedResponse,
    GenerateRequest,
    GroundRequest,
    LayoutRequest,
    OcrRequest,
    TextEmbedder,
    VisionModel,
)
from tests.model._service import (
    ROOT,
    ServiceProcess,
    error_of,
    huge_png,
    metric,
    offline_env,
    start_all,
    text_png,
)
from tests.model.conftest import TINY_MAX_NEW_TOKENS, TinyModels
from tests.model.tiny import FAMILIES

TOKEN = "s3cret-token-for-tests"
SCREEN = text_png([("Sign in", (24, 30)), ("Cancel", (260, 96))])
AUTH = {"authorization": f"Bearer {TOKEN}"}


def same_vectors(a: EmbedResponse, b: EmbedResponse) -> bool:
    """The same model and vectors, to float rounding: a text's vector keeps the last bits of the batch that first
    computed it (padding changes the shapes multiplied), and each process has its own cache."""
    return a.model_id == b.model_id and a.languages == b.languages and len(a.vectors) == len(b.vectors) and all(
        len(u) == len(v) and max(abs(x - y) for x, y in zip(u, v, strict=True)) <= 1e-5
        for u, v in zip(a.vectors, b.vectors, strict=True))  # fmt: skip


@pytest.fixture(scope="module")
def cpu_service() -> Iterator[ServiceProcess]:
    """The CPU backend, warmed up, with a token (from TILEPILOT_TOKEN) and a 1 MiB body limit."""
    service = ServiceProcess(["--max-body-mb", "1"], env=offline_env(TILEPILOT_TOKEN=TOKEN)).wait()
    yield service
    assert service.stop() == 0, service.stderr


@pytest.fixture
async def client(cpu_service: ServiceProcess) -> AsyncIterator[ModelClient]:
    async with ModelClient(cpu_service.url, token=TOKEN) as c:
        yield c


@pytest.fixture
async def raw(cpu_service: ServiceProcess) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=cpu_service.url, timeout=60) as c:
        yield c


# ---------------------------------------------------------------------------------------------------
# the CPU backend over HTTP


async def test_health_and_models(client: ModelClient, raw: httpx.AsyncClient) -> None:
    health = await client.health()
    assert isinstance(health, ServiceHealth)
    assert (health.status, health.backend, health.model_id) == ("ok", "cpu", "tilepilot-cpu")
    assert set(health.tasks) == {"ground", "ocr", "layout", "embed"}
    assert client.model_id == "tilepilot-cpu"
    assert (await raw.get("/health")).status_code == 200  # no token needed for liveness
    assert await client.models() == ["tilepilot-cpu"]
    listed = (await raw.get("/v1/models", headers=AUTH)).json()
    assert listed["object"] == "list" and listed["data"][0]["object"] == "model"
    schema = (await raw.get("/openapi.json", headers=AUTH)).json()
    assert {"/v1/ground", "/v1/ocr", "/v1/chat/completions", "/metrics"} <= set(schema["paths"])
    assert isinstance(client, VisionModel) and isinstance(client, TextEmbedder)


async def test_answers_equal_the_same_calls_in_process(client: ModelClient, cpu_model: Any) -> None:
    ground = GroundRequest(image=SCREEN, query="the Sign in button")
    served, local = await client.ground(ground), await cpu_model.ground(ground)
    assert served == local and served.boxes and served.boxes[0].label == "Sign in"
    assert await client.ocr(OcrRequest(image=SCREEN)) == await cpu_model.ocr(OcrRequest(image=SCREEN))
    assert await client.layout(LayoutRequest(image=SCREEN)) == await cpu_model.layout(LayoutRequest(image=SCREEN))
    texts = EmbedRequest(texts=("Sign in", "로그인"))
    assert same_vectors(await client.embed(texts), await cpu_model.embed(texts))


async def test_perception_runs_unchanged_on_the_client(client: ModelClient, cpu_model: Any) -> None:
    from perception.ocr import read_text

    page = text_png([("Sign in", (24, 30)), ("로그인", (260, 96))])
    assert await read_text(client, page) == await read_text(cpu_model, page)
    assert await read_text(client, page, languages=("ko",)) == await read_text(cpu_model, page, languages=("ko",))


async def test_chat_on_the_cpu_backend_is_501_naming_what_to_serve(client: ModelClient, raw: httpx.AsyncClient) -> None:
    r = await raw.post("/v1/chat/completions", headers=AUTH, json={"messages": [{"role": "user", "content": "hi"}]})
    assert r.status_code == 501
    assert error_of(r.content)["type"] == "ModelError" and "--backend transformers" in str(error_of(r.content)["message"])
    with pytest.raises(ModelError, match=r"offers ground, ocr, layout, embed, not chat.*HTTP 501"):
        await client.generate(GenerateRequest(prompt="<image>hi", images=(SCREEN,)))


# ---------------------------------------------------------------------------------------------------
# bad inputs: a 4xx whose message names the problem


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ({"image": b64(b"GIF? no, just text"), "query": "OK"}, 400, r"image: not a decodable image .*b'GIF\? no"),
        ({"image": b64(huge_png(20000, 20000)), "query": "OK"}, 413,
         r"image: 20000×20000 = 400\.0 MP, over the limit of 50\.0 MP \(max_pixels=50000000"),
        ({"image": b64(huge_png(8000, 8000)), "query": "OK"}, 413, r"image: 8000×8000 = 64\.0 MP, over the limit"),
        ({"query": "OK"}, 422, r"invalid GroundRequest: image: Field required"),
        ({"image": b64(SCREEN)}, 422, r"query: Field required"),
        ({"image": b64(SCREEN), "query": ""}, 422, r"query: String should have at least 1 character"),
        ({"image": b64(SCREEN), "query": "OK", "colour": "red"}, 422, r"colour: Extra inputs are not permitted"),
        ({"image": "!!not base64!!", "query": "OK"}, 422, r"image: .*base64"),
    ],
)  # fmt: skip
async def test_bad_ground_requests(raw: httpx.AsyncClient, body: dict[str, Any], status: int, message: str) -> None:
    r = await raw.post("/v1/ground", headers=AUTH, json=body)
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/json"
    err = error_of(r.content)
    assert err["code"] == status
    assert re.search(message, str(err["message"])), err["message"]


async def test_not_json_and_empty_bodies(raw: httpx.AsyncClient) -> None:
    r = await raw.post("/v1/ocr", headers=AUTH, content=b"{not json")
    assert r.status_code == 422 and "Invalid JSON" in str(error_of(r.content)["message"])
    r = await raw.post("/v1/ocr", headers=AUTH, content=b"")
    assert r.status_code == 422 and error_of(r.content)["message"] == "body: empty; POST a JSON OcrRequest"


async def test_token_missing_or_wrong_is_401_saying_how_to_send_it(raw: httpx.AsyncClient, cpu_service: ServiceProcess) -> None:
    body = {"image": b64(SCREEN), "query": "OK"}
    r = await raw.post("/v1/ground", json=body)
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    assert "needs a bearer token: send 'Authorization: Bearer <token>'" in str(error_of(r.content)["message"])
    r = await raw.post("/v1/ground", json=body, headers={"authorization": "Bearer nope"})
    assert r.status_code == 401 and "wrong bearer token" in str(error_of(r.content)["message"])
    assert (await raw.get("/metrics")).status_code == 401
    async with ModelClient(cpu_service.url, token="nope") as wrong:
        with pytest.raises(ConfigError, match=r"token: wrong bearer token.*\(HTTP 401 from POST http://127\.0\.0\.1:\d+/v1/ocr\)"):
            await wrong.ocr(OcrRequest(image=SCREEN))
    async with ModelClient(cpu_service.url, token="") as none:
        with pytest.raises(ConfigError, match="needs a bearer token") as exc:
            await none.ocr(OcrRequest(image=SCREEN))
        assert exc.value.name == "token"


async def test_env_token_is_used_by_the_client(cpu_service: ServiceProcess, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TILEPILOT_TOKEN", TOKEN)
    async with ModelClient(cpu_service.url) as c:
        assert (await c.embed(EmbedRequest(texts=("OK",)))).model_id == "tilepilot-cpu"


async def test_too_large_bodies_are_413_declared_or_streamed(raw: httpx.AsyncClient, client: ModelClient) -> None:
    big = b'{"image": "' + b"A" * (3 * 2**19) + b'", "query": "OK"}'  # 1.5 MiB, declared in Content-Length
    r = await raw.post("/v1/ground", headers=AUTH, content=big)
    assert r.status_code == 413
    assert str(error_of(r.content)["message"]) == (f"body: the request declares {len(big)} bytes, over the limit of "
                                                   "1048576 bytes (1 MiB, tilepilot serve --max-body-mb): send a "
                                                   "smaller image")  # fmt: skip

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: counted as it streams
        for _ in range(32):
            yield b" " * 65536

    r = await raw.post("/v1/ground", headers=AUTH, content=chunks())
    assert r.status_code == 413 and "sent more than 1048576 bytes" in str(error_of(r.content)["message"])
    with pytest.raises(ConfigError, match=r"body: the request declares \d+ bytes, over the limit.*HTTP 413"):
        await client.ocr(OcrRequest(image=b"\x89PNG" + b"\0" * 2**20))
    assert (await raw.get("/health")).status_code == 200  # the service is still fine


async def test_the_client_raises_the_servers_image_errors(client: ModelClient) -> None:
    with pytest.raises(ImageError, match=r"^image: 20000×20000 = 400\.0 MP, over the limit.*\(HTTP 413 from POST") as exc:
        await client.ground(GroundRequest(image=huge_png(20000, 20000), query="OK"))
    assert exc.value.path == "image"
    with pytest.raises(ImageError, match=r"^image: not a decodable image"):
        await client.layout(LayoutRequest(image=b"plain text"))


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ({"messages": []}, 422, r"messages: List should have at least 1 item"),
        ({"messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "https://x.test/a.png"}}]}]},
         400, r"messages\[0\]\.content\[0\]\.image_url: only data: URIs are accepted"),
        ({"messages": [{"role": "user", "content": [{"type": "input_audio", "data": "x"}]}]}, 422,
         r"does not match any of the expected tags: 'text', 'image_url'"),
        ({"model": "gpt-x", "messages": [{"role": "user", "content": "hi"}]}, 404,
         r"model: 'gpt-x' is not served here; this service serves 'tilepilot-cpu'"),
        ({"stream": True, "messages": [{"role": "user", "content": "hi"}]}, 400, r"stream: streamed answers are not served"),
    ],
)  # fmt: skip
async def test_bad_chat_requests(raw: httpx.AsyncClient, body: dict[str, Any], status: int, message: str) -> None:
    r = await raw.post("/v1/chat/completions", headers=AUTH, json=body)
    assert r.status_code == status, r.text
    assert re.search(message, str(error_of(r.content)["message"])), r.text


async def test_unknown_route_and_method(raw: httpx.AsyncClient) -> None:
    r = await raw.get("/v2/ground", headers=AUTH)
    assert r.status_code == 404 and "no route GET /v2/ground; routes: /health" in str(error_of(r.content)["message"])
    r = await raw.get("/v1/ground", headers=AUTH)
    assert r.status_code == 405 and "GET /v1/ground: Method Not Allowed" in str(error_of(r.content)["message"])


# ---------------------------------------------------------------------------------------------------
# load and metrics


@pytest.mark.slow
async def test_32_concurrent_clients_of_50_requests_each(cpu_service: ServiceProcess, cpu_model: Any) -> None:
    texts = [EmbedRequest(texts=(t,)) for t in ("Sign in", "Cancel", "검색", "Next page")]
    expected = [await cpu_model.embed(t) for t in texts]
    before = metric(cpu_service.get("/metrics", TOKEN)[1].decode(), "tilepilot_requests_total", route="/v1/embed",
                    method="POST", status="200")  # fmt: skip

    async def one_client(k: int) -> int:
        async with ModelClient(cpu_service.url, token=TOKEN) as c:
            for i in range(50):
                j = (k + i) % len(texts)
                assert same_vectors(await c.embed(texts[j]), expected[j])
        return 50

    t0 = time.perf_counter()
    done = await asyncio.gather(*(one_client(k) for k in range(32)))
    seconds = time.perf_counter() - t0
    assert sum(done) == 1600
    after = metric(cpu_service.get("/metrics", TOKEN)[1].decode(), "tilepilot_requests_total", route="/v1/embed",
                   method="POST", status="200")  # fmt: skip
    assert after - before == 1600, f"1600 requests in {seconds:.1f} s"


async def test_metrics_are_prometheus_text(cpu_service: ServiceProcess, client: ModelClient) -> None:
    await client.ocr(OcrRequest(image=SCREEN))
    status, body = cpu_service.get("/metrics", TOKEN)
    text = body.decode()
    assert status == 200
    sample = re.compile(r'^[a-zA-Z_:][\w:]*(\{(\w+="(?:[^"\\]|\\.)*",?)*\})? -?[\d.e+-]+$|^[a-zA-Z_:][\w:]* \+Inf$')
    for line in text.splitlines():
        assert line.startswith(("# HELP ", "# TYPE ")) or sample.match(line), line
    assert metric(text, "tilepilot_info", backend="cpu", model_id="tilepilot-cpu") == 1
    assert metric(text, "tilepilot_requests_total", route="/v1/ocr", method="POST", status="200") >= 1
    assert metric(text, "tilepilot_requests_total", route="/v1/ground", method="POST", status="413") >= 1
    count = metric(text, "tilepilot_request_duration_seconds_count", route="/v1/ocr", status="200")
    assert metric(text, "tilepilot_request_duration_seconds_bucket", route="/v1/ocr", status="200", le="+Inf") == count
    buckets = [float(v) for v in re.findall(r'duration_seconds_bucket\{route="/v1/ocr",status="200",le="[^"]+"\} (\S+)', text)]
    assert buckets == sorted(buckets) and len(buckets) == 16  # cumulative
    assert metric(text, "tilepilot_requests_in_flight", route="/metrics") == 1  # this very request
    assert "tilepilot_queue_depth 0" in text and "# TYPE tilepilot_batch_size histogram" in text


# ---------------------------------------------------------------------------------------------------
# shutdown, refusals at start, the extra


async def test_sigterm_finishes_the_request_in_flight_then_exits_0() -> None:
    """Also: with ``--max-in-flight 1`` a second request meanwhile is 503, while /health and /metrics answer."""
    service = ServiceProcess(["--no-warmup", "--max-in-flight", "1"]).wait()  # first OCR loads the models: slow
    page = text_png([(f"Line {i}: the quick brown fox", (20, 20 + 40 * i)) for i in range(8)], size=(900, 360))
    try:
        async with httpx.AsyncClient(base_url=service.url, timeout=120) as http:
            pending = asyncio.create_task(http.post("/v1/ocr", json={"image": b64(page)}))
            for _ in range(600):
                _, body = await asyncio.to_thread(service.get, "/metrics")
                if metric(body.decode(), "tilepilot_requests_in_flight", route="/v1/ocr") == 1:
                    break
                await asyncio.sleep(0.02)
            else:
                pytest.fail("the OCR request never showed as in flight")
            busy = await http.post("/v1/ocr", json={"image": b64(page)})
            assert busy.status_code == 503 and busy.headers["retry-after"] == "1"
            assert str(error_of(busy.content)["message"]).startswith("the service is busy: its limit of 1 request in "
                                                                     "flight is reached (tilepilot serve --max-in-flight)")  # fmt: skip
            assert (await http.get("/health")).json()["in_flight"] == 1
            service.send_signal(signal.SIGTERM)
            answer = await pending
        assert answer.status_code == 200
        lines = [s["text"] for s in answer.json()["spans"]]
        assert len(lines) == 8 and all(line.endswith("the quick brown fox") for line in lines), lines
        await asyncio.to_thread(service.proc.wait, 60)
    finally:
        code = service.stop(signal.SIGKILL)
    assert code == 0, service.stderr
    assert "tilepilot serve: stopped" in "".join(service.lines)
    with pytest.raises(httpx.ConnectError):
        async with httpx.AsyncClient(base_url=service.url) as http:
            await http.get("/health")


async def test_a_remote_host_is_served_only_with_allow_remote_and_a_token() -> None:
    service = ServiceProcess(["--no-warmup", "--host", "0.0.0.0", "--allow-remote", "--token", TOKEN]).wait()
    try:
        assert service.url.startswith("http://0.0.0.0:")
        url = service.url.replace("0.0.0.0", "127.0.0.1")
        async with httpx.AsyncClient(base_url=url) as http:
            assert (await http.get("/health")).status_code == 200
            assert (await http.get("/v1/models")).status_code == 401
            assert (await http.get("/v1/models", headers=AUTH)).status_code == 200
        assert "bearer token required" in "".join(service.lines)
    finally:
        assert service.stop() == 0, service.stderr


def test_refusals_at_start_exit_2_with_the_reason() -> None:
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    cases = {
        "--host 0.0.0.0": "host: '0.0.0.0' is not a loopback address, so other machines could reach the service; "
                          "pass allow_remote (--allow-remote) with a token",
        "--host 0.0.0.0 --allow-remote": "allow_remote: True needs a token",
        "--backend transformers": "model: None is needed with backend 'transformers'",
        "--backend remote": "remote_url: None is needed with backend 'remote'",
        "--backend transformers --model /nowhere/qwen": "path_or_id: no model folder at /nowhere/qwen",
        f"--no-warmup --port {busy.getsockname()[1]}": f"port: cannot listen on 127.0.0.1:{busy.getsockname()[1]}",
        "--max-body-mb -1": "argument --max-body-mb: '-1' is not a number > 0",
    }
    procs = {
        args: subprocess.Popen([sys.executable, "-m", "agent.cli", "serve", *args.split()], cwd=ROOT, env=offline_env(),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for args in cases
    }
    try:
        for args, proc in procs.items():
            out, err = proc.communicate(timeout=120)
            assert proc.returncode == 2, (args, out, err)
            assert cases[args] in " ".join(err.split()), (args, err)
    finally:
        busy.close()


def test_without_the_serve_extra_the_message_says_what_to_install() -> None:
    script = ("import sys; sys.modules['fastapi'] = None\n"
              "from agent.cli import main; raise SystemExit(main(['serve']))")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=offline_env(), capture_output=True, text=True,
                          timeout=120, check=False)  # fmt: skip
    assert done.returncode == 1
    assert "tilepilot serve: model.server needs fastapi and uvicorn: pip install 'tilepilot[serve]'" in done.stderr
    script = "import sys; sys.modules['httpx'] = None\nimport model.client"
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=offline_env(), capture_output=True, text=True,
                          timeout=120, check=False)  # fmt: skip
    assert "ImportError: model.client and model.remote need httpx: pip install 'tilepilot[serve]'" in done.stderr


# ---------------------------------------------------------------------------------------------------
# the tiny transformers models behind the service


def chat_prompt(family: str) -> str:
    return "<OD>" if family == "florence2" else "<image>Describe this screen."


@pytest.fixture(scope="module")
def tiny_services(tiny_models: TinyModels) -> Iterator[dict[str, ServiceProcess]]:
    """One service per tiny family, started together; answers of exactly 12 tokens, as the in-process ones."""
    folders = {f: tiny_models.folder(f) for f in FAMILIES}
    services = {
        f: ServiceProcess(["--backend", "transformers", "--model", str(folder), "--device", "cpu", "--threads", "1",
                           "--max-new-tokens", str(TINY_MAX_NEW_TOKENS), "--min-new-tokens", str(TINY_MAX_NEW_TOKENS),
                           "--batch-wait-ms", "30"])
        for f, folder in folders.items()
    }
    start_all(*services.values())
    yield services
    for s in services.values():  # signal all first: they shut down side by side
        s.send_signal(signal.SIGTERM)
    codes = {f: s.stop() for f, s in services.items()}
    assert set(codes.values()) == {0}, {f: services[f].stderr[-2000:] for f, c in codes.items() if c}


@pytest.mark.slow
@pytest.mark.parametrize("family", FAMILIES)
async def test_tiny_models_answer_chat_completions_and_ground(
    tiny_services: dict[str, ServiceProcess], tiny_models: TinyModels, family: str
) -> None:
    service, local = tiny_services[family], tiny_models.backend(family)
    request = GenerateRequest(prompt=chat_prompt(family), images=(SCREEN,))
    expected = (await local.complete_batch([request]))[0]
    body = {"model": local.model_id, "max_tokens": 64, "temperature": 0.7, "messages": [{"role": "user", "content": [
        {"type": "image_url", "image_url": {"url": "data:image/png;base64," + b64(SCREEN)}},
        {"type": "text", "text": chat_prompt(family).removeprefix("<image>")}]}]}  # fmt: skip
    async with httpx.AsyncClient(base_url=service.url, timeout=120) as http:
        r = await http.post("/v1/chat/completions", json=body)
    assert r.status_code == 200, r.text
    answer = r.json()
    assert answer["object"] == "chat.completion" and answer["model"] == local.model_id
    assert answer["choices"][0]["message"] == {"role": "assistant", "content": expected.text}
    assert answer["choices"][0]["finish_reason"] == "length"
    assert answer["usage"] == {"prompt_tokens": expected.prompt_tokens, "completion_tokens": TINY_MAX_NEW_TOKENS,
                               "total_tokens": expected.prompt_tokens + TINY_MAX_NEW_TOKENS}  # fmt: skip
    async with ModelClient(service.url) as client:
        assert (await client.generate(request)).text == expected.text
        ground = GroundRequest(image=SCREEN, query="the Sign in button")
        served = await client.ground(ground)
        assert served == await local.ground(ground)
        assert client.model_id == local.model_id
        health = await client.health()
        assert (health.backend, health.family) == ("transformers", family)


@pytest.mark.slow
async def test_concurrent_requests_share_batches_and_answer_as_alone(
    tiny_services: dict[str, ServiceProcess], tiny_models: TinyModels
) -> None:
    service, local = tiny_services["qwen2_vl"], tiny_models.backend("qwen2_vl")
    requests = [GenerateRequest(prompt=f"<image>Question {i}: where is the {w} button?", images=(SCREEN,))
                for i, w in enumerate(("Sign in", "Cancel", "OK", "Next", "Back", "Save", "Delete", "Search"))]  # fmt: skip
    alone = [(await local.complete_batch([r]))[0].text for r in requests]
    before = service.get("/metrics")[1].decode()
    async with ModelClient(service.url) as client:
        served = await asyncio.gather(*(client.generate(r) for r in requests))
    assert [s.text for s in served] == alone
    after = service.get("/metrics")[1].decode()
    batches = metric(after, "tilepilot_batch_size_count") - metric(before, "tilepilot_batch_size_count")
    batched = metric(after, "tilepilot_batch_size_sum") - metric(before, "tilepilot_batch_size_sum")
    assert batched == len(requests) and batches < len(requests), (batches, batched)
    assert metric(after, "tilepilot_queue_depth") == 0


@pytest.mark.slow
async def test_tiny_service_refuses_what_its_family_lacks(tiny_services: dict[str, ServiceProcess]) -> None:
    async with ModelClient(tiny_services["qwen2_vl"].url) as client:
        with pytest.raises(ModelError, match=r"offers ground, chat, not embed: serve --backend cpu.*HTTP 501"):
            await client.embed(EmbedRequest(texts=("x",)))
        with pytest.raises(ModelError, match=r"not ocr.*HTTP 501"):
            await client.ocr(OcrRequest(image=SCREEN))
        with pytest.raises(ConfigError, match=r"prompt: 2 <image> markers for 1 images"):
            await client.generate(GenerateRequest(prompt="<image> and <image>", images=(SCREEN,)))
    async with ModelClient(tiny_services["florence2"].url) as client:
        layout = await client.layout(LayoutRequest(image=SCREEN))  # Florence-2 <OD>
        assert all(0 <= v <= 1 for b in layout.blocks for v in b.xyxy)
        async with httpx.AsyncClient(base_url=tiny_services["florence2"].url, timeout=60) as http:
            r = await http.post("/v1/chat/completions", json={"messages": [{"role": "user", "content": "<OD>"}]})
        assert r.status_code == 400 and "exactly one image, got 0" in json.loads(r.content)["error"]["message"]
