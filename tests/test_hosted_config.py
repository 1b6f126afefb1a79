"""Keeps the hosted settings honest: deploy/hosted-config.toml holds the local config and Streamlit's own options with
valid values, its limits match the app's and the proxy's, and the README's secrets examples switch sign-in on."""

import re
import tomllib
from pathlib import Path

import pytest
from streamlit import config

from trafficking_atlas import access, intake

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
PROXY = (ROOT / "deploy" / "nginx-proxy.conf").read_text(encoding="utf-8")


def _options(path: Path) -> dict[str, object]:
    return {f"{s}.{k}": v for s, opts in tomllib.loads(path.read_text(encoding="utf-8")).items() for k, v in opts.items()}


LOCAL = _options(ROOT / ".streamlit" / "config.toml")
HOSTED = _options(ROOT / "deploy" / "hosted-config.toml")


def test_the_hosted_config_holds_every_local_setting_and_only_streamlits_own_options():
    assert {k: HOSTED.get(k) for k in LOCAL} == LOCAL  # copied over .streamlit/config.toml, it loses nothing
    known = config.get_config_options()
    assert [k for k in HOSTED if k not in known] == []
    for key, value in HOSTED.items():
        default = known[key].default_val
        if isinstance(default, bool | int | str):
            assert type(value) is type(default), key


def test_errors_show_no_traceback_locally_or_hosted():
    for options in (LOCAL, HOSTED):
        # "none" hides the traceback, the exception and its message; the legacy false still shows the traceback.
        assert options["client.showErrorDetails"] == config.ShowErrorDetailsConfigOptions.NONE.value


def test_the_hosted_instance_listens_behind_its_proxy_with_streamlits_protections_on():
    assert HOSTED["server.address"] == "127.0.0.1" and HOSTED["server.headless"] is True
    assert HOSTED["server.enableXsrfProtection"] is True and HOSTED["server.enableCORS"] is True
    assert HOSTED["client.toolbarMode"] == "viewer" and HOSTED["browser.gatherUsageStats"] is False
    site = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    assert f"server 127.0.0.1:{HOSTED['server.port']};" in site


def test_the_upload_limit_is_the_add_pages_in_the_app_and_in_the_proxy():
    megabytes = -(-intake.MAX_BYTES // 1_000_000)
    assert HOSTED["server.maxUploadSize"] == megabytes
    assert re.search(r"^client_max_body_size (\d+)m;", PROXY, flags=re.M).group(1) == str(megabytes)


def test_the_proxy_closes_the_metrics_and_adds_its_headers_on_every_response():
    assert re.search(r"location ~ /_stcore/\(metrics\|agent\)\(/\|\$\) \{\s*return 404;", PROXY)
    for header in ("Content-Security-Policy \"frame-ancestors 'none'\"", 'X-Frame-Options "DENY"',
                   'X-Content-Type-Options "nosniff"', 'Referrer-Policy "no-referrer"'):  # fmt: skip
        assert f"add_header {header} always;" in PROXY, header
    # nginx drops a server's add_header in a location that adds one of its own.
    locations = re.findall(r"location [^{]+\{(.*?)\n\}", PROXY, flags=re.S)
    assert locations and not any("add_header" in body for body in locations)


def test_the_readmes_secrets_examples_switch_sign_in_on_without_a_problem():
    examples = [tomllib.loads(block) for block in re.findall(r"```toml\n(.+?)```", README, flags=re.S)]
    assert len(examples) == 2
    providers = []
    for secrets in examples:
        assert "auth" in secrets and access.problem(secrets) is None
        visitor = access.visitor(secrets, {"is_logged_in": True, "email": "ana.ruiz@agency.example"})
        assert visitor.may_read and visitor.may_edit
        providers.append(visitor.providers)
    assert providers == [(None,), ("microsoft",)]
    for name in ("deploy/hosted-config.toml", "deploy/nginx.conf", "deploy/nginx-proxy.conf", "ATLAS_SIGN_IN=required",
                 "/_stcore/metrics", 'showErrorDetails = "none"', access.read_only("add")[:-1]):  # fmt: skip
        assert name in README.replace("\n  ", " ").replace("\n", " "), name
