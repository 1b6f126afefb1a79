#!/usr/bin/env python
"""Where the cold start and the memory go at scale: the loader, the snapshot and what the first pages compute.

Usage (from the repository root):

    .venv/bin/python scripts/profile_scale.py [--sizes 100000,1000000] [--workdir /tmp/atlas-scale]
        [--categories] [--profile] [--filters page|none] [--json out.json]

For each size (one at a time; every measure in a fresh process, so one size's memory never counts in another's):

1. the synthetic data (`scripts/synthetic.write`, reused when `<workdir>/n<size>/COMPLETE` is there);
2. `prepare`: `loader.load_dataset` timed, the memory of every frame (`memory_usage(deep=True)`) by dataset and
   its biggest columns, `snapshot.save` and `snapshot.load` timed, the RSS (VmRSS, and the peak VmHWM) after each;
3. `overview`: in a fresh process, `snapshot.load`, `Atlas(dataset, version)` and the calls the frame and the
   Overview make (then the route map's and the casualty timeline's first calls) as the pages make them, each
   timed with the RSS after it;
4. with `--categories`, step 3 again with the snapshot's repeated strings read as categoricals
   (`snapshot.load(..., categories=True)`), each result compared with step 3's;
5. with `--profile`, step 3 again under cProfile: for every call over a second, the functions where its time goes.

Each step's line ends with the machine's 1-minute load average (2 cores: above 1, something else is running and
the times are longer than on a quiet machine). The filters are the page's on a first visit (`--filters page`: the
sidebar's whole date span, `FilterOptions.defaults`) or none (`--filters none`: `Filters()`). Streamlit's cache
(`st.cache_resource`, behind `atlas.cached`) works outside a server; its warnings are silenced.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import io
import json
import logging
import os
import pickle
import pstats
import subprocess
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RESULT = "RESULT "


# --- Measuring ------------------------------------------------------------------------------------------------


def status() -> dict[str, float]:
    """The process's resident memory now and at its peak, in MB (/proc/self/status VmRSS, VmHWM)."""
    out = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0]) / 1024
    return out


def step(log: list[dict], name: str, fn, *args, **kwargs):
    """Run and time one step, recording the RSS after it."""
    t = time.perf_counter()
    value = fn(*args, **kwargs)
    seconds = time.perf_counter() - t
    log.append({"step": name, "s": round(seconds, 3), **{k: round(v, 1) for k, v in status().items()},
                "load1": round(os.getloadavg()[0], 2)})  # fmt: skip
    print(f"  {name:<46} {seconds:8.2f} s  RSS {log[-1]['VmRSS']:8.0f} MB  peak {log[-1]['VmHWM']:8.0f} MB",
          file=sys.stderr, flush=True)  # fmt: skip
    return value


def quiet_streamlit() -> None:
    warnings.filterwarnings("ignore")
    import streamlit  # noqa: F401  (its loggers exist once it is imported)

    for name in list(logging.root.manager.loggerDict):
        if name.startswith("streamlit"):
            logging.getLogger(name).setLevel(logging.CRITICAL)


def folders(workdir: Path, size: int) -> tuple[Path, Path, Path]:
    base = workdir / f"n{size}"
    return base, base / "data", base / "seeds"


def version_of(data: Path, seeds: Path) -> str:
    """The data's version as the app keys it: a hash of the files' names, sizes and times (`atlas.fingerprint`)."""
    from trafficking_atlas import atlas

    return hashlib.sha256(repr(atlas.fingerprint(data, seeds)).encode()).hexdigest()[:16]


def frame_memory(frames: dict, top: int = 20) -> dict:
    """Memory by dataset and the biggest columns (MB, deep), with their dtype, distinct values and null share."""
    by_dataset, columns = {}, []
    for name, frame in frames.items():
        usage = frame.memory_usage(deep=True, index=True)
        by_dataset[name] = {"rows": len(frame), "columns": frame.shape[1], "MB": round(usage.sum() / 2**20, 1)}
        for col in frame.columns:
            columns.append((usage[col] / 2**20, name, col, str(frame[col].dtype)))
    columns.sort(reverse=True)
    biggest = []
    for mb, name, col, dtype in columns[:top]:
        series = frames[name][col]
        biggest.append({"column": f"{name}.{col}", "dtype": dtype, "MB": round(mb, 1), "distinct": int(series.nunique()),
                        "null_share": round(float(series.isna().mean()), 3)})  # fmt: skip
    total = sum(d["MB"] for d in by_dataset.values())
    return {"total_MB": round(total, 1), "by_dataset": by_dataset, "biggest_columns": biggest}


def disk_size(path: Path | None) -> float:
    return round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20, 1) if path else 0.0


# --- The phases, each run in its own process ---------------------------------------------------------------------


def phase_prepare(workdir: Path, size: int, snap_dir: Path) -> dict:
    log: list[dict] = []
    _, data, seeds = folders(workdir, size)
    step(log, "imports", lambda: __import__("trafficking_atlas.loader"))
    from trafficking_atlas import loader, snapshot

    version = version_of(data, seeds)
    dataset = step(log, "loader.load_dataset", loader.load_dataset, data, seeds)
    memory = frame_memory(dataset.frames)
    path = step(log, "snapshot.save", snapshot.save, dataset, version, snap_dir)
    loaded = step(log, "snapshot.load (same process)", snapshot.load, version, snap_dir)
    assert loaded is not None, "the snapshot just saved could not be loaded"
    return {"log": log, "memory": memory, "version": version, "snapshot_MB": disk_size(path),
            "records": sum(len(f) for f in dataset.frames.values()), "issues": len(dataset.issues)}  # fmt: skip


def overview_calls(a, filters_kind: str):
    """The calls a first visit makes, in order: the frame, the Overview, then the route map's and the timeline's."""
    from trafficking_atlas.filtering import Filters

    choices = yield "filter_choices()", a.filter_choices, ()
    options = choices.options
    f = options.defaults() if filters_kind == "page" else Filters()
    unfiltered = f == options.defaults()
    yield "filters_summary(f, options)", a.filters_summary, (f, options)
    yield "counts(f)", a.counts, (f,)
    yield "casualty_totals(f)", a.casualty_totals, (f,)
    yield "casualty_page(f).total", a.casualty_page, (f,)
    yield "casualty_page(f, 0).rows", a.casualty_page, (f, 0)
    yield "latest_table(f, 'incidents', 10)", a.latest_table, (f, "incidents", 10)
    yield "latest_table(f, 'initiatives', 10)", a.latest_table, (f, "initiatives", 10)
    yield "documents_table(f)", a.documents_table, (f,)
    yield f"map_layers(f, {unfiltered}, None)", a.map_layers, (f, unfiltered, None)
    span = yield "timeline_span(f, options, 'both')", a.timeline_span, (f, options, "both")
    start, end = span.window()
    yield "timeline_window(f, 'both', 'route', ...)", a.timeline_window, (f, "both", "route", start, end)


def phase_overview(workdir: Path, size: int, snap_dir: Path, version: str, filters_kind: str, categories: bool,
                   profile: bool, results_file: Path | None) -> dict:  # fmt: skip
    log: list[dict] = []
    quiet_streamlit()
    step(log, "imports (atlas, streamlit)", lambda: __import__("trafficking_atlas.atlas"))
    from trafficking_atlas import atlas, snapshot

    dataset = step(log, "snapshot.load" + (" (categories)" if categories else ""), snapshot.load, version, snap_dir,
                   categories=categories)  # fmt: skip
    if dataset is None:
        raise SystemExit(f"no snapshot of {version} in {snap_dir}")
    memory = frame_memory(dataset.frames, top=12)
    a = step(log, "Atlas(dataset, version)", atlas.Atlas, dataset, version + ("-cat" if categories else ""))
    results, errors, hotspots = {}, {}, {}
    calls = overview_calls(a, filters_kind)
    value = None
    while True:
        try:
            name, fn, args = calls.send(value)
        except StopIteration:
            break
        try:
            if profile:
                prof = cProfile.Profile()
                t = time.perf_counter()
                value = prof.runcall(fn, *args)
                seconds = time.perf_counter() - t
                if seconds > 1.0:
                    hotspots[name] = {"s": round(seconds, 2), "top": hot_functions(prof)}
                log.append({"step": name, "s": round(seconds, 3), **status(), "load1": round(os.getloadavg()[0], 2)})
            else:
                value = step(log, name, fn, *args)
            results[name] = value
        except Exception as exc:  # noqa: BLE001 - a call that fails (on categoricals) is reported, the rest go on
            errors[name] = f"{type(exc).__name__}: {exc}"
            print(f"  {name}: FAILED {errors[name]}", file=sys.stderr, flush=True)
            break
    if results_file is not None:
        with open(results_file, "wb") as fh:
            pickle.dump(results, fh)
    return {"log": log, "memory": memory, "errors": errors, "hotspots": hotspots}


def hot_functions(prof: cProfile.Profile, n: int = 14) -> list[dict]:
    """The functions with the most time of their own, and the project's functions with the most time under them."""
    stats = pstats.Stats(prof, stream=io.StringIO())
    rows = []
    for (file, line, func), (_, calls, tottime, cumtime, _) in stats.stats.items():
        rows.append({"where": f"{short(file)}:{line} {func}", "calls": calls, "own_s": round(tottime, 3),
                     "cum_s": round(cumtime, 3), "ours": "trafficking_atlas" in file})  # fmt: skip
    own = sorted(rows, key=lambda r: r["own_s"], reverse=True)[:n]
    ours = sorted((r for r in rows if r["ours"]), key=lambda r: r["cum_s"], reverse=True)[:n]
    return [{"by": "own time", **r} for r in own] + [{"by": "project, cumulative", **r} for r in ours]


def short(file: str) -> str:
    for marker in ("site-packages/", str(ROOT) + "/"):
        if marker in file:
            return file.split(marker, 1)[1]
    return file


# --- Comparing the categorical run's results with the plain one's -----------------------------------------------


def differences(a: object, b: object, where: str = "") -> list[str]:
    import dataclasses

    import pandas as pd

    if isinstance(a, pd.DataFrame) and isinstance(b, pd.DataFrame):
        out = []
        if list(a.columns) != list(b.columns) or a.shape != b.shape:
            return [f"{where}: shape/columns {a.shape} vs {b.shape}"]
        if not a.astype(object).reset_index(drop=True).equals(b.astype(object).reset_index(drop=True)):
            out.append(f"{where}: values differ")
        cats = [c for c in b.columns if str(b[c].dtype) != str(a[c].dtype)]
        if cats:
            out.append(f"{where}: dtypes differ in {cats}")
        return out
    if isinstance(a, pd.Series) and isinstance(b, pd.Series):
        return [] if a.astype(object).reset_index(drop=True).equals(b.astype(object).reset_index(drop=True)) else [
            f"{where}: values differ"]  # fmt: skip
    if dataclasses.is_dataclass(a) and dataclasses.is_dataclass(b):
        return [d for fld in dataclasses.fields(a) for d in differences(getattr(a, fld.name), getattr(b, fld.name),
                                                                          f"{where}.{fld.name}")]  # fmt: skip
    if isinstance(a, dict) and isinstance(b, dict):
        if set(a) != set(b):
            return [f"{where}: keys differ"]
        return [d for k in a for d in differences(a[k], b[k], f"{where}[{k!r}]")]
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        if len(a) != len(b):
            return [f"{where}: length {len(a)} vs {len(b)}"]
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in differences(x, y, f"{where}[{i}]")]
    try:
        same = bool(a == b)
    except Exception:  # noqa: BLE001
        same = repr(a) == repr(b)
    return [] if same else [f"{where}: {a!r:.80} vs {b!r:.80}"]


def compare(plain: Path, compact: Path) -> dict[str, list[str]]:
    with open(plain, "rb") as fh:
        a = pickle.load(fh)
    with open(compact, "rb") as fh:
        b = pickle.load(fh)
    return {name: differences(a[name], b[name], name)[:5] for name in a if name in b}


# --- Driving ----------------------------------------------------------------------------------------------------


def child(args: list[str]) -> dict:
    """Run one phase in a fresh process; its progress goes to stderr, its result comes back as JSON."""
    cmd = [sys.executable, str(Path(__file__).resolve()), *args]
    out = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, cwd=ROOT, check=False)
    line = next((x for x in reversed(out.stdout.splitlines()) if x.startswith(RESULT)), None)
    if out.returncode or line is None:
        raise SystemExit(f"{' '.join(args)} failed (exit {out.returncode})")
    return json.loads(line[len(RESULT) :])


def ensure_data(workdir: Path, size: int) -> None:
    from scripts import synthetic

    base, _, _ = folders(workdir, size)
    if (base / "COMPLETE").exists():
        return
    t = time.perf_counter()
    synthetic.write(base, size)
    (base / "COMPLETE").write_text(str(size))
    print(f"  generated {size:,} incidents in {time.perf_counter() - t:.1f} s", file=sys.stderr, flush=True)


def print_log(title: str, log: list[dict]) -> None:
    print(f"\n{title}")
    print(f"  {'step':<46} {'s':>8} {'RSS MB':>9} {'peak MB':>9} {'load':>6}")
    for r in log:
        print(f"  {r['step']:<46} {r['s']:8.2f} {r['VmRSS']:9.0f} {r['VmHWM']:9.0f} {r.get('load1', 0):6.2f}")


def print_memory(memory: dict) -> None:
    print(f"  frames in memory: {memory['total_MB']:,.0f} MB")
    for name, d in sorted(memory["by_dataset"].items(), key=lambda kv: -kv[1]["MB"]):
        print(f"    {name:<16} {d['rows']:>10,} rows {d['columns']:>3} cols {d['MB']:>9,.1f} MB")
    print("  biggest columns:")
    for c in memory["biggest_columns"]:
        print(f"    {c['column']:<30} {c['dtype']:<16} {c['MB']:>8,.1f} MB  {c['distinct']:>10,} distinct  "
              f"{c['null_share']:.0%} empty")  # fmt: skip


def run_size(size: int, ns: argparse.Namespace) -> dict:
    workdir = Path(ns.workdir)
    print(f"\n== {size:,} incidents ==", file=sys.stderr, flush=True)
    ensure_data(workdir, size)
    snap_dir = workdir / f"n{size}" / "snapshots"
    common = ["--workdir", str(workdir), "--size", str(size), "--snap-dir", str(snap_dir)]
    prep = child(["--phase", "prepare", *common])
    version = prep["version"]
    plain_file, cat_file = workdir / f"n{size}" / "results-plain.pkl", workdir / f"n{size}" / "results-cat.pkl"
    over = ["--phase", "overview", *common, "--version", version, "--filters", ns.filters]
    out = {"size": size, "prepare": prep, "overview": child([*over, "--results", str(plain_file)])}
    if ns.categories:
        out["overview_categories"] = child([*over, "--categories", "--results", str(cat_file)])
        out["categories_differences"] = compare(plain_file, cat_file)
    if ns.profile:
        out["overview_profile"] = child([*over, "--profile"])
    report(out)
    return out


def report(out: dict) -> None:
    size, prep = out["size"], out["prepare"]
    print(f"\n==================== {size:,} incidents ({prep['records']:,} records, {prep['issues']} issues) ====")
    print(f"snapshot on disk: {prep['snapshot_MB']:,.0f} MB")
    print_log("prepare (one process):", prep["log"])
    print_memory(prep["memory"])
    print_log("cold start from the snapshot (a fresh process):", out["overview"]["log"])
    if "overview_categories" in out:
        cat = out["overview_categories"]
        print_log("the same with categories=True:", cat["log"])
        print_memory(cat["memory"])
        if cat["errors"]:
            print("  failed:", cat["errors"])
        diff = {k: v for k, v in out["categories_differences"].items() if v}
        print("  results that differ from the plain run:", json.dumps(diff, indent=2) if diff else "none")
    if "overview_profile" in out:
        for call, hot in out["overview_profile"]["hotspots"].items():
            print(f"\n  cProfile of {call} ({hot['s']} s under the profiler):")
            for r in hot["top"]:
                print(f"    [{r['by']:<19}] {r['own_s']:7.2f} own {r['cum_s']:7.2f} cum {r['calls']:>9} x  {r['where']}")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", default="100000,1000000", help="comma-separated numbers of synthetic incidents")
    p.add_argument("--workdir", default="/tmp/atlas-scale", help="where the synthetic data and snapshots go")
    p.add_argument("--categories", action="store_true", help="also open the atlas from categorical strings")
    p.add_argument("--profile", action="store_true", help="also profile the calls (cProfile) and show the hot spots")
    p.add_argument("--filters", choices=("page", "none"), default="page",
                   help="the first visit's filters (the whole date span) or Filters()")  # fmt: skip
    p.add_argument("--json", help="also write every figure to this JSON file")
    # Internal: one phase in its own process.
    p.add_argument("--phase", choices=("prepare", "overview"), help=argparse.SUPPRESS)
    p.add_argument("--size", type=int, help=argparse.SUPPRESS)
    p.add_argument("--snap-dir", help=argparse.SUPPRESS)
    p.add_argument("--version", help=argparse.SUPPRESS)
    p.add_argument("--results", help=argparse.SUPPRESS)
    ns = p.parse_args()
    if ns.phase == "prepare":
        out = phase_prepare(Path(ns.workdir), ns.size, Path(ns.snap_dir))
    elif ns.phase == "overview":
        results = Path(ns.results) if ns.results else None
        out = phase_overview(Path(ns.workdir), ns.size, Path(ns.snap_dir), ns.version, ns.filters, ns.categories,
                             ns.profile, results)  # fmt: skip
    else:
        runs = [run_size(int(s), ns) for s in ns.sizes.split(",") if s.strip()]
        if ns.json:
            Path(ns.json).write_text(json.dumps(runs, indent=1, default=str))
        return
    print(RESULT + json.dumps(out, default=str), flush=True)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    main()
