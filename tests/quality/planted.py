"""Pages with one planted flaw each, and a clean page to compare, served by a tiny static HTTP
server on loopback: test_planted_flaws.py proves that each check fails on them."""

from __future__ import annotations

import contextlib
import io
import random
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from PIL import Image

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>A page for the quality checks</title>
<meta name="description" content="A small page with one planted flaw, to prove a check finds it.">
<style>{style}</style>
</head>
<body>
<main>
<h1>A page for the quality checks</h1>
<p>Partnerships between large firms and UMKM.</p>
{body}
</main>
</body>
</html>
"""
CLEAN = '<img src="/photo.png" alt="A sample photo" width="40" height="40">\n' + (
    '<form><label for="name">Name</label> <input id="name" name="name">'
    ' <button type="submit">Send</button></form>'
)
FLAWS = {
    "clean": ("", CLEAN),
    "image without alt": ("", CLEAN.replace(' alt="A sample photo"', "")),
    "duplicate id": ("", CLEAN + '\n<p id="name">Also called name.</p>'),
    "unlabeled input": ("", CLEAN.replace('<label for="name">Name</label> ', "")),
    "focus hidden": ("*:focus { outline: none; box-shadow: none; }", CLEAN),
    "error not described": (
        "",
        CLEAN.replace(
            '<input id="name" name="name">',
            '<input id="name" name="name"'
            ' aria-invalid="true"> <span class="error">Write a name.</span>',
        ),
    ),
    "heavy": ("", CLEAN + '\n<img src="/heavy.png" alt="Noise" width="600" height="600">'),
}


def html(flaw: str) -> str:
    style, body = FLAWS[flaw]
    return PAGE.format(style=style, body=body)


def _png(size: int, *, noise: bool) -> bytes:
    """A PNG of `size` pixels a side: flat (a few hundred bytes) or random noise, which no
    compression shrinks (about 3 bytes a pixel)."""
    if noise:
        generator = random.Random(2021)
        image = Image.frombytes("RGB", (size, size), generator.randbytes(size * size * 3))
    else:
        image = Image.new("RGB", (size, size), (155, 28, 28))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


@dataclass
class PlantedSite:
    base_url: str

    def url(self, flaw: str) -> str:
        return f"{self.base_url}/{flaw.replace(' ', '-')}.html"


@contextlib.contextmanager
def serve_planted_pages() -> Iterator[PlantedSite]:
    files = {
        f"/{flaw.replace(' ', '-')}.html": ("text/html; charset=utf-8", html(flaw).encode())
        for flaw in FLAWS
    }
    files["/photo.png"] = ("image/png", _png(40, noise=False))
    files["/heavy.png"] = ("image/png", _png(300, noise=True))

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            content_type, body = files.get(self.path, ("text/plain", b"not found"))
            self.send_response(200 if self.path in files else 404)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "max-age=31536000")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield PlantedSite(base_url=f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()
