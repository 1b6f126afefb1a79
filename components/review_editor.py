"""One record type's review table on the Add page: an editable `st.data_editor` with its columns configured."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from trafficking_atlas import review
from trafficking_atlas.atlas import Atlas


def edit(table: pd.DataFrame, dataset: str, atlas: Atlas) -> pd.DataFrame:
    """The table as the analyst leaves it: accept, correct, merge into a record the atlas has, grade."""
    scale = atlas.scale
    config = {
        "quote": st.column_config.TextColumn("Sentence", width="large"),
        "date": st.column_config.DateColumn(format="YYYY-MM-DD"),
        review.GRADE: st.column_config.SelectboxColumn(
            options=scale.codes(),
            help=f"{scale.name}: this record's own grade, where it differs from the document's; blank carries the "
            "document's grade",
        ),
    }
    if review.SAME_AS in table:
        config[review.SAME_AS] = st.column_config.SelectboxColumn(
            help="One the atlas already has: the proposal is merged into it (not added), and what refers to it points at it",
            options=atlas.record_ids(dataset),
        )
    locked = [c for c in table.columns if c in ("In the atlas", "quote")]
    return st.data_editor(table, key=f"add_edit_{dataset}", hide_index=True, width="stretch", disabled=locked,
                          num_rows="fixed", column_config=config)  # fmt: skip
