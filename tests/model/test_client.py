"""The HTTP client on its own: dead ports, timeouts, peers that hang up or answer off the protocol, error
bodies of other servers, and the chat wire format it shares with the service (all over real sockets)."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest

from model._http import error_from_body
from model._openai import ChatRequest, data_uri, from_messages, read_data_uri, to_messages
from model.client import ModelClient
from model.errors import ConfigError, ImageError, ModelError
from model.protocol import EmbedRequest, GenerateRequest, OcrRequest, TextEmbedder, VisionModel
from tests.model._service import free_port

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16
JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 16

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


async def _serve(handler: Handler) -> AsyncIterator[str]:
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    try:
        yield f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
    finally:
        server.close()
        await server.wait_closed()


async def _read_request(reader: asyncio.StreamReader) -> None:
    head = await reader.readuntil(b"\r\n\r\n")
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            await reader.readexactly(int(line.split(b":")[1]))


@pytest.fixture
async def stalling() -> AsyncIterator[str]:
    """A peer that reads the request and never answers."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _read_request(reader)
        try:
            await asyncio.sleep(30)
        finally:
            writer.close()

    async for url in _serve(handle):
        yield url


@pytest.fixture
async def hanging_up() -> AsyncIterator[str]:
    """A peer that reads the request and closes the connection."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _read_request(reader)
        writer.close()

    async for url in _serve(handle):
        yield url


@pytest.fixture
async def off_protocol() -> AsyncIterator[str]:
    """A web server that answers 200 with JSON that is not ours."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _read_request(reader)
        writer.write(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 13\r\n\r\n{\"hello\": 1}\n")
        await writer.drain()
        writer.close()

    async for url in _serve(handle):
        yield url


async def test_a_dead_port_names_the_url_and_how_to_start_a_service() -> None:
    port = free_port()
    async with ModelClient(f"http://127.0.0.1:{port}") as client:
        with pytest.raises(ModelError) as exc:
            await client.ocr(OcrRequest(image=PNG))
    assert str(exc.value) == (f"no model service at http://127.0.0.1:{port}: connection refused; start one with "
                              "`tilepilot serve`")  # fmt: skip
    with pytest.raises(ModelError, match=f"no model service at http://127.0.0.1:{port}: connection refused"):
        await ModelClient.connect(f"http://127.0.0.1:{port}")


async def test_a_timeout_names_the_limit(stalling: str) -> None:
    async with ModelClient(stalling, timeout_s=0.3) as client:
        with pytest.raises(ModelError) as exc:
            await client.embed(EmbedRequest(texts=("x",)))
    assert str(exc.value) == (f"POST {stalling}/v1/embed: no answer within 0.3 s (timeout_s); the model may be busy "
                              "or the request too large: raise timeout_s")  # fmt: skip


async def test_a_peer_that_hangs_up_or_speaks_another_protocol(hanging_up: str, off_protocol: str) -> None:
    async with ModelClient(hanging_up) as client:
        with pytest.raises(ModelError, match=rf"POST {hanging_up}/v1/ocr: the model service closed the connection "
                                             "without answering"):  # fmt: skip
            await client.ocr(OcrRequest(image=PNG))
    async with ModelClient(off_protocol) as client:
        with pytest.raises(ModelError, match=rf"{off_protocol}/v1/ocr answered off the protocol \(OcrResponse: Field "
                                             r"required\); is it a tilepilot service of this version\?"):  # fmt: skip
            await client.ocr(OcrRequest(image=PNG))


async def test_construction_checks_and_a_closed_client() -> None:
    with pytest.raises(ConfigError, match="base_url: 'localhost:8000' is not an http:// or https:// URL"):
        ModelClient("localhost:8000")
    with pytest.raises(ConfigError, match="timeout_s: 0 must be a number of seconds > 0"):
        ModelClient(timeout_s=0)
    with pytest.raises(ConfigError, match="max_connections: 0 must be an integer >= 1"):
        ModelClient(max_connections=0)
    client = ModelClient("http://127.0.0.1:9/")
    assert client.base_url == "http://127.0.0.1:9" and isinstance(client, VisionModel)
    assert isinstance(client, TextEmbedder)
    await client.aclose()
    with pytest.raises(ModelError, match="POST http://127.0.0.1:9/v1/ocr: the client was closed"):
        await client.ocr(OcrRequest(image=PNG))


@pytest.mark.parametrize(
    ("status", "body", "kind", "message"),
    [
        (400, b'{"error": {"message": "image: bad", "type": "ImageError", "param": "image", "reason": "bad", "code": 400}}',
         ImageError, "image: bad (HTTP 400 from X)"),
        (422, (b'{"error": {"message": "invalid GroundRequest: query: Field required", "type": "ConfigError", '
               b'"param": "query", "code": 422}}'), ConfigError, "invalid GroundRequest: query: Field required (HTTP 422 from X)"),
        (500, b'{"error": {"message": "boom", "type": "ModelError", "param": null, "code": 500}}', ModelError,
         "boom (HTTP 500 from X)"),
        (400, (b'{"object": "error", "message": "This model\'s maximum context length is 4096 tokens", '
               b'"type": "BadRequestError", "param": null, "code": 400}'), ConfigError,
         "This model's maximum context length is 4096 tokens (HTTP 400 from X)"),
        (404, b'{"detail": "Not Found"}', ConfigError, "Not Found (HTTP 404 from X)"),
        (429, b"slow down", ModelError, "slow down (HTTP 429 from X)"),
        (502, b"<html>Bad Gateway</html>", ModelError, "<html>Bad Gateway</html> (HTTP 502 from X)"),
        (503, b"", ModelError, "status 503 (HTTP 503 from X)"),
    ],
)  # fmt: skip
def test_error_bodies_become_our_errors(status: int, body: bytes, kind: type[Exception], message: str) -> None:
    err = error_from_body(status, body, source=f"HTTP {status} from X")
    assert type(err) is kind and str(err) == message


# ---------------------------------------------------------------------------------------------------
# the chat wire format


def test_prompts_and_images_round_trip_through_chat_messages() -> None:
    for prompt, images in [("<image>What is this?", [PNG]), ("Compare <image> with <image>.", [PNG, JPEG]),
                           ("no image", []), ("<image>\n<|ref|>OK<|/ref|>.", [JPEG])]:  # fmt: skip
        messages = ChatRequest.model_validate({"messages": to_messages(prompt, images)}).messages
        assert from_messages(messages) == (prompt, images)
    # no marker: images first, then the text
    parts = to_messages("Describe.", [PNG])[0]["content"]
    assert [p["type"] for p in parts] == ["image_url", "text"]
    assert parts[0]["image_url"]["url"] == "data:image/png;base64," + base64.b64encode(PNG).decode()
    assert data_uri(JPEG).startswith("data:image/jpeg;base64,")
    with pytest.raises(ConfigError, match="prompt: 2 <image> markers for 1 images"):
        to_messages("<image><image>", [PNG])


def test_chat_messages_as_other_clients_send_them() -> None:
    chat = ChatRequest.model_validate({"model": "m", "temperature": 0.2, "top_p": 0.9, "messages": [
        {"role": "system", "content": "Answer briefly."},
        {"role": "user", "content": [{"type": "text", "text": "Where is OK? "},
                                     {"type": "image_url", "image_url": "data:image/jpeg;base64," + base64.b64encode(JPEG).decode()}]},
    ]})  # fmt: skip
    assert from_messages(chat.messages) == ("Answer briefly.\n\nWhere is OK? <image>", [JPEG])
    urlsafe = "data:image/png;base64," + base64.urlsafe_b64encode(b"\xfb\xff\xfe" * 3).decode()
    assert read_data_uri(urlsafe, name="x") == b"\xfb\xff\xfe" * 3
    with pytest.raises(ImageError, match=r"^x: the data: URI's payload is not base64"):
        read_data_uri("data:image/png;base64,@@@@", name="x")
    bad = [
        ([{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}],
         r"messages\[1\]: a 'assistant' turn; the service answers single-turn chats"),
        ([{"role": "user", "content": [{"type": "text", "text": "see <image>"}]}],
         r"messages\[0\]\.content\[0\]: the text holds '<image>'; send images as image_url parts"),
        ([{"role": "system", "content": "only a system prompt"}], r"messages: no 'user' message"),
    ]  # fmt: skip
    for messages, message in bad:
        with pytest.raises(ConfigError, match=message):
            from_messages(ChatRequest.model_validate({"messages": messages}).messages)


async def test_generate_prompt_becomes_one_user_message() -> None:
    """What the client posts for a GenerateRequest is exactly what from_messages reads back."""
    bodies: list[bytes] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length"))
        bodies.append(await reader.readexactly(length))
        answer = (b'{"id": "x", "object": "chat.completion", "created": 0, "model": "m", "choices": [{"index": 0, '
                  b'"message": {"role": "assistant", "content": "ok"}, "finish_reason": "stop"}]}')  # fmt: skip
        writer.write(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: %d\r\n\r\n" % len(answer)
                     + answer)  # fmt: skip
        await writer.drain()
        writer.close()

    async for url in _serve(handle):
        async with ModelClient(url) as client:
            done = await client.generate(GenerateRequest(prompt="Where is <image> OK?", images=(PNG,), max_new_tokens=7))
        assert (done.text, done.boxes, done.model_id, client.model_id) == ("ok", (), "m", "m")
    chat = ChatRequest.model_validate_json(bodies[0])
    assert chat.max_tokens == 7 and from_messages(chat.messages) == ("Where is <image> OK?", [PNG])
