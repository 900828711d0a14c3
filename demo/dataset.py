"""The demo dataset, read from its data file (demo/data/cases.json; its rules in
demo/data/README.md)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).resolve().parent / "data" / "cases.json"


@dataclass
class Dataset:
    """The data file's sections. `comment` keys anywhere are notes for people and load nothing."""

    topics: list[dict[str, Any]] = field(default_factory=list)
    courts: list[dict[str, Any]] = field(default_factory=list)
    parties: list[dict[str, Any]] = field(default_factory=list)
    outlets: dict[str, str] = field(default_factory=dict)  # host → outlet name
    court_document_hosts: list[str] = field(default_factory=list)
    source_details: dict[str, dict[str, Any]] = field(default_factory=dict)  # URL → details
    cases: list[dict[str, Any]] = field(default_factory=list)


def read_dataset(path: Path = DATA_FILE) -> Dataset:
    """The dataset in `path`; a section the file lacks is empty (the checks say what is missing)."""
    with path.open(encoding="utf-8") as file:
        return Dataset(**json.load(file))
