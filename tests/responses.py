"""Reading what the portal hands out, in tests: a Django response's body (streamed or not), a
presigned URL's parameters, and a request to the local moto server."""

import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlsplit


def body_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def fetch(url: str) -> tuple[int, dict, bytes]:
    assert url.startswith("http://127.0.0.1:")  # only ever the local moto server
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), error.read()
