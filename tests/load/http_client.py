"""A small HTTP client for the load tests: one kept-alive connection per simulated visitor,
its own cookies (so each visitor is its own session), and the CSRF token Django asks for.

Plain http.client from the standard library: the load tests need nothing a browser does
beyond cookies, redirects seen as they are (a 302 is checked, not followed) and form posts.
"""

from __future__ import annotations

import http.client
import re
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

# Django's CSRF middleware puts the token in every form as a hidden field.
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TIMEOUT_SECONDS = 60
# Errors of a connection the server closed while it was idle between two requests; such a
# request never reached the server, and is sent again once on a fresh connection.
STALE_CONNECTION_ERRORS = (
    http.client.RemoteDisconnected,
    BrokenPipeError,
    ConnectionResetError,
)


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]
    body: str
    seconds: float

    @property
    def location(self) -> str:
        return urlsplit(self.headers.get("location", "")).path

    def csrf_token(self) -> str:
        found = CSRF_FIELD.search(self.body)
        assert found, f"no CSRF token in the page (status {self.status})"
        return found.group(1)


@dataclass
class Client:
    """One visitor. ``client_address`` goes out as X-Forwarded-For, as a trusted reverse proxy
    would send it, for a server started with TRUSTED_PROXY_COUNT=1."""

    base_url: str
    client_address: str | None = None
    cookies: dict[str, str] = field(default_factory=dict)
    reconnects: int = 0
    _connection: http.client.HTTPConnection | None = field(default=None, repr=False)

    def _connect(self) -> http.client.HTTPConnection:
        if self._connection is None:
            parts = urlsplit(self.base_url)
            self._connection = http.client.HTTPConnection(
                parts.hostname, parts.port, timeout=TIMEOUT_SECONDS
            )
        return self._connection

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _headers(self, extra: dict[str, str]) -> dict[str, str]:
        headers = {"Accept-Language": "id", "User-Agent": "portal-load-test", **extra}
        cookies = [f"{name}={value}" for name, value in self.cookies.items()]
        if "Cookie" in extra:
            cookies.append(extra["Cookie"])
        if cookies:
            headers["Cookie"] = "; ".join(cookies)
        if self.client_address:
            headers["X-Forwarded-For"] = self.client_address
        return headers

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict | None = None
    ) -> Response:
        headers = self._headers(headers or {})
        for attempt in (1, 2):
            reused = self._connection is not None
            connection = self._connect()
            started = time.perf_counter()
            try:
                connection.request(method, path, body=body, headers=headers)
                raw = connection.getresponse()
                content = raw.read()
            except STALE_CONNECTION_ERRORS:
                self.close()
                if not reused or attempt == 2:
                    raise
                self.reconnects += 1
                continue
            seconds = time.perf_counter() - started
            response_headers = {name.lower(): value for name, value in raw.getheaders()}
            for header in raw.headers.get_all("Set-Cookie") or ():
                for name, morsel in SimpleCookie(header).items():
                    if morsel["max-age"] == "0" or not morsel.value:
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
            if raw.will_close:
                self.close()
            return Response(
                raw.status, response_headers, content.decode("utf-8", "replace"), seconds
            )
        raise AssertionError("unreachable")

    def get(self, path: str, headers: dict | None = None) -> Response:
        return self.request("GET", path, headers=headers)

    def post(self, path: str, data: dict[str, str], *, csrf_token: str) -> Response:
        body = urlencode({**data, "csrfmiddlewaretoken": csrf_token}).encode()
        return self.request(
            "POST",
            path,
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                # Django checks the Origin of a form post against the host it is served from.
                "Origin": self.base_url,
                "Referer": self.base_url + path,
            },
        )
