"""Shared test data for the importer tests."""

from pathlib import Path

DATA = Path(__file__).parent / "data"
