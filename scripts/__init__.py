"""The benchmark and its synthetic data (not shipped with the atlas: the app never imports this package)."""
