"""Alembic's environment for the atlas's store: migrations run on the connection `store.open_store` hands over."""

from alembic import context

from trafficking_atlas.store import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
