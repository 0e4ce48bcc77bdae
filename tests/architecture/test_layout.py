"""The tree shows the pipeline: no import cycles, small modules, a short top level."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("assistant", "ingest")
MAX_LINES = 300


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")}


def _type_checking_only(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return True
    return False


def import_graph() -> dict[str, set[str]]:
    """Module -> the project modules it imports (at any depth of the file, type-checking imports aside)."""
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        edges: set[str] = set()
        for node in ast.walk(tree):
            if _type_checking_only(node, parents):
                continue
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [f"{node.module}.{a.name}" for a in node.names] + [node.module]
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name and target not in PACKAGES:
                    edges.add(target)
        graph[name] = edges
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a list of modules, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt):], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_no_import_cycles() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


@pytest.mark.parametrize("path", sorted(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")), ids=str)
def test_modules_stay_small(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines (at most {MAX_LINES})"


def test_top_level_of_assistant_is_short() -> None:
    top = [p.name for p in (ROOT / "assistant").glob("*.py") if p.name != "__init__.py"]
    assert len(top) <= 10, top


# Each package may import only the packages listed for it (its own modules always).
LAYERS: dict[str, set[str]] = {
    "assistant.models": set(),
    "assistant.errors": set(),
    "assistant.checks": set(),
    "assistant.settings": {"assistant.checks"},
    "assistant.domain": {"assistant.models"},
    "ingest": {"assistant.models", "assistant.errors", "assistant.settings", "assistant.domain"},
    "assistant.catalog": {"assistant.models", "assistant.errors", "assistant.checks", "assistant.settings",
                          "assistant.domain"},
    "assistant.understand": {"assistant.models", "assistant.domain"},
    "assistant.retrieve": {"assistant.models", "assistant.settings", "assistant.domain"},
    "assistant.evidence": {"assistant.models", "assistant.errors", "assistant.domain"},
    "assistant.compose": {"assistant.models", "assistant.errors", "assistant.domain", "assistant.evidence",
                          "assistant.understand"},
    "assistant.answers": {"assistant.models", "assistant.domain", "assistant.evidence", "assistant.understand",
                          "assistant.compose"},
    "assistant.llm": {"assistant.models", "assistant.errors", "assistant.settings", "assistant.domain",
                      "assistant.evidence"},
}


def _package(module: str) -> str:
    parts = module.split(".")
    return "ingest" if parts[0] == "ingest" else ".".join(parts[:2])


def test_packages_import_only_downwards() -> None:
    wrong = sorted(
        f"{module} -> {target}"
        for module, targets in import_graph().items()
        if (allowed := LAYERS.get(_package(module))) is not None
        for target in targets
        if _package(target) != _package(module) and _package(target) not in allowed
    )
    assert not wrong, "imports against the layering:\n" + "\n".join(wrong)
