"""The catalog: which file holds each dataset."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
SEEDS_DIR = ROOT / "seeds"

# Order matters: a dataset is checked after the datasets it refers to.
DATASETS: dict[str, str] = {
    "documents": "documents.csv",
    "places": "places.csv",
    "stakeholders": "stakeholders.csv",
    "initiatives": "initiatives.csv",
    "incidents": "incidents.csv",
    "routes": "routes.csv",
    "route_waypoints": "route_waypoints.csv",
    "figures": "figures.csv",
    "relations": "relations.csv",
}
