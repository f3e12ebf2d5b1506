"""A small HTTP client for the stack and fault tests: cookies, CSRF and forms as a browser
sends them, to nginx over HTTPS or straight to one app server (as nginx would call it)."""

import http.client
import json
import ssl
import uuid
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body)


class Client:
    """`via=None` talks to nginx (https://127.0.0.1:<port>); `via=0` or `1` to that app server
    directly, with the headers nginx adds. The site sees the same host and scheme either way."""

    def __init__(self, stack, via=None, timeout=30):
        self.stack, self.via, self.timeout = stack, via, timeout
        self.cookies = {}
        self.origin = stack.url
        self.host = f"127.0.0.1:{stack.port}"

    def _connection(self):
        if self.via is None:
            context = ssl._create_unverified_context()  # noqa: S323 - the stack's own certificate
            return http.client.HTTPSConnection(
                "127.0.0.1", self.stack.port, timeout=self.timeout, context=context
            )
        port = self.stack.app_ports[self.via]
        return http.client.HTTPConnection("127.0.0.1", port, timeout=self.timeout)

    def request(self, method, path, body=None, content_type=None, referer=None):
        headers = {"Host": self.host, "User-Agent": "folio-stack-test"}
        if self.via is not None:
            headers |= {"X-Forwarded-Proto": "https", "X-Forwarded-For": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers |= {"Content-Type": content_type, "Origin": self.origin}
            headers["Referer"] = self.origin + (referer or path)
        connection = self._connection()
        try:
            connection.request(method, path, body=body, headers=headers)
            reply = connection.getresponse()
            content = reply.read()
            for header in reply.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    if morsel["max-age"] == "0" or not morsel.value:
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
            return Response(reply.status, {k.lower(): v for k, v in reply.headers.items()}, content)
        finally:
            connection.close()

    def get(self, path):
        return self.request("GET", path)

    def _csrf(self, page):
        if "csrftoken" not in self.cookies:
            self.get(page)
        if "csrftoken" not in self.cookies:
            self.get("/account/login/")
        return self.cookies["csrftoken"]

    def post_form(self, page, data, action=None):
        """POST `data` to `action` (default: `page`) as the form on `page` would."""
        fields = {"csrfmiddlewaretoken": self._csrf(page), **data}
        return self.request(
            "POST",
            action or page,
            body=urlencode(fields, doseq=True).encode(),
            content_type="application/x-www-form-urlencoded",
            referer=page,
        )

    def sign_in(self, username, password):
        response = self.post_form("/account/login/", {"username": username, "password": password})
        if response.status != 302 or "sessionid" not in self.cookies:
            raise AssertionError(f"sign-in failed: {response.status} {response.text[:300]}")

    def upload(self, path, field, filename, content, page="/admin/"):
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"'
            f"\r\n\r\n{self._csrf(page)}\r\n".encode(),
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
            f'filename="{filename}"\r\nContent-Type: image/png\r\n\r\n'.encode()
            + content
            + b"\r\n",
            f"--{boundary}--\r\n".encode(),
        ]
        return self.request(
            "POST",
            path,
            body=b"".join(parts),
            content_type=f"multipart/form-data; boundary={boundary}",
            referer=page,
        )
