"""The frame and router: page config, navigation, the global filters and the URL they live in."""

import streamlit as st

from components import data_notice, deferred_downloads, filter_panel, page_frame, share_panel, sign_in, url_state
from trafficking_atlas import atlas, link_state

st.set_page_config(page_title="Trafficking Atlas", page_icon="🧭", layout="wide")
deferred_downloads.keep_made_files()  # a download made on click survives other sessions' runs (Streamlit 1.67)

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("pages/map.py", title="Route map", icon=":material/map:"),
    st.Page("pages/timeline.py", title="Casualty timeline", icon=":material/timeline:"),
    st.Page("pages/stakeholders.py", title="Stakeholders", icon=":material/groups:"),
    st.Page("pages/sources.py", title="Sources", icon=":material/article:"),
    st.Page("pages/briefing.py", title="Briefing pack", icon=":material/slideshow:"),
    st.Page("pages/datasets.py", title="Datasets", icon=":material/table_view:"),
    st.Page("pages/add.py", title="Add a document", icon=":material/note_add:"),
]
visitor = sign_in.current()
page = st.navigation(PAGES, position="sidebar" if visitor.may_read else "hidden")
# With sign-in on and nobody signed in, a title and "Sign in" only: the run stops here, before any data is read.
sign_in.gate(visitor)

url_state.start_run()
page_frame.start_run()
data = atlas.current()
# Above the filters, so a filter box growing or shrinking never moves the button under the pointer.
share = st.sidebar.container()
filters, options = filter_panel.render(data)
page_frame.set_context(page_frame.PageContext(data, filters, options, data.filters_summary(filters, options)))
notices = st.container()
url_state.check_page(st.context.url, [p.url_path for p in PAGES], st.get_option("server.baseUrlPath"))
data_notice.show(data.issues, data.set_aside)
page.run()
with notices:
    # Filled after the page ran, so notices about the page's own link parameters show too.
    url_state.show_notices()
written = url_state.write(link_state.to_params(filters))
with share:
    link = url_state.share_link(st.context.url, page.url_path, written, st.get_option("server.baseUrlPath"))
    share_panel.show(link)
