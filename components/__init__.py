"""Builders of the app's figures, HTML fragments and shared widgets; pages render what they return."""
