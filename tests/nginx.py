"""Debian's nginx (nginx-light), run by the tests on a free loopback port with its own temporary files.

The site is served as a hospital serves it: a ``server`` block that includes the handbook's location
file (scripts/deploy/handbook-location.conf) unchanged, with the site copied (here: linked) to
``<root>/handbooks/vertebroplasty/``. nginx runs in the foreground as one process (``master_process
off``: no workers switching to another user, so it reads the test's files as the user running the
tests), with every path it writes (pid, logs, request bodies, caches) inside its temporary prefix;
it is stopped when the test is done.
"""

from __future__ import annotations

import dataclasses
import pathlib
import shutil
import socket
import subprocess
import tempfile
import time

from scripts.serve import LOCATION_CONF

NGINX = "/usr/sbin/nginx"
# The main configuration around a server block: a foreground process writing only under its prefix.
MAIN_CONF = """\
daemon off;
master_process off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include /etc/nginx/mime.types;
{servers}
}}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write_prefix(prefix: pathlib.Path, servers: str) -> pathlib.Path:
    """Write nginx.conf (around *servers*) and snippets/handbook-location.conf under *prefix*; return nginx.conf."""
    (prefix / "snippets").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(LOCATION_CONF, prefix / "snippets" / LOCATION_CONF.name)
    conf = prefix / "nginx.conf"
    conf.write_text(MAIN_CONF.format(prefix=prefix, servers=servers), encoding="utf-8")
    return conf


def nginx_test(prefix: pathlib.Path, conf: pathlib.Path) -> subprocess.CompletedProcess:
    """``nginx -t`` on *conf*: its syntax, every file it includes, certificates loaded."""
    return subprocess.run([NGINX, "-t", "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")],
                          capture_output=True, text=True)


@dataclasses.dataclass
class NginxServer:
    """The built site *root* served by nginx on 127.0.0.1 under *prefix*.

    Under ``/handbooks/vertebroplasty/`` the server includes the handbook's location file, with its
    headers; at ``/`` it serves the folder plainly, with no header added.
    """

    root: pathlib.Path
    prefix: str = "/"

    def __enter__(self) -> NginxServer:
        self._folder = pathlib.Path(tempfile.mkdtemp(prefix="handbook-nginx-"))
        self.port = free_port()
        if self.prefix == "/":
            location = f"root {self.root};\n        location / {{ index index.html; }}"
        else:
            # Where the location expects the site: <root> + the prefix.
            site = self._folder / "www" / self.prefix.strip("/")
            site.parent.mkdir(parents=True)
            site.symlink_to(self.root.resolve(), target_is_directory=True)
            location = f"root {self._folder / 'www'};\n        include snippets/{LOCATION_CONF.name};"
        servers = f"    server {{\n        listen 127.0.0.1:{self.port};\n        {location}\n    }}"
        conf = write_prefix(self._folder, servers)
        self._process = subprocess.Popen([NGINX, "-p", str(self._folder), "-c", str(conf),
                                          "-e", str(self._folder / "error.log")],
                                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self._wait_until_listening()
        return self

    def _wait_until_listening(self, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"nginx stopped: {self._process.stderr.read()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        self.__exit__()
        raise RuntimeError(f"nginx did not listen on 127.0.0.1:{self.port} within {timeout} s")

    def __exit__(self, *exc_info) -> None:
        self._process.terminate()  # nginx's TERM: a fast shutdown
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._process.stderr.close()
        shutil.rmtree(self._folder, ignore_errors=True)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """The site's root URL, ending in "/"."""
        return self.origin + self.prefix

    def url(self, page: str) -> str:
        return self.base_url + page
