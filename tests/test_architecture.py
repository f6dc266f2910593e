"""The import and ownership rules of docs/architecture.md, checked on the source.

A newcomer who breaks one gets a failing test naming the file and the line."""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.registry import Base

ROOT = Path(__file__).resolve().parents[1]
CHANNEL_SDKS = {"linebot", "telegram"}
RASA = {"rasa", "rasa_sdk"}
# package → top-level modules it must never import.
FORBIDDEN: dict[str, set[str]] = {
    "textkit": {"api", "bot", "actions", "nlu", "desk", "scripts", "fastapi", "sqlalchemy"}
    | RASA
    | CHANNEL_SDKS,
    "api": {"bot", "actions", "nlu", "desk", "scripts"} | RASA | CHANNEL_SDKS,
    "bot": {"actions", "nlu", "desk", "scripts"} | RASA,
    "actions": {"api", "bot", "nlu", "desk", "sqlalchemy", "fastapi"} | CHANNEL_SDKS,
    "nlu": {"api", "bot", "actions", "desk", "sqlalchemy", "fastapi"} | CHANNEL_SDKS,
    "desk": {"actions", "nlu"} | RASA,
    # What the Rasa servers run besides the model (the tracker store): Rasa's own database.
    "rasa_runtime": {"api", "bot", "actions", "nlu", "desk", "scripts", "fastapi"} | CHANNEL_SDKS,
}
# Channel SDKs belong to the channel adapters only.
SDK_HOME = "bot/channels/"


def _python_files(package: str) -> Iterator[Path]:
    yield from sorted((ROOT / package).rglob("*.py"))


def _imports(tree: ast.AST) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module


def _parse(path: Path) -> ast.AST:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_packages_import_only_what_the_architecture_allows(package: str) -> None:
    broken = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in _python_files(package)
        for line, module in _imports(_parse(path))
        if module.split(".")[0] in FORBIDDEN[package]
    ]
    assert not broken, "\n".join(broken)


def test_channel_sdks_are_imported_only_by_channel_adapters() -> None:
    broken = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for package in ("bot", "desk", "api", "actions", "nlu", "rasa_runtime", "textkit")
        for path in _python_files(package)
        if not str(path.relative_to(ROOT)).startswith(SDK_HOME)
        for line, module in _imports(_parse(path))
        if module.split(".")[0] in CHANNEL_SDKS
    ]
    assert not broken, "\n".join(broken)


def _api_columns() -> set[str]:
    return {column.name for table in Base.metadata.tables.values() for column in table.columns}


def _api_model_names() -> set[str]:
    return {mapper.class_.__name__ for mapper in Base.registry.mappers}


def _attribute_writes(tree: ast.AST, columns: set[str]) -> Iterator[tuple[int, str]]:
    """`x.column = …` (or `+=`) on anything but self: a write to an api/ row."""
    for node in ast.walk(tree):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            if (
                isinstance(target, ast.Attribute)
                and target.attr in columns
                and not (isinstance(target.value, ast.Name) and target.value.id in {"self", "cls"})
            ):
                yield target.lineno, ast.unparse(target)


def _direct_row_loads(tree: ast.AST, models: set[str]) -> Iterator[tuple[int, str]]:
    """`session.get(Model, …)` / `get_one` / `select(Model)` on an api/ model."""
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and node.args
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id in models
            and isinstance(node.func, ast.Attribute | ast.Name)
            and (node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id)
            in {"get", "get_one", "select", "delete", "insert", "update"}
        ):
            yield node.lineno, ast.unparse(node)


def test_only_api_writes_api_tables() -> None:
    """The gateway calls api/ verbs for every status change; it never edits a row itself."""
    columns, models = _api_columns(), _api_model_names()
    broken = [
        f"{path.relative_to(ROOT)}:{line} {what}"
        for package in ("bot", "desk")
        for path in _python_files(package)
        for tree in [_parse(path)]
        for line, what in [*_attribute_writes(tree, columns), *_direct_row_loads(tree, models)]
    ]
    assert not broken, "\n".join(broken)


def test_the_row_write_check_can_fail() -> None:
    """The scanner itself finds a write to a row and a direct load (so a pass means something)."""
    tree = ast.parse("message.status = 'sent'\nrow = await session.get_one(Message, 3)\n")
    assert list(_attribute_writes(tree, {"status"})) == [(1, "message.status")]
    assert [line for line, _ in _direct_row_loads(tree, {"Message"})] == [2]


def test_no_module_is_over_300_lines() -> None:
    """Small pieces: data files and migrations excepted."""
    long = [
        f"{path.relative_to(ROOT)}: {count} lines"
        for package in (
            "api",
            "bot",
            "desk",
            "actions",
            "nlu",
            "rasa_runtime",
            "textkit",
            "scripts",
        )
        for path in _python_files(package)
        for count in [len(path.read_text(encoding="utf-8").splitlines())]
        if count > 300
    ]
    assert not long, "\n".join(long)
