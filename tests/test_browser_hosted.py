"""Browser tests of a hosted instance: with sign-in configured, the page shows "Sign in" and nothing from the data;
behind deploy/nginx.conf (HTTPS, on loopback) with deploy/hosted-config.toml's settings, the dashboard works, the
metrics are closed, uploads over 10 MB stop at the proxy and every response carries the protective headers."""

import os
import shutil
import ssl
import subprocess
import tempfile
import time
import tomllib
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.browser import ARTIFACTS, CHROMIUM, ROOT, exceptions, free_port, stop, streamlit_server, wait_ready

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not shutil.which(CHROMIUM), reason=f"{CHROMIUM} is not installed")]

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
needs_nginx = pytest.mark.skipif(not os.access(NGINX, os.X_OK), reason="nginx is not installed (scripts/setup-proxy)")
HEADERS = {
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Strict-Transport-Security": "max-age=31536000",
}
# Words of the real data and of the frame: none may reach a visitor who has not signed in.
DATA_WORDS = ["Pylos", "Channel", "Europol", "Incidents", "Filters", "Share this view", "Route map", "Calais"]


def _hosted_flags() -> list[str]:
    """deploy/hosted-config.toml as `streamlit run` flags (the test's own port and address aside)."""
    config = tomllib.loads((ROOT / "deploy" / "hosted-config.toml").read_text(encoding="utf-8"))
    flags = []
    for section, options in config.items():
        for name, value in options.items():
            if f"{section}.{name}" not in ("server.port", "server.address"):
                flags += [f"--{section}.{name}", str(value).lower() if isinstance(value, bool) else str(value)]
    return flags


@pytest.fixture(scope="module")
def signed_out_server(tmp_path_factory):
    """The dashboard with an [auth] section whose identity provider is a closed local port."""
    secrets = tmp_path_factory.mktemp("secrets") / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        'redirect_uri = "http://127.0.0.1:8501/oauth2callback"\n'
        'cookie_secret = "a-long-random-secret-for-tests-only"\n'
        'client_id = "atlas"\nclient_secret = "not-a-secret"\n'
        f'server_metadata_url = "http://127.0.0.1:{free_port()}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    with streamlit_server(args=["--secrets.files", str(secrets)]) as url:
        yield url


@pytest.mark.parametrize("path", ["", "map", "sources?source=001_32faebf96a5eb5cb.txt&domain=migrant_smuggling", "add"])
def test_before_sign_in_the_page_shows_sign_in_and_nothing_from_the_data(signed_out_server, page, path):
    page.goto(f"{signed_out_server}/{path}")
    wait_ready(page, "[data-testid=stMainBlockContainer] h1")
    page.get_by_role("button", name="Sign in").wait_for()
    name = path.split("?")[0] or "overview"
    page.screenshot(path=str(ARTIFACTS / f"sign-in-{name}.png"), full_page=True)
    assert exceptions(page) == []
    assert page.locator("[data-testid=stSidebar]").count() == 0  # no filters, no page menu
    for kind in ("stMetric", "stDataFrame", "stPlotlyChart", "stDeckGlJsonChart", "stTable", "stFileUploader"):
        assert page.locator(f"[data-testid={kind}]").count() == 0, kind
    text = page.locator("body").inner_text()
    assert [w for w in DATA_WORDS if w in text] == []
    assert page.locator("[data-testid=stMainBlockContainer] h1").inner_text() == "Trafficking Atlas"


def test_sign_in_sends_the_browser_to_streamlits_login_for_the_provider(signed_out_server, page):
    page.goto(signed_out_server)
    wait_ready(page, "h1")
    with page.expect_navigation(url=lambda u: "/auth/login?provider=" in u):
        page.get_by_role("button", name="Sign in").click()
    # The provider here is a closed port: Streamlit says so in a word, without the details or any data.
    assert page.locator("body").inner_text().strip() == "Authentication error"


def _tls_context() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the test's own self-signed certificate
    return context


def _request(url: str, method: str = "GET", data: bytes | None = None) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body of one request (an error status is a response too); redirects are not followed."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(_NoRedirect, urllib.request.HTTPSHandler(context=_tls_context()))
    try:
        with opener.open(urllib.request.Request(url, data=data, method=method), timeout=20) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def _site(tmp: Path, app_port: int, https_port: int, http_port: int) -> str:
    """deploy/nginx.conf with its placeholders filled as an administrator fills them, on loopback."""
    site = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    for placeholder, value in {
        "server 127.0.0.1:8501;": f"server 127.0.0.1:{app_port};",
        "listen 443 ssl;": f"listen 127.0.0.1:{https_port} ssl;",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen [::]:443 ssl;": "",
        "listen [::]:80;": "",
        "/etc/ssl/trafficking-atlas/fullchain.pem": str(tmp / "cert.pem"),
        "/etc/ssl/trafficking-atlas/privkey.pem": str(tmp / "key.pem"),
        "include /etc/nginx/snippets/trafficking-atlas-proxy.conf;": f"include {ROOT / 'deploy' / 'nginx-proxy.conf'};",
    }.items():
        assert site.count(placeholder) == 1, f"deploy/nginx.conf no longer has {placeholder!r} once"
        site = site.replace(placeholder, value)
    return site


@contextmanager
def nginx_in_front(app_url: str):
    """nginx with deploy/nginx.conf before the app, on free loopback ports; yield its HTTPS and HTTP base URLs."""
    tmp = Path(tempfile.mkdtemp(prefix="atlas-nginx-"))
    tmp.chmod(0o755)  # nginx's workers (www-data when started as root) read and write below it
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-keyout", str(tmp / "key.pem"), "-out", str(tmp / "cert.pem")], check=True, capture_output=True)  # fmt: skip
    https_port, http_port = free_port(), free_port()
    (tmp / "site.conf").write_text(_site(tmp, int(app_url.rsplit(":", 1)[1]), https_port, http_port), encoding="utf-8")
    temp_paths = "".join(f"{kind}_temp_path {tmp / kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (tmp / "nginx.conf").write_text(
        f"pid {tmp / 'nginx.pid'};\nerror_log {tmp / 'error.log'};\nevents {{}}\n"
        f"http {{\naccess_log {tmp / 'access.log'};\n{temp_paths}include {tmp / 'site.conf'};\n}}\n",
        encoding="utf-8",
    )
    command = [NGINX, "-p", str(tmp), "-e", str(tmp / "error.log"), "-c", str(tmp / "nginx.conf"), "-g", "daemon off;"]
    checked = subprocess.run([*command[:-2], "-t"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"https://127.0.0.1:{https_port}"
    try:
        deadline = time.time() + 20
        while proc.poll() is None and time.time() < deadline:
            try:
                if _request(f"{url}/_stcore/health")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError(f"nginx did not start; see {tmp / 'error.log'}")
        yield url, f"http://127.0.0.1:{http_port}"
    finally:
        stop(proc)
        shutil.copy(tmp / "error.log", ARTIFACTS / "nginx-error.log")


@pytest.fixture(scope="module")
def proxied():
    """The dashboard with the hosted settings, behind nginx: (its URL through the proxy, plain HTTP, direct)."""
    if not os.access(NGINX, os.X_OK):
        pytest.skip("nginx is not installed (scripts/setup-proxy)")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with streamlit_server(args=_hosted_flags()) as app_url, nginx_in_front(app_url) as (https, http):
        yield https, http, app_url


@needs_nginx
def test_the_proxy_closes_the_metrics_and_the_agent_api_and_keeps_what_the_page_needs(proxied):
    https, _, direct = proxied
    assert _request(f"{direct}/_stcore/metrics")[0] == 200  # Streamlit serves them to anyone who reaches it
    for path in ("/_stcore/metrics", "/_stcore/metrics/", "/_stcore/%6detrics", "//_stcore/metrics?families=x",
                 "/_stcore/agent/openapi.json"):  # fmt: skip
        status, headers, body = _request(f"{https}{path}")
        assert status == 404 and b"session" not in body, path
        assert {k: headers.get(k) for k in HEADERS} == HEADERS, path  # on errors too
    for path in ("/", "/_stcore/health", "/_stcore/host-config"):
        status, headers, _ = _request(f"{https}{path}")
        assert status == 200, path
        assert {k: headers.get(k) for k in HEADERS} == HEADERS, path


@needs_nginx
def test_plain_http_is_sent_to_https_and_an_upload_over_10_mb_stops_at_the_proxy(proxied):
    https, http, _ = proxied
    status, headers, _ = _request(f"{http}/sources?source=x")
    assert status == 301 and headers["Location"] == "https://127.0.0.1/sources?source=x"  # the public name, port 443
    status, _, _ = _request(f"{https}/_stcore/upload_file/session/file", "PUT", b"x" * 11_000_000)
    assert status == 413


@needs_nginx
def test_the_dashboard_works_through_the_proxy_with_the_hosted_settings(proxied, browser):
    https, _, _ = proxied
    context = browser.new_context(viewport={"width": 1500, "height": 1800}, ignore_https_errors=True)
    page = context.new_page()
    try:
        page.goto(https)
        wait_ready(page, "[data-testid=stMetric]")  # the WebSocket came through: the script ran and drew its figures
        page.locator("[data-testid=stSidebar]").get_by_text("Filters", exact=True).wait_for()
        assert exceptions(page) == []
        page.goto(f"{https}/add")
        wait_ready(page, "h1")
        article = ARTIFACTS / "proxied-upload.txt"
        article.write_text("Twelve migrants were rescued off Calais on Friday, the French coastguard said.\n", encoding="utf-8")
        page.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(str(article))
        page.wait_for_function("() => document.querySelector('textarea')?.value.includes('Twelve migrants')")
        page.screenshot(path=str(ARTIFACTS / "proxied-add.png"), full_page=True)
        assert exceptions(page) == []  # the upload passed the proxy and Streamlit's XSRF check
    finally:
        context.close()
