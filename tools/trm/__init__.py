"""Tiny Recursive Model reference (model.py) for the trm-router tools."""
