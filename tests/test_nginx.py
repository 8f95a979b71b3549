"""The nginx sample is real configuration: the example server passes `nginx -t`, and nginx serves
the handbook's location file as the browser tests rely on (tests/test_site_browser.py crawls it)."""

from __future__ import annotations

import subprocess
import urllib.request

from scripts.serve import LOCATION_CONF, security_headers
from tests.helpers import REPO
from tests.nginx import NginxServer, nginx_test, write_prefix

EXAMPLE_SERVER = REPO / "scripts" / "deploy" / "example-server.conf"
# The example's certificate paths, which exist only on the hospital's server.
CERTIFICATE = "/etc/ssl/certs/intranet.example.org.pem"
KEY = "/etc/ssl/private/intranet.example.org.key"


def test_the_example_server_passes_nginx_t(tmp_path):
    # nginx -t loads the certificate and key, so the test makes a self-signed pair for the example's
    # host and points the example's two ssl lines at it: the only change to the file.
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    "/CN=intranet.example.org", "-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")],
                   check=True, capture_output=True)
    example = EXAMPLE_SERVER.read_text(encoding="utf-8")
    assert example.count(CERTIFICATE) == 1 and example.count(KEY) == 1
    (tmp_path / "example-server.conf").write_text(
        example.replace(CERTIFICATE, str(tmp_path / "cert.pem")).replace(KEY, str(tmp_path / "key.pem")),
        encoding="utf-8")
    conf = write_prefix(tmp_path, f"    include {tmp_path / 'example-server.conf'};")
    result = nginx_test(tmp_path, conf)
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr and "test is successful" in result.stderr


def test_nginx_serves_the_site_under_its_prefix_with_the_location_files_headers(tmp_path):
    site = tmp_path / "site"
    (site / "_static").mkdir(parents=True)
    (site / "index.html").write_text("<!doctype html><title>t</title>", encoding="utf-8")
    (site / "_static" / "a.js").write_text("1;", encoding="utf-8")
    with NginxServer(site, "/handbooks/vertebroplasty/") as server:
        with urllib.request.urlopen(server.base_url) as response:  # noqa: S310 (the test's own server)
            assert response.headers["Content-Type"] == "text/html; charset=utf-8"
            for name, value in security_headers(LOCATION_CONF).items():
                assert response.headers[name] == value
        with urllib.request.urlopen(server.url("_static/a.js")) as response:  # noqa: S310
            assert response.headers["Content-Type"] == "text/javascript", "nosniff needs the right type"
