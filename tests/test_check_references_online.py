"""The reference checker's --online checks, against a local HTTP server that plays doi.org and a few web sites.

Nothing here reaches the internet: the server listens on 127.0.0.1 in a thread, and the checker is
pointed at it with --doi-resolver and with the URLs in a bibliography written for the test.
"""

from __future__ import annotations

import collections
import http.server
import json
import pathlib
import threading
import time

import pytest

from scripts.check_references import __main__ as cli
from scripts.check_references import online

CSL_RECORDS = {
    "10.1000/good": {"title": "Vertebroplasty for osteoporotic fractures", "author": [{"family": "Smith", "given": "A"}],
                     "issued": {"date-parts": [[2020, 3]]}, "published-online": {"date-parts": [[2019, 12, 1]]}},
    "10.1000/wrong-title": {"title": "A study of something else entirely", "author": [{"family": "Jones"}],
                            "issued": {"date-parts": [[2018]]}},
    "10.1000/moved": {"title": "Cement leakage after vertebroplasty", "author": [{"family": "Brown"}],
                      "issued": {"date-parts": [[2015]]}},
}
# How long the slow page takes to answer; the tests give the client a shorter timeout.
SLOW_SECONDS = 0.6


class FakeInternet(http.server.BaseHTTPRequestHandler):
    """doi.org under /doi/ (content negotiation, a redirect like doi.org's), web pages under /site/."""

    log: list[tuple[str, str, float]]  # (method, path, time), shared by the server's threads
    attempts: collections.Counter

    def do_GET(self):
        self.answer("GET")

    def do_HEAD(self):
        self.answer("HEAD")

    def answer(self, method: str) -> None:
        self.log.append((method, self.path, time.monotonic()))
        self.attempts[self.path] += 1
        path = self.path.split("?")[0]
        if path.startswith("/doi/"):
            doi = path.removeprefix("/doi/")
            if doi == "10.1000/broken":  # the registry is down
                return self.reply(500)
            if doi == "10.1000/moved":
                return self.reply(302, headers={"Location": "/registry/10.1000/moved"})
            return self.csl(doi)
        if path.startswith("/registry/"):
            return self.csl(path.removeprefix("/registry/"))
        if path == "/site/ok":
            return self.reply(200, b"<p>fine</p>")
        if path == "/site/gone":
            return self.reply(404)
        if path == "/site/no-head":
            return self.reply(405 if method == "HEAD" else 200)
        if path == "/site/flaky":  # busy the first time, fine afterwards
            return self.reply(503, headers={"Retry-After": "0"}) if self.attempts[path] == 1 else self.reply(200)
        if path == "/site/slow":
            time.sleep(SLOW_SECONDS)
            return self.reply(200)
        return self.reply(404)

    def csl(self, doi: str) -> None:
        if self.headers.get("Accept") != online.CSL_JSON:
            return self.reply(406)
        if doi not in CSL_RECORDS:
            return self.reply(404)
        return self.reply(200, json.dumps(CSL_RECORDS[doi]).encode(), {"Content-Type": online.CSL_JSON})

    def reply(self, status: int, body: bytes = b"", headers: dict | None = None) -> None:
        try:
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (the slow page)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    handler = type("Handler", (FakeInternet,), {"log": [], "attempts": collections.Counter()})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    httpd.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.handler = handler
    yield httpd
    httpd.shutdown()
    httpd.server_close()


BIB = """\
@article{good2020,
  author  = {Smith, Ann},
  title   = {Vertebroplasty for {Osteoporotic} Fractures: a trial},
  journal = {J}, year = {2019},
  doi     = {10.1000/good},
}
@article{wrong2018,
  author  = {Jones, Bob},
  title   = {Vertebroplasty in the elderly},
  journal = {J}, year = {2018},
  doi     = {10.1000/wrong-title},
}
@article{missing2017,
  author  = {Doe, Jane},
  title   = {A paper that does not exist},
  journal = {J}, year = {2017},
  doi     = {10.1000/missing},
}
@article{moved2015,
  author  = {Green, Gail},
  title   = {Cement leakage after vertebroplasty},
  journal = {J}, year = {2016},
  doi     = {10.1000/moved},
}
@online{ok, author = {A}, title = {Fine}, url = {BASE/site/ok}}
@online{gone, author = {A}, title = {Gone}, url = {BASE/site/gone}}
@online{slow, author = {A}, title = {Slow}, url = {BASE/site/slow}}
@online{flaky, author = {A}, title = {Flaky}, url = {BASE/site/flaky}}
@online{nohead, author = {A}, title = {No HEAD}, url = {BASE/site/no-head}}
@article{broken2014,
  author  = {Grey, Gus},
  title   = {Asked while the registry is down},
  journal = {J}, year = {2014},
  doi     = {10.1000/broken},
}
"""
CHAPTER = """\
# Online

{cite:p}`good2020,wrong2018,missing2017,moved2015,ok,gone,slow,flaky,nohead,broken2014`

A [link that answers](BASE/site/ok) and [one that does not](BASE/site/gone).
"""
EXPECTED = collections.Counter({
    ("references.bib", 9, "doi-metadata-mismatch", "error"): 1,  # the title of another paper
    ("references.bib", 17, "unresolved-doi", "error"): 1,
    ("references.bib", 20, "doi-metadata-mismatch", "error"): 1,  # first author Green, registered Brown
    ("references.bib", 22, "doi-metadata-mismatch", "error"): 1,  # year 2016, registered 2015
    ("references.bib", 26, "dead-link", "error"): 1,
    ("references.bib", 27, "dead-link", "warning"): 1,  # timed out: not known to be dead
    ("references.bib", 34, "unresolved-doi", "warning"): 1,  # 500 after every retry: not known to be wrong
    ("index.md", 5, "dead-link", "error"): 1,
})


@pytest.fixture
def docs(tmp_path, server) -> pathlib.Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "references.bib").write_text(BIB.replace("BASE", server.base), encoding="utf-8")
    (folder / "index.md").write_text(CHAPTER.replace("BASE", server.base), encoding="utf-8")
    return folder


def check_online(docs: pathlib.Path, server, cache: pathlib.Path, capsys, *extra: str) -> tuple[int, list[dict]]:
    status = cli.main([str(docs), "--online", "--format", "json", "--doi-resolver", f"{server.base}/doi",
                       "--cache", str(cache), "--timeout", str(SLOW_SECONDS / 4), "--retries", "2",
                       "--backoff", "0.01", "--rate-limit", "0", "--disable", "insecure-url", *extra])
    return status, json.loads(capsys.readouterr().out)


def summary(findings: list[dict], docs: pathlib.Path) -> collections.Counter:
    return collections.Counter((pathlib.Path(f["path"]).relative_to(docs).as_posix(), f["line"], f["check"],
                                f["severity"]) for f in findings)


def test_online_checks_find_unregistered_dois_wrong_metadata_and_dead_links(docs, server, tmp_path, capsys):
    status, findings = check_online(docs, server, tmp_path / "cache.json", capsys)
    assert status == 1
    assert summary(findings, docs) == EXPECTED
    messages = {f["line"]: f["message"] for f in findings if f["path"].endswith(".bib")}
    assert "registered with the title 'A study of something else entirely'" in messages[9]
    assert "first author Green, but the DOI 10.1000/moved is registered with Brown first" in messages[20]
    assert "answers 404" in messages[26] and "timed out" in messages[27]


def test_retries_after_a_503_and_falls_back_to_get_when_head_is_refused(docs, server, tmp_path, capsys):
    check_online(docs, server, tmp_path / "cache.json", capsys)
    methods = collections.defaultdict(list)
    for method, path, _ in server.handler.log:
        methods[path].append(method)
    assert methods["/site/flaky"] == ["HEAD", "HEAD"]
    assert methods["/site/no-head"] == ["HEAD", "GET"]
    assert methods["/site/slow"] == ["HEAD"] * 3  # one try and two retries, each timing out
    assert methods["/doi/10.1000/moved"] == ["GET"] and methods["/registry/10.1000/moved"] == ["GET"]


def test_a_second_run_answers_from_the_cache(docs, server, tmp_path, capsys):
    cache = tmp_path / "cache.json"
    first_status, first = check_online(docs, server, cache, capsys)
    asked_before = len(server.handler.log)
    second_status, second = check_online(docs, server, cache, capsys)
    asked_again = [path for _, path, _ in server.handler.log[asked_before:]]
    # Only what never answered is asked again; every definite answer came from the cache.
    assert sorted(asked_again) == ["/doi/10.1000/broken"] * 3 + ["/site/slow"] * 3
    assert (second_status, second) == (first_status, first)
    stored = json.loads(cache.read_text(encoding="utf-8"))
    assert f"url {server.base}/site/gone" in stored["entries"] and "doi 10.1000/good" in stored["entries"]


def test_expired_cache_entries_are_asked_again(docs, server, tmp_path, capsys):
    cache = tmp_path / "cache.json"
    check_online(docs, server, cache, capsys)
    stored = json.loads(cache.read_text(encoding="utf-8"))
    for entry in stored["entries"].values():
        entry["stored"] -= 8 * 24 * 3600  # older than the 7 days a cached answer is trusted
    cache.write_text(json.dumps(stored), encoding="utf-8")
    asked_before = len(server.handler.log)
    check_online(docs, server, cache, capsys)
    assert "/doi/10.1000/good" in [path for _, path, _ in server.handler.log[asked_before:]]


def test_requests_to_one_host_are_spaced_by_the_rate_limit(server):
    interval = 0.2
    client = online.Client(online.Settings(per_host_interval=interval, retries=0, timeout=5))
    client.check_pages([f"{server.base}/site/ok?{number}" for number in range(4)])
    starts = sorted(moment for _, _, moment in server.handler.log)
    assert len(starts) == 4
    assert min(later - earlier for earlier, later in zip(starts, starts[1:])) >= interval * 0.9


def test_the_resolver_is_asked_for_csl_json(server):
    client = online.Client(online.Settings(doi_resolver=f"{server.base}/doi", per_host_interval=0))
    record = client.resolve_doi("10.1000/good")
    assert record == online.DoiRecord("10.1000/good", "found", "Vertebroplasty for osteoporotic fractures",
                                      (2019, 2020), "Smith")


def test_without_online_nothing_is_asked(docs, server, capsys):
    status = cli.main([str(docs), "--disable", "insecure-url"])
    assert status == 0 and server.handler.log == []


def test_two_checks_asking_about_one_doi_ask_the_resolver_once_even_without_an_answer(server):
    client = online.Client(online.Settings(doi_resolver=f"{server.base}/doi", per_host_interval=0, retries=0))
    first = client.resolve_dois(["10.1000/broken"])
    assert first == {"10.1000/broken": online.DoiRecord("10.1000/broken", "unknown",
                                                          detail="the resolver answered 500")}
    assert client.resolve_dois(["10.1000/broken"]) == first
    assert [path for _, path, _ in server.handler.log] == ["/doi/10.1000/broken"]


def test_no_cache_writes_no_file_and_text_output_marks_warnings(docs, server, tmp_path, capsys):
    cache = tmp_path / "cache.json"
    status = cli.main([str(docs), "--online", "--doi-resolver", f"{server.base}/doi", "--cache", str(cache),
                       "--no-cache", "--timeout", str(SLOW_SECONDS / 4), "--retries", "0", "--rate-limit", "0",
                       "--disable", "insecure-url"])
    err = capsys.readouterr().err
    assert status == 1 and not cache.exists()
    assert f"{docs / 'references.bib'}:27: warning: 'slow': url '{server.base}/site/slow' could not be checked: " \
           "no answer (timed out) (dead-link)" in err.splitlines()
