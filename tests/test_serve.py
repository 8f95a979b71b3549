"""`make serve` (scripts/serve.py) sends the security headers of the nginx sample hospitals use."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request

import pytest

from scripts import serve


@pytest.fixture()
def served(tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html><title>t</title>", encoding="utf-8")
    server = serve.make_server(tmp_path, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()
    thread.join()


def test_the_headers_are_those_of_the_nginx_location_hospitals_paste():
    headers = serve.security_headers()
    assert set(headers) >= {"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options"}
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "unsafe-inline" not in headers["Content-Security-Policy"]


def test_every_response_carries_them_errors_included(served):
    with urllib.request.urlopen(served + "index.html") as response:  # noqa: S310 (a local test server)
        assert response.status == 200
        for name, value in serve.security_headers().items():
            assert response.headers[name] == value
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(served + "no-such-page.html")  # noqa: S310
    assert missing.value.headers["Content-Security-Policy"] == serve.security_headers()["Content-Security-Policy"]
    missing.value.close()


def test_without_a_built_site_it_says_what_to_do(tmp_path, capsys):
    assert serve.main([str(tmp_path)]) == 2
    assert "run make all first" in capsys.readouterr().err
