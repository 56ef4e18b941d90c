"""One pivot: readers end at an AKN tree, writers start from one; neither imports the other."""

from __future__ import annotations

import ast

from conftest import ROOT

PACKAGE = ROOT / "convert"


def imports_of(folder: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in (PACKAGE / folder).rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                names.add("." * node.level + (node.module or ""))
            elif isinstance(node, ast.Import):
                names.update(a.name for a in node.names)
        found[str(path.relative_to(ROOT))] = names
    return found


def test_readers_never_import_writers():
    readers = imports_of("readers")
    assert readers, "no reader modules found"
    for path, names in readers.items():
        assert not any("writers" in n for n in names), f"{path} imports a writer: {names}"


def test_writers_never_import_readers():
    for path, names in imports_of("writers").items() if (PACKAGE / "writers").is_dir() else []:
        assert not any("readers" in n for n in names), f"{path} imports a reader: {names}"


def test_no_top_level_module_named_akn():
    assert not (ROOT / "akn.py").exists() and not (ROOT / "akn" / "__init__.py").exists()
