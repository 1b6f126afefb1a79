"""Opening a page of the app in AppTest with its link parameters, as a user opening a link would."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "streamlit_app.py")
GLOBAL = ("from", "to", "domain", "area", "actor", "doc", "kind", "reliability", "credibility")


def app(**params: str) -> AppTest:
    """The app, not yet run, opened with these query parameters."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return at


def open_page(page: str, **params: str) -> AppTest:
    """Run the app with the link's global filters, then switch to `page` with its own parameters."""
    at = app(**{k: v for k, v in params.items() if k in GLOBAL})
    at.run()
    at.switch_page(page)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at


def quotes(at: AppTest) -> list[str]:
    """The quotation boxes the page shows (`plain_text.quote`), as their HTML."""
    return [h.proto.body for h in at.get("html") if 'class="atlas-quote"' in h.proto.body]
