"""A stand-in OpenAI-compatible chat server for the remote-backend tests: real HTTP, a scripted model.

``python -m tests.model._openai_standin [--token T]`` (from the repository root) listens on a free loopback port and prints
``listening on http://127.0.0.1:PORT``. It speaks the protocol as vLLM does (``/v1/models``,
``/v1/chat/completions``, vLLM-style error bodies) and replaces only the model: it decodes the
request's ``data:`` image, finds the pure-red pixels, and answers in the dialect the prompt asks in,
written by that dialect's renderer (:mod:`model.dialects`):

* DeepSeek-VL2 referring prompt (``<|ref|>q<|/ref|>``): ``<|ref|>q<|/ref|><|det|>[[x1, y1, x2, y2]]<|/det|>``,
  ints 0..999 over the image; with ``<|grounding|>``, a sentence carrying the same box;
* Qwen2.5-VL (``Locate every … JSON``): ``[{"bbox_2d": [...], "label": q}]`` in pixels of the image as a
  Qwen2.5-VL server resizes it (the released ``min_pixels=3136``, ``max_pixels=12845056``);
* a query containing ``truncate``: an answer cut inside its box list (``finish_reason: length``);
* a query containing ``explode``: HTTP 500 as an engine failure; anything else: a plain sentence.

``GET /debug/requests`` returns every chat request received (headers and body), for assertions.
"""

from __future__ import annotations

import argparse
import base64
import io
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from model.dialects import deepseek, qwen2_5_vl
from model.protocol import ModelBox

MODELS = ("deepseek-ai/deepseek-vl2-tiny", "Qwen/Qwen2.5-VL-7B-Instruct")
_SEEN: list[dict[str, Any]] = []
_LOCK = threading.Lock()


def red_box(data: bytes) -> tuple[int, int, tuple[int, int, int, int] | None]:
    """Image size and the bounding box (x0, y0, x1, y1, exclusive ends) of its pure-red pixels."""
    import numpy as np
    from PIL import Image

    rgb = np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))
    ys, xs = np.nonzero((rgb[:, :, 0] == 255) & (rgb[:, :, 1] == 0) & (rgb[:, :, 2] == 0))
    h, w = rgb.shape[:2]
    if not len(xs):
        return w, h, None
    return w, h, (int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1)


def answer(text: str, image: bytes | None) -> tuple[int, dict[str, Any] | str, str]:
    """(status, error body or answer text, finish reason) for a prompt and its image."""
    ref = re.search(r"<\|ref\|>(.*?)<\|/ref\|>", text, re.DOTALL)
    qwen = re.search(r"Locate every (.*?) in the image, output the bbox coordinates in JSON format", text)
    query = ref.group(1) if ref else qwen.group(1) if qwen else text
    if "explode" in query:
        return 500, {"object": "error", "message": "CUDA out of memory while decoding", "type": "InternalServerError",
                     "param": None, "code": 500}, ""  # fmt: skip
    if image is None:
        return 200, "There is no image.", "stop"
    w, h, box = red_box(image)
    if box is None:
        return 200, "I see no red region.", "stop"
    x0, y0, x1, y1 = box
    found = [ModelBox(label=query, xyxy=(x0 / w, y0 / h, x1 / w, y1 / h))]
    if qwen:  # pixels of the image as a Qwen2.5-VL server resizes it (the released min/max pixels)
        return 200, qwen2_5_vl.render_boxes(found, qwen2_5_vl.DIALECT.frame(w, h)), "stop"
    det = [round(x0 / w * 999), round(y0 / h * 999), round(x1 / w * 999), round(y1 / h * 999)]
    if "truncate" in query:
        return 200, f"<|ref|>{query}<|/ref|><|det|>[[{det[0]}, {det[1]}", "length"
    if "<|grounding|>" in text:
        return 200, f"Press <|ref|>the red box<|/ref|><|det|>[{det}]<|/det|> to go on.", "stop"
    return 200, deepseek.render_answer(found), "stop"


class Handler(BaseHTTPRequestHandler):
    token: str | None = None
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def _send(self, status: int, body: object) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _authorized(self) -> bool:
        if self.token is None or self.headers.get("authorization") == f"Bearer {self.token}":
            return True
        self._send(401, {"error": {"message": "Invalid API key", "type": "AuthenticationError", "code": 401}})
        return False

    def do_GET(self) -> None:
        if self.path == "/health":
            self._send(200, {"status": "ok"})
        elif self.path == "/debug/requests":
            with _LOCK:
                self._send(200, list(_SEEN))
        elif self.path == "/v1/models":
            if self._authorized():
                self._send(200, {"object": "list", "data": [{"id": m, "object": "model", "owned_by": "standin"}
                                                             for m in MODELS]})  # fmt: skip
        else:
            self._send(404, {"object": "error", "message": f"no route {self.path}", "type": "NotFoundError", "code": 404})

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers.get("content-length", "0"))) or b"{}")
        with _LOCK:
            _SEEN.append({"headers": {k.lower(): v for k, v in self.headers.items()}, "body": body})
        if self.path != "/v1/chat/completions":
            self._send(404, {"object": "error", "message": f"no route {self.path}", "type": "NotFoundError", "code": 404})
            return
        if not self._authorized():
            return
        if body.get("model") not in MODELS:
            self._send(404, {"object": "error", "message": f"The model `{body.get('model')}` does not exist.",
                             "type": "NotFoundError", "param": "model", "code": 404})  # fmt: skip
            return
        parts = body["messages"][-1]["content"]
        parts = [{"type": "text", "text": parts}] if isinstance(parts, str) else parts
        text = "".join(p.get("text", "") for p in parts if p["type"] == "text")
        urls = [p["image_url"]["url"] for p in parts if p["type"] == "image_url"]
        image = base64.b64decode(urls[-1].split(",", 1)[1]) if urls else None
        status, result, finish = answer(text, image)
        if status != 200:
            self._send(status, result)
            return
        self._send(200, {"id": "chatcmpl-standin", "object": "chat.completion", "created": 0, "model": body["model"],
                         "choices": [{"index": 0, "message": {"role": "assistant", "content": result},
                                      "finish_reason": finish}],
                         "usage": {"prompt_tokens": 100 + len(text), "completion_tokens": len(str(result)) // 3,
                                   "total_tokens": 100 + len(text) + len(str(result)) // 3}})  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--token")
    args = p.parse_args(argv)
    Handler.token = args.token
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(f"listening on http://127.0.0.1:{server.server_address[1]} ", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
