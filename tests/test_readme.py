"""Keeps the README honest: its pages, its two commands and CI's use of them."""

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _pages() -> dict[str, str]:
    app = (ROOT / "streamlit_app.py").read_text(encoding="utf-8")
    return dict(re.findall(r'st\.Page\("(pages/[\w/]+\.py)", title="([^"]+)"', app))


def test_every_page_is_listed_in_the_readme_and_exists():
    pages = _pages()
    assert pages, "no st.Page found in streamlit_app.py"
    listed = re.findall(r"^- \*\*(.+?)\*\* —", README, flags=re.M)
    assert listed == list(pages.values())
    for path in pages:
        assert (ROOT / path).is_file(), path
    assert sorted(p.name for p in (ROOT / "pages").glob("*.py")) == sorted(Path(p).name for p in pages)


def test_the_two_commands_exist_and_ci_runs_the_test_command():
    blocks = re.findall(r"```bash\n(.+?)\n```", README, flags=re.S)
    assert blocks == ["./scripts/run", "./scripts/test"]
    for command in blocks:
        script = ROOT / command.removeprefix("./")
        assert script.is_file() and os.access(script, os.X_OK), command
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "scripts/test" in ci
    test_script = (ROOT / "scripts" / "test").read_text(encoding="utf-8")
    browser = (ROOT / "scripts" / "setup-browser").read_text(encoding="utf-8")
    assert "scripts/setup-browser" in test_script and "pytest" in test_script
    assert "apt-get install" in browser and "chromium" in browser
    # A browser download fails on a fresh machine; the tests use Debian's chromium.
    assert " ".join(["playwright", "install"]) not in test_script


def test_readme_names_the_url_parameters_the_links_use():
    from trafficking_atlas import links

    for param in links.PARAMS:
        assert f"`{param}`" in README, param


def test_readme_states_the_casualty_rule_the_totals_use():
    from trafficking_atlas import queries

    text = README
    assert "How casualties are counted" in text and "docs/data-audit.md" in text
    for term in ("lowest", "largest group", "never their sum", "upper bound", "never added together"):
        assert term in text, term
    for term in ("lowest", "largest group", "never their sum", "upper", "never added"):
        assert term in queries.CASUALTY_RULE, term
    assert (ROOT / "docs" / "data-audit.md").exists()
