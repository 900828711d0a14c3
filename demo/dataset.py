"""The demo dataset, read from its data files (demo/data/cases.json for the research's part 1,
demo/data/cases-2.json for part 2; their rules in demo/data/README.md)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
DATA_FILES = (DATA_DIR / "cases.json", DATA_DIR / "cases-2.json")
DATA_FILE = DATA_FILES[0]  # where the checks' messages send people first


@dataclass
class Dataset:
    """The data files' sections. `comment` keys anywhere are notes for people and load nothing."""

    topics: list[dict[str, Any]] = field(default_factory=list)
    courts: list[dict[str, Any]] = field(default_factory=list)
    parties: list[dict[str, Any]] = field(default_factory=list)
    causes_of_action: list[dict[str, Any]] = field(default_factory=list)  # {slug, name}
    application_areas: list[dict[str, Any]] = field(default_factory=list)  # {slug, name}
    outlets: dict[str, str] = field(default_factory=dict)  # host → outlet name
    court_document_hosts: list[str] = field(default_factory=list)
    source_details: dict[str, dict[str, Any]] = field(default_factory=dict)  # URL → details
    cases: list[dict[str, Any]] = field(default_factory=list)

    def extend(self, sections: dict[str, Any]) -> None:
        """Add a file's sections: lists are appended in file order, mappings merged (the
        checks report a slug two files both define)."""
        for name, value in sections.items():
            current = getattr(self, name)
            if isinstance(current, dict):
                current.update(value)
            else:
                current.extend(value)


def read_dataset(paths: Path | Iterable[Path] = DATA_FILES) -> Dataset:
    """The dataset in `paths`, read in order; a section no file has is empty (the checks say
    what is missing). A section name no Dataset field has is a TypeError naming it."""
    data = Dataset()
    known = {f.name for f in fields(Dataset)}
    for path in [paths] if isinstance(paths, Path) else paths:
        with path.open(encoding="utf-8") as file:
            sections = json.load(file)
        unknown = sorted(set(sections) - known)
        if unknown:
            raise TypeError(f"{path.name}: unknown section(s) {', '.join(unknown)}")
        data.extend(sections)
    return data
