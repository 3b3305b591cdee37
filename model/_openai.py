"""The OpenAI chat-completions wire format, as the service, its client and the remote backend speak it.

Imports only pydantic and the standard library. A :class:`~model.protocol.GenerateRequest` (a
prompt whose ``<image>`` markers stand for its images) becomes one user message whose content parts
are text and ``image_url`` parts holding ``data:`` URIs, and back:

>>> parts = to_messages("<image>What is this?", [b"\\x89PNG\\r\\n\\x1a\\n"])[0]["content"]
>>> [p["type"] for p in parts], parts[0]["image_url"]["url"][:22]
(['image_url', 'text'], 'data:image/png;base64,')
>>> prompt, images = from_messages(ChatRequest.model_validate({"messages": to_messages("<image>What is this?",
...     [b"\\x89PNG\\r\\n\\x1a\\n"])}).messages)
>>> prompt, images
('<image>What is this?', [b'\\x89PNG\\r\\n\\x1a\\n'])

Requests are read leniently (unknown fields such as ``top_p`` are ignored, as OpenAI-compatible
servers do); responses from other servers too (vLLM and SGLang add fields of their own).
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Sequence
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from model.dialects import IMAGE
from model.errors import ConfigError, ImageError
from model.protocol import ModelBox

__all__ = [
    "IMAGE",
    "ChatMessage",
    "ChatRequest",
    "ChatResponse",
    "ImagePart",
    "TextPart",
    "data_uri",
    "from_messages",
    "image_mime",
    "read_data_uri",
    "to_messages",
]

_DATA_URI = re.compile(r"^data:([\w.+-]+/[\w.+-]+)?((?:;[\w.+-]+=[\w.+-]+)*);base64,", re.ASCII)
_MIMES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"BM", "image/bmp"),
)


class _Lenient(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class TextPart(_Lenient):
    """A text content part: ``{"type": "text", "text": "…"}``."""

    type: Literal["text"]
    text: str


class ImageURL(_Lenient):
    """The ``image_url`` object of an image part; only ``data:`` URIs are served."""

    url: str
    detail: str | None = None


class ImagePart(_Lenient):
    """An image content part: ``{"type": "image_url", "image_url": {"url": "data:image/png;base64,…"}}``."""

    type: Literal["image_url"]
    image_url: ImageURL | str


Part = Annotated[TextPart | ImagePart, Field(discriminator="type")]


class ChatMessage(_Lenient):
    """One message: its role and its content (a string, or text and image parts)."""

    role: Literal["system", "developer", "user", "assistant", "tool"]
    content: str | list[Part] | None = None


class ChatRequest(_Lenient):
    """``POST /v1/chat/completions``: the fields the service reads (others are ignored).

    Decoding is greedy whatever ``temperature`` says; ``stream`` and ``n > 1`` are refused.
    """

    model: str | None = None
    messages: list[ChatMessage] = Field(min_length=1)
    max_tokens: int | None = Field(default=None, gt=0)
    max_completion_tokens: int | None = Field(default=None, gt=0)
    temperature: float | None = Field(default=None, ge=0)
    stream: bool = False
    n: int = Field(default=1, ge=1)


class ChatAnswer(_Lenient):
    role: str = "assistant"
    content: str | None = None


class ChatChoice(_Lenient):
    index: int = 0
    message: ChatAnswer
    finish_reason: str | None = None


class ChatUsage(_Lenient):
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0


class ChatExtension(_Lenient):
    """What tilepilot adds under ``"tilepilot"``: the boxes parsed from the answer and batching facts."""

    boxes: tuple[ModelBox, ...] = ()
    batch_size: int | None = None
    time_s: float | None = None


class ChatResponse(_Lenient):
    """A ``chat.completion`` object (read from any OpenAI-compatible server)."""

    id: str = ""
    object: str = "chat.completion"
    created: int = 0
    model: str = ""
    choices: list[ChatChoice] = Field(min_length=1)
    usage: ChatUsage | None = None
    tilepilot: ChatExtension | None = None


def image_mime(data: bytes) -> str:
    """The MIME type of encoded image bytes from their magic number (``image/png`` when unknown).

    >>> image_mime(b"\\xff\\xd8\\xff\\xe0"), image_mime(b"RIFF\\0\\0\\0\\0WEBPVP8 ")
    ('image/jpeg', 'image/webp')
    """
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    for magic, mime in _MIMES:
        if data.startswith(magic):
            return mime
    return "image/png"


def data_uri(data: bytes) -> str:
    """``data:<mime>;base64,<standard base64>`` for encoded image bytes."""
    return f"data:{image_mime(data)};base64,{base64.b64encode(data).decode('ascii')}"


def read_data_uri(url: str, *, name: str) -> bytes:
    """The bytes of a base64 ``data:`` URI; ``name`` says where it came from in errors.

    Raises :class:`~model.errors.ConfigError` for another kind of URL (the service fetches
    nothing) and :class:`~model.errors.ImageError` for a payload that is not base64.

    >>> read_data_uri("data:image/png;base64,iVBORw==", name="image_url")
    b'\\x89PNG'
    >>> read_data_uri("https://example.com/a.png", name="image_url")
    Traceback (most recent call last):
    ...
    model.errors.ConfigError: image_url: only data: URIs are accepted ('https://example.com/a.png'); the service fetches no URL: send the image as data:image/png;base64,…
    """
    m = _DATA_URI.match(url)
    if m is None:
        shown = url if len(url) <= 60 else url[:57] + "..."
        raise ConfigError(f"{name}: only data: URIs are accepted ({shown!r}); the service fetches no URL: send "
                          "the image as data:image/png;base64,…", name=name, value=shown)  # fmt: skip
    payload = url[m.end() :]
    try:
        return base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        try:  # URL-safe base64, padding left out: common too
            standard = payload.replace("-", "+").replace("_", "/")
            return base64.b64decode(standard + "=" * (-len(standard) % 4), validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ImageError(name, f"the data: URI's payload is not base64 ({len(payload)} characters)") from exc


def to_messages(prompt: str, images: Sequence[bytes]) -> list[dict[str, Any]]:
    """One user message for ``prompt`` and ``images``: each ``<image>`` marker becomes an image part at
    its place (no marker: the images come first), the text between markers text parts."""
    pieces = prompt.split(IMAGE)
    content: list[dict[str, Any]] = []
    if len(pieces) == 1:
        content = [{"type": "image_url", "image_url": {"url": data_uri(img)}} for img in images]
        if prompt:
            content.append({"type": "text", "text": prompt})
        return [{"role": "user", "content": content}]
    if len(pieces) - 1 != len(images):
        raise ConfigError(f"prompt: {len(pieces) - 1} {IMAGE} markers for {len(images)} images; write one per image, "
                          "or none to put the images first", name="prompt", value=prompt)  # fmt: skip
    for k, piece in enumerate(pieces):
        if k:
            content.append({"type": "image_url", "image_url": {"url": data_uri(images[k - 1])}})
        if piece:
            content.append({"type": "text", "text": piece})
    return [{"role": "user", "content": content}]


def from_messages(
    messages: Sequence[ChatMessage], *, check: Callable[[bytes, str], object] | None = None
) -> tuple[str, list[bytes]]:
    """The prompt (``<image>`` markers where the image parts were) and the images of a single-turn chat.

    System and developer messages come first, each followed by a blank line; user messages follow
    in order, joined by newlines; the parts of one message are joined as they are (so
    :func:`to_messages` round-trips). Raises :class:`~model.errors.ConfigError` for an assistant or tool
    turn (the service answers one turn), a text part holding ``<image>`` (images go in image parts)
    or a chat without a user message; :class:`~model.errors.ImageError` for a bad data URI.
    ``check(image, name)`` is called on each image as it is read (``name`` is where it was, e.g.
    ``messages[0].content[1].image_url``) and may raise.
    """
    head: list[str] = []
    body: list[str] = []
    images: list[bytes] = []
    for i, message in enumerate(messages):
        where = f"messages[{i}]"
        if message.role in ("assistant", "tool"):
            raise ConfigError(f"{where}: a {message.role!r} turn; the service answers single-turn chats (system and "
                              "user messages only): put earlier answers into the user text", name=where,
                              value=message.role)  # fmt: skip
        parts: list[TextPart | ImagePart]
        if message.content is None:
            parts = []
        elif isinstance(message.content, str):
            parts = [TextPart(type="text", text=message.content)]
        else:
            parts = list(message.content)
        text: list[str] = []
        for j, part in enumerate(parts):
            if isinstance(part, TextPart):
                if IMAGE in part.text:
                    raise ConfigError(f"{where}.content[{j}]: the text holds {IMAGE!r}; send images as image_url "
                                      "parts, not markers", name=f"{where}.content[{j}]", value=part.text[:80])  # fmt: skip
                text.append(part.text)
                continue
            if message.role != "user":
                raise ConfigError(f"{where}.content[{j}]: an image in a {message.role!r} message; images go in the "
                                  "user message", name=f"{where}.content[{j}]", value=message.role)  # fmt: skip
            url = part.image_url if isinstance(part.image_url, str) else part.image_url.url
            name = f"{where}.content[{j}].image_url"
            image = read_data_uri(url, name=name)
            if check is not None:
                check(image, name)
            images.append(image)
            text.append(IMAGE)
        (body if message.role == "user" else head).append("".join(text))
    if not body:
        raise ConfigError("messages: no 'user' message; send the question (and its images) as a user message",
                          name="messages", value=len(messages))  # fmt: skip
    prefix = "".join(h.strip() + "\n\n" for h in head if h.strip())
    return prefix + "\n".join(body), images
