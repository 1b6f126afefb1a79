"""Every test module is in exactly one tier, so `-m unit`, `-m app`, `-m browser` and `-m benchmark` add up to the suite.

The tiers are the markers registered in pyproject.toml; a module declares its tier with one module-level
`pytestmark = pytest.mark.<tier>` (or a list holding one tier and other marks). The modules are parsed, not
imported: a module that cannot import (playwright missing, a refactor under way) is still checked.
"""

import ast
import re
import tomllib
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
TIERS = {"unit", "app", "browser", "benchmark", "store", "hostile"}
MODULES = sorted(TESTS.glob("test_*.py"))


def _ini() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]


def registered_markers() -> set[str]:
    """The marker names registered in pyproject.toml (each entry is 'name: description' or 'name(args): ...')."""
    return {re.match(r"\s*(\w+)", line).group(1) for line in _ini().get("markers", [])}


def _mark_name(node: ast.expr) -> str | None:
    """'unit' for `pytest.mark.unit`, 'skipif' for `pytest.mark.skipif(...)`; None for anything else."""
    if isinstance(node, ast.Call):
        node = node.func
    if (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "mark"
        and isinstance(node.value.value, ast.Name)
        and node.value.value.id == "pytest"
    ):
        return node.attr
    return None


def _pytestmark_assignments(tree: ast.Module) -> list[ast.expr]:
    values = []
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "pytestmark" for t in node.targets):
            values.append(node.value)
        elif isinstance(node, ast.AnnAssign | ast.AugAssign) and getattr(node.target, "id", None) == "pytestmark":
            values.append(node.value)
    return values


def module_tiers(path: Path) -> list[str]:
    """The tier marks of a module's single `pytestmark`; raises AssertionError if it has none or several."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    assignments = _pytestmark_assignments(tree)
    assert len(assignments) == 1, f"{path.name}: {len(assignments)} module-level `pytestmark` assignments, expected one"
    value = assignments[0]
    marks = value.elts if isinstance(value, ast.List | ast.Tuple) else [value]
    tiers = [name for name in map(_mark_name, marks) if name in TIERS]
    # A tier mark anywhere else (a decorated test or class) would put those tests in two tiers.
    everywhere = [n for n in ast.walk(tree) if isinstance(n, ast.Attribute) and _mark_name(n) in TIERS]
    assert len(everywhere) == len(tiers), f"{path.name}: a tier marker outside the module's `pytestmark`"
    return tiers


def _uses(path: Path) -> set[str]:
    """What a module drives: 'apptest' (streamlit.testing or tests.apptest), 'playwright' (or the browser fixtures)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    used = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom | ast.Import):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
            if any(n.startswith(("streamlit.testing", "tests.apptest")) for n in names):
                used.add("apptest")
            if any(n.startswith("playwright") for n in names):
                used.add("playwright")
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "importorskip" and node.args:
            if isinstance(node.args[0], ast.Constant) and str(node.args[0].value).startswith("playwright"):
                used.add("playwright")
        elif isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
            if {a.arg for a in node.args.args} & {"page", "browser", "server"}:
                used.add("playwright")
    return used


def test_the_tiers_are_registered_and_markers_are_strict():
    assert registered_markers() == TIERS
    assert "--strict-markers" in _ini()["addopts"].split()


def test_the_test_modules_are_found():
    names = {p.name for p in MODULES}
    assert {"test_tiers.py", "test_readme.py", "test_app.py", "test_browser.py", "test_benchmark.py"} <= names


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_every_test_module_has_exactly_one_tier(path):
    tiers = module_tiers(path)
    assert len(tiers) == 1, f"{path.name}: tier markers {tiers}; add `pytestmark = pytest.mark.<tier>` after the imports"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_a_module_is_in_the_tier_of_what_it_drives(path):
    (tier,) = module_tiers(path)
    used = _uses(path)
    if path.name.startswith("test_app"):
        assert tier == "app", path.name
    if path.name.startswith("test_browser"):
        assert tier == "browser", path.name
    if path.name == "test_benchmark.py":
        assert tier == "benchmark", path.name
    if "apptest" in used:
        assert tier in ("app", "hostile"), f"{path.name} runs AppTest: it belongs in the app (or hostile) tier"
    if "playwright" in used:
        assert tier in ("browser", "benchmark"), f"{path.name} drives a browser: it belongs in the browser tier"
    if tier == "unit":
        assert not used, f"{path.name} uses {used}: not a unit module"
