"""Keeps the README honest: its pages, its two commands and CI's use of them."""

import os
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

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
    from trafficking_atlas import link_state

    for param in link_state.PARAMS:
        assert f"`{param}`" in README, param


def test_readme_states_the_casualty_rule_the_totals_use():
    from trafficking_atlas import casualties

    text = README
    assert "How casualties are counted" in text and "docs/data-audit.md" in text
    for term in ("lowest", "largest group", "never their sum", "upper bound", "never added together"):
        assert term in text, term
    for term in ("lowest", "largest group", "never their sum", "upper", "never added"):
        assert term in casualties.CASUALTY_RULE, term
    assert (ROOT / "docs" / "data-audit.md").exists()


def _registered_markers() -> set[str]:
    import tomllib

    ini = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    return {re.match(r"\s*(\w+)", line).group(1) for line in ini.get("markers", [])}


def _documented_marker_expressions() -> list[str]:
    """The `-m` expressions of every pytest or scripts/test command the README shows in inline code."""
    import shlex

    expressions = []
    for span in re.findall(r"`([^`\n]+)`", README):
        if "pytest" not in span and "scripts/test" not in span:
            continue
        words = shlex.split(span)
        expressions += [words[i + 1] for i, w in enumerate(words[:-1]) if w == "-m" and words[i + 1] != "pytest"]
    return expressions


def test_the_tier_commands_use_the_registered_markers():
    markers = _registered_markers()
    assert markers, "no markers registered in pyproject.toml"
    expressions = _documented_marker_expressions()
    for command in (
        ".venv/bin/python -m pytest -m unit",
        '.venv/bin/python -m pytest -m "unit or app"',
        ".venv/bin/python -m pytest -m browser",
    ):
        assert f"`{command}`" in README, command
    named = set()
    for expression in expressions:
        names = set(re.findall(r"[A-Za-z_]\w*", expression)) - {"and", "or", "not"}
        assert names <= markers, f"-m {expression!r} names unregistered markers {names - markers}"
        named |= names
    assert named == markers, f"tiers without a documented command: {markers - named}"
    for marker in markers:
        assert f"- `{marker}` — " in README, marker  # each tier is described in the tests section
    assert "tests/test_tiers.py" in README and (ROOT / "tests" / "test_tiers.py").is_file()


def test_the_performance_section_links_its_document_and_shows_the_same_latest_figures():
    doc_path = ROOT / "docs" / "performance.md"
    assert "(docs/performance.md)" in README and doc_path.is_file()
    doc = doc_path.read_text(encoding="utf-8")

    def latest_table(text: str) -> str:
        return re.search(r"^\| real data.*?(?=\n\n|\Z)", text, flags=re.M | re.S).group(0)

    assert latest_table(README) == latest_table(doc)
    for heading in ("## Method", "## Running the benchmark", "## Targets", "## Latest figures", "## History"):
        assert heading in doc, heading
    # The options the document gives for the benchmark are the script's own.
    script = (ROOT / "scripts" / "benchmark.py").read_text(encoding="utf-8")
    options = set(re.findall(r'add_argument\("(--[\w-]+)"', script))
    documented = set(re.findall(r"`(--[\w-]+)`", doc)) | set(re.findall(r"\[(--[\w-]+)", doc))
    assert documented and documented <= options, documented - options
