"""The import graph of the narrator package: its circles and its upward arrows.

    python tools/layering.py            # every circle, upward import, module over 500 lines and
                                        # function over 80; exit 1 if any
    python tools/layering.py --walk     # also the stages load_project walks through (see walk())

Every ``import``/``from … import`` in a module counts: at module level, inside a function, or
under ``if TYPE_CHECKING:`` (an annotation's dependency is a dependency too). A module's stage is its
first package below ``narrator`` (or, for a top-level module, its own name); STAGES orders
them from the ground up. An import of a higher stage is an upward arrow; a circle is a strongly
connected set of two or more modules. tests/test_layering.py asserts there are none.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "narrator"

# From the ground up; a module may import its own stage or any stage before it.
STAGES = (
    ("ground", ("__init__", "errors", "model", "numbers", "zipfiles", "defaults")),
    ("settings", ("settings",)),
    ("inputs", ("inputs",)),
    ("analysis", ("analysis",)),
    ("wording", ("wording",)),
    ("document", ("document",)),
    ("word", ("word",)),
    ("writers", ("writers",)),
    ("drafts", ("drafts",)),
    ("project", ("project",)),
    ("pipeline", ("pipeline",)),
    ("updating", ("updating", "scaffold")),
    ("cli", ("cli", "__main__")),
)
RANK = {name: rank for rank, (_, names) in enumerate(STAGES) for name in names}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(parts)


def stage(module: str) -> str:
    """The stage a module belongs to: narrator.inputs.records.files -> inputs."""
    parts = module.split(".")
    head = parts[1] if len(parts) > 1 else "__init__"
    if head == "writers" and len(parts) > 2 and parts[2] == "word":  # before the word layer moved
        head = "word"
    return head


def rank(module: str) -> int:
    head = stage(module)
    if head not in RANK:
        raise SystemExit(f"{module}: stage '{head}' is not in tools/layering.py STAGES")
    return RANK[head]


def imports(path: Path, modules: set[str]) -> set[str]:
    """The narrator modules ``path`` imports (a name imported from a package that is a module counts as that module)."""
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.split(".")[0] == "narrator")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if target.split(".")[0] == "narrator":
                for alias in node.names:
                    sub = f"{target}.{alias.name}"
                    found.add(sub if sub in modules else target)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    found.discard(here)
    return {m for m in found if m in modules}


def graph() -> dict[str, set[str]]:
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {module_name(p) for p in paths}
    return {module_name(p): imports(p, modules) for p in paths}


def upward(edges: dict[str, set[str]]) -> list[tuple[str, str]]:
    """Every import of a higher stage than the importer's, as (importer, imported)."""
    return sorted((a, b) for a, targets in edges.items() for b in targets if rank(b) > rank(a))


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected sets of two or more modules (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []
    sys.setrecursionlimit(10_000)

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            connect(v)
    return sorted(found)


def walk(folder: Path | None = None) -> list[str]:
    """The stages, in order, of the functions that project.py calls while ``load_project`` runs
    (its direct calls into other stages, not what those call in turn), each function at its first
    call only (a loop over measures is one visit), consecutive repeats merged, the ground (errors, model…) left out: a stage that comes back after a later one is
    a climb back up."""
    from narrator.project import load_project

    folder = folder or PACKAGE.parent / "data"
    root = str(PACKAGE)
    seen: list[str] = []
    called: set[object] = set()

    def profile(frame, event, arg):  # noqa: ARG001
        if event != "call":
            return
        filename = frame.f_code.co_filename
        if not filename.startswith(root):
            return
        caller = frame.f_back.f_code.co_filename if frame.f_back is not None else ""
        if not caller.startswith(root) or stage(module_name(Path(caller))) != "project":
            return
        module = module_name(Path(filename))
        if RANK.get(stage(module), 0) == 0 or stage(module) == "project":
            return
        if frame.f_code in called:
            return
        called.add(frame.f_code)
        name = stage(module)
        if not seen or seen[-1] != name:
            seen.append(name)

    sys.setprofile(profile)
    try:
        load_project(folder)
    finally:
        sys.setprofile(None)
    return seen


def climbs(stages: list[str]) -> int:
    """How many times the walk goes back to an earlier stage."""
    return sum(1 for a, b in zip(stages, stages[1:]) if RANK[b] < RANK[a])


MODULE_LINES, FUNCTION_LINES = 500, 80  # the house's limits


def long_modules() -> list[tuple[str, int]]:
    """Modules over MODULE_LINES lines, with their length."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MODULE_LINES:
            found.append((module_name(path), lines))
    return found


def long_functions() -> list[tuple[str, int]]:
    """Functions (and methods) over FUNCTION_LINES lines, decorators and docstring included."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                lines = node.end_lineno - first + 1
                if lines > FUNCTION_LINES:
                    found.append((f"{module_name(path)}.{node.name}", lines))
    return sorted(found)


def main(argv: list[str]) -> int:
    edges = graph()
    up, rings = upward(edges), circles(edges)
    print(f"{len(edges)} modules, {sum(len(t) for t in edges.values())} imports")
    for a, b in up:
        print(f"upward: {a} -> {b}")
    for ring in rings:
        print(f"circle: {' <-> '.join(ring)}")
    print(f"{len(up)} upward imports, {len(rings)} circles")
    modules, functions = long_modules(), long_functions()
    for name, lines in modules:
        print(f"module over {MODULE_LINES} lines: {name} ({lines})")
    for name, lines in functions:
        print(f"function over {FUNCTION_LINES} lines: {name} ({lines})")
    if "--walk" in argv:
        stages = walk()
        print(f"load_project walks {len(stages)} stage visits, climbing back up {climbs(stages)} times: {' > '.join(stages)}")
    return 1 if up or rings or modules or functions else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
