"""A small browser for the two-server test: cookies, CSRF tokens, no redirects followed.

Requests say they came through the TLS proxy (`X-Forwarded-Proto: https`), as they would in
production, so the servers run their production settings unchanged.
"""

from __future__ import annotations

import http.client
import re
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlencode


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Browser:
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, port: int, method: str, path: str, body: bytes = b"",
                headers: dict | None = None) -> Answer:  # fmt: skip
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        sent = {
            "Host": f"127.0.0.1:{port}",
            "X-Forwarded-Proto": "https",
            "Origin": f"https://127.0.0.1:{port}",
            **(headers or {}),
        }
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        answer = Answer(response.status, response.headers, response.read())
        connection.close()
        for cookie in answer.headers.get_all("Set-Cookie") or []:
            name, value = cookie.split(";")[0].split("=", 1)
            self.cookies[name] = value.strip('"')
        return answer

    def get(self, port: int, path: str) -> Answer:
        return self.request(port, "GET", path)

    def post(self, port: int, path: str, data: dict) -> Answer:
        body = urlencode({**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")})
        return self.request(
            port, "POST", path, body.encode(),
            {"Content-Type": "application/x-www-form-urlencoded",
             "X-CSRFToken": self.cookies.get("csrftoken", "")},
        )  # fmt: skip

    def post_file(self, port: int, path: str, data: dict, field_name: str, filename: str,
                  content: bytes) -> Answer:  # fmt: skip
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in {
            **data,
            "csrfmiddlewaretoken": self.cookies.get("csrftoken", ""),
        }.items():
            disposition = f'Content-Disposition: form-data; name="{name}"'
            parts.append(f"--{boundary}\r\n{disposition}\r\n\r\n{value}\r\n".encode())
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field_name}"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request(
            port, "POST", path, b"".join(parts),
            {"Content-Type": f"multipart/form-data; boundary={boundary}",
             "X-CSRFToken": self.cookies.get("csrftoken", "")},
        )  # fmt: skip

    def sign_in(self, port: int, username: str, password: str) -> Answer:
        page = self.get(port, "/sign-in/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert token, page.text[:500]
        return self.post(port, "/sign-in/", {"username": username, "password": password})
