"""Reading what the portal hands out, in tests: a Django response's body (streamed or not), a
spreadsheet's rows, a presigned URL's parameters, and a request to the local moto server."""

import csv
import io
import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlsplit

from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook


def body_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(response) -> list[list[str]]:
    """A CSV download's rows (its byte order mark left out)."""
    return list(csv.reader(io.StringIO(body_of(response).decode("utf-8-sig"))))


def xlsx_rows(response) -> list[list]:
    """An XLSX download's first sheet, row by row; an empty cell as ""."""
    sheet = load_workbook(io.BytesIO(body_of(response))).active
    return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]


def queries_to_download(client, url: str) -> int:
    """How many queries `client` makes the server run to download `url` to its end."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        body_of(response)
    assert response.status_code == 200
    return len(queries)


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
