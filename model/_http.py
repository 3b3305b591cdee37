"""JSON over HTTP for the service client and the remote backend: one httpx pool, every failure translated.

:class:`Transport` owns an ``httpx.AsyncClient`` for one base URL. Transport failures become
:class:`~model.errors.ModelError` naming the URL and what to do (a dead service, a timeout naming
its limit); error answers become the error they describe: the service's own ``{"error": {"type":
"ImageError", …}}`` bodies map back to :class:`~model.errors.ImageError`,
:class:`~model.errors.ConfigError` or :class:`~model.errors.ModelError` with the server's message,
and other servers' 4xx answers (vLLM, SGLang) to :class:`~model.errors.ConfigError`, their 5xx to
:class:`~model.errors.ModelError`.
"""

from __future__ import annotations

import errno
import ipaddress
import json
import logging
from types import TracebackType
from typing import Any, Self
from urllib.parse import urlsplit

from model.errors import ConfigError, ImageError, ModelError, TilepilotError

try:
    import httpx
except ImportError as exc:  # the `serve` extra
    raise ImportError("model.client and model.remote need httpx: pip install 'tilepilot[serve]'") from exc

__all__ = ["Transport", "check_base_url", "error_from_body", "is_loopback"]

logger = logging.getLogger(__name__)

_KEEPALIVE_S = 4.0
"""Idle connections are dropped after this long: under the service's keep-alive (75 s) and uvicorn's
default (5 s), so the client never reuses a connection the server is closing."""


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (``127.0.0.0/8``, ``::1``).

    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("0.0.0.0"), is_loopback("[::1]")
    (True, True, False, True)
    """
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_base_url(url: str, *, name: str) -> str:
    """``url`` without a trailing slash, checked to be ``http(s)://host[:port][/prefix]``.

    >>> check_base_url("http://127.0.0.1:8000/", name="base_url")
    'http://127.0.0.1:8000'
    >>> check_base_url("127.0.0.1:8000", name="base_url")
    Traceback (most recent call last):
    ...
    model.errors.ConfigError: base_url: '127.0.0.1:8000' is not an http:// or https:// URL; e.g. 'http://127.0.0.1:8000'
    """
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError for a bad port)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ConfigError(f"{name}: {url!r} is not an http:// or https:// URL; e.g. 'http://127.0.0.1:8000'",
                          name=name, value=url)  # fmt: skip
    return url.rstrip("/")


def error_from_body(status: int, content: bytes, *, source: str) -> TilepilotError:
    """The error an HTTP error answer describes; ``source`` (``"HTTP 422 from POST …"``) is appended.

    >>> body = b'{"error": {"type": "ImageError", "param": "image", "reason": "not an image", "message": "image: not an image"}}'
    >>> str(error_from_body(400, body, source="HTTP 400 from POST http://x/v1/ocr"))
    'image: not an image (HTTP 400 from POST http://x/v1/ocr)'
    """
    data: Any = None
    try:
        data = json.loads(content)
    except ValueError:
        pass
    err = data.get("error") if isinstance(data, dict) else None
    if not isinstance(err, dict):
        err = data if isinstance(data, dict) else {}
    message = err.get("message") or err.get("detail")
    if not isinstance(message, str) or not message:
        message = content.decode("utf-8", "replace").strip()[:300] or f"status {status}"
    kind, param, reason = err.get("type"), err.get("param"), err.get("reason")
    param = param if isinstance(param, str) else ""
    if kind == "ImageError":
        return ImageError(param or "image", f"{reason if isinstance(reason, str) else message} ({source})")
    if kind == "ConfigError" or (kind not in ("ModelError", "InternalError") and 400 <= status < 500 and status != 429):
        return ConfigError(f"{message} ({source})", name=param)
    return ModelError(f"{message} ({source})")


class Transport:
    """An ``httpx.AsyncClient`` for ``base_url``: JSON bodies in and out, every failure one of ours.

    ``what`` names the peer in messages (``"model service"``) and ``hint`` says how to start one.
    A bearer ``token`` goes with every request. Connections to loopback hosts ignore proxy
    environment variables; others honour them.
    """

    def __init__(
        self,
        base_url: str,
        *,
        token: str | None,
        timeout_s: float,
        connect_timeout_s: float,
        max_connections: int,
        what: str,
        hint: str,
        name: str = "base_url",
    ) -> None:
        for option, value in (("timeout_s", timeout_s), ("connect_timeout_s", connect_timeout_s)):
            if not isinstance(value, int | float) or not value > 0:
                raise ConfigError(f"{option}: {value!r} must be a number of seconds > 0", name=option, value=value)
        if not isinstance(max_connections, int) or max_connections < 1:
            raise ConfigError(f"max_connections: {max_connections!r} must be an integer >= 1", name="max_connections",
                              value=max_connections)  # fmt: skip
        self.base_url = check_base_url(base_url, name=name)
        self.timeout_s, self.connect_timeout_s, self.max_connections = float(timeout_s), float(connect_timeout_s), max_connections
        self._what, self._hint = what, hint
        headers = {"accept": "application/json", "user-agent": "tilepilot"}
        if token:
            headers["authorization"] = f"Bearer {token}"
        self._client = httpx.AsyncClient(
            base_url=self.base_url,
            headers=headers,
            timeout=httpx.Timeout(self.timeout_s, connect=self.connect_timeout_s),
            limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections,
                                keepalive_expiry=_KEEPALIVE_S),
            trust_env=not is_loopback(urlsplit(self.base_url).hostname or ""),
        )

    @property
    def closed(self) -> bool:
        return self._client.is_closed

    async def get(self, path: str) -> bytes:
        """The body of ``GET base_url + path`` (2xx), else the error it describes."""
        return await self._send("GET", path, None)

    async def post(self, path: str, body: bytes) -> bytes:
        """The body of ``POST base_url + path`` with a JSON ``body`` (2xx), else the error it describes."""
        return await self._send("POST", path, body)

    async def aclose(self) -> None:
        await self._client.aclose()

    async def _send(self, method: str, path: str, body: bytes | None) -> bytes:
        url = self.base_url + path
        if self._client.is_closed:
            raise ModelError(f"{method} {url}: the client was closed")
        headers = {"content-type": "application/json"} if body is not None else None
        try:
            response = await self._client.request(method, path, content=body, headers=headers)
        except httpx.ConnectTimeout as exc:
            raise ModelError(f"no {self._what} at {self.base_url}: connecting timed out after {self.connect_timeout_s:g} s "
                             f"(connect_timeout_s); {self._hint}") from exc  # fmt: skip
        except httpx.ConnectError as exc:
            raise ModelError(f"no {self._what} at {self.base_url}: {_reason(exc)}; {self._hint}") from exc
        except httpx.PoolTimeout as exc:
            raise ModelError(f"{method} {url}: no free connection within {self.timeout_s:g} s: all "
                             f"{self.max_connections} connections (max_connections) stayed busy") from exc  # fmt: skip
        except httpx.TimeoutException as exc:
            raise ModelError(f"{method} {url}: no answer within {self.timeout_s:g} s (timeout_s); the model may be busy "
                             "or the request too large: raise timeout_s") from exc  # fmt: skip
        except httpx.RemoteProtocolError as exc:
            raise ModelError(f"{method} {url}: the {self._what} closed the connection without answering ({exc}); it "
                             "may have stopped") from exc  # fmt: skip
        except httpx.HTTPError as exc:
            raise ModelError(f"{method} {url}: {type(exc).__name__}: {_reason(exc)}") from exc
        if response.status_code >= 400:
            logger.debug("%s %s -> %d", method, url, response.status_code)
            raise error_from_body(response.status_code, response.content,
                                  source=f"HTTP {response.status_code} from {method} {url}")  # fmt: skip
        return response.content


def _reason(exc: BaseException) -> str:
    """What went wrong, in words: the root cause of httpx's error chain (anyio words a refused
    connection as "All connection attempts failed" and keeps the errno below)."""
    root: BaseException | None = exc
    while root is not None:
        if isinstance(root, ConnectionRefusedError):
            return "connection refused"
        if isinstance(root, OSError) and root.errno == errno.ENETUNREACH:
            return "network unreachable"
        root = root.__cause__ or root.__context__
    text = str(exc) or type(exc).__name__
    low = text.lower()
    if "refused" in low:
        return "connection refused"
    if "name or service not known" in low or "nodename nor servname" in low or "name resolution" in low:
        return f"unknown host ({text})"
    return text


class OverHttp:
    """Mixed into the classes that talk over a :class:`Transport` in ``self._http``: ``async with`` and
    :meth:`aclose`, which closes the connections (the object is unusable afterwards)."""

    _http: Transport

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connections; the object is unusable afterwards."""
        await self._http.aclose()
