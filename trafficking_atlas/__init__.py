"""Domain package of the trafficking atlas: schemas, loaders, queries and link state."""
