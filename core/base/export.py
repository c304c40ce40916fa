"""Exports: CSV bytes for tables and safe, readable file names for downloads."""

from __future__ import annotations

import re

import pandas as pd

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_filename(name: str, suffix: str = "") -> str:
    """A readable file name that is safe on every OS: ``"Top 5 logits"`` -> ``top-5-logits``."""
    stem = _UNSAFE.sub("-", name.strip().lower()).strip("-._")[:80] or "table"
    return f"{stem}{suffix}"


def csv_bytes(table: pd.DataFrame) -> bytes:
    """UTF-8 CSV (with BOM so spreadsheet apps read Japanese and symbols right); floats keep
    every digit float32 can hold, as the page's numbers are computed from float32."""
    return table.to_csv(index=True, float_format="%.9g").encode("utf-8-sig")
