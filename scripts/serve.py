"""Serve the built site on this machine with the security headers a hospital's nginx sends.

    python -m scripts.serve [--host 127.0.0.1] [--port 8000] [DIRECTORY]

``make serve`` runs this: authors see in their own browser what the Content-Security-Policy would
block before a hospital does. The headers are read from the nginx sample hospitals paste into their
server (scripts/deploy/handbook-location.conf), so the two cannot drift apart. A small local server
(the standard library's http.server), not a web server to host the site with.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import pathlib
import shlex
import sys

from scripts.layout import ROOT

LOCATION_CONF = ROOT / "scripts" / "deploy" / "handbook-location.conf"


def security_headers(config: pathlib.Path = LOCATION_CONF) -> dict[str, str]:
    """The response headers the nginx configuration *config* adds (its ``add_header`` lines), by name."""
    headers = {}
    for line in config.read_text(encoding="utf-8").splitlines():
        words = shlex.split(line.strip().rstrip(";"), comments=True) if line.strip().startswith("add_header") else []
        if len(words) >= 3:  # add_header NAME VALUE [always]
            headers[words[1]] = words[2]
    return headers


class SecureHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder, adding *headers* to every response, errors included (as nginx's ``always``)."""

    def __init__(self, *args, headers: dict[str, str], **kwargs) -> None:
        self.security_headers = headers
        super().__init__(*args, **kwargs)

    def end_headers(self) -> None:
        for name, value in self.security_headers.items():
            self.send_header(name, value)
        super().end_headers()


def make_server(directory: pathlib.Path, host: str = "127.0.0.1", port: int = 8000) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(SecureHandler, directory=str(directory), headers=security_headers())
    return http.server.ThreadingHTTPServer((host, port), handler)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.serve", description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", type=pathlib.Path, default=ROOT / "_build" / "html",
                        help="the built site (default: _build/html)")
    parser.add_argument("--host", default="127.0.0.1", help="default: 127.0.0.1 (this machine only)")
    parser.add_argument("--port", type=int, default=8000, help="default: 8000")
    args = parser.parse_args(argv)
    if not (args.directory / "index.html").is_file():
        print(f"serve: no site in {args.directory}; run make all first", file=sys.stderr)
        return 2
    try:
        server = make_server(args.directory, args.host, args.port)
    except OSError as error:
        print(f"serve: cannot listen on {args.host}:{args.port}: {error.strerror or error}", file=sys.stderr)
        return 2
    print(f"Serving {args.directory} on http://{args.host}:{server.server_port}/ with the security headers "
          f"of {LOCATION_CONF.relative_to(ROOT)} (Ctrl-C stops)", flush=True)
    with server:
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
