"""The static look: a submission whose source reaches for the grader's internals is not run.

Run by the parent, before a grading starts, so nothing the submission does
can change it. It reads the exercise file's syntax tree for what no solution
of these exercises needs and every published recipe for forging a grade
uses: importing the kit or pytest, sys.modules, taking frames, scanning
memory, making code at run time, raw ctypes. (Signal handlers, which are
handed frames too, are left to the guard: students set SIGINT to SIG_IGN in
their Pool initializers.) A name built at run time
(`getattr(sys, "mod" + "ules")`) escapes it; the guard (guard.py) watches
what such code then does.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from graders.i18n.messages import say

KIT_MODULES = frozenset(
    {"graders", "pytest", "_pytest", "pluggy", "builtins", "importlib", "gc", "ctypes"}
)
# Of those, the modules a correct submission may import for their harmless parts.
HARMLESS_PARTS = {
    "gc": {"collect"},
    "ctypes": {
        "c_int",
        "c_long",
        "c_double",
        "c_char",
        "c_bool",
        "c_float",
        "c_uint",
        "c_ulong",
        "c_longlong",
        "c_ulonglong",
        "c_short",
        "c_ushort",
        "c_byte",
        "c_ubyte",
        "c_char_p",
        "c_wchar",
        "c_wchar_p",
        "c_size_t",
        "c_int8",
        "c_int16",
        "c_int32",
        "c_int64",
        "c_uint8",
        "c_uint16",
        "c_uint32",
        "c_uint64",
        "Structure",
        "Array",
        "sizeof",
    },
}
# Attributes that lead from any object to the grader's frames, globals or memory.
REACHING = frozenset(
    {
        "_getframe",
        "_getframemodulename",
        "_current_frames",
        "f_back",
        "f_globals",
        "f_locals",
        "f_builtins",
        "tb_frame",
        "gi_frame",
        "cr_frame",
        "ag_frame",
        "__globals__",
        "__closure__",
        "cell_contents",
        "__code__",
        "__subclasses__",
        "__builtins__",
        "modules",
        "settrace",
        "setprofile",
        "monitoring",
        "addaudithook",
        "get_objects",
        "get_referrers",
        "get_referents",
        "pythonapi",
        "py_object",
        "from_address",
        "memmove",
        "string_at",
        "PyDLL",
        "CDLL",
        "cdll",
        "pydll",
        "currentframe",
        "getouterframes",
        "getinnerframes",
        "walk_stack",
        "walk_tb",
    }
)
MAKING_CODE = frozenset({"exec", "eval", "compile", "__import__"})


@dataclass(frozen=True)
class Finding:
    line: int
    what: str

    def text(self, file: str) -> str:
        return say("guard.scanned", file=file, line=self.line, what=self.what)


def findings(path: Path) -> list[Finding]:
    """What in `path` reaches for the grader, in line order; [] when it cannot be read."""
    try:
        tree = ast.parse(Path(path).read_bytes(), filename=str(path))
    except (OSError, SyntaxError, ValueError):
        return []  # the grading itself reports a file it cannot import
    found = []
    for node in ast.walk(tree):
        what = _reaching(node)
        if what:
            found.append(Finding(getattr(node, "lineno", 0), what))
    return sorted(set(found), key=lambda finding: (finding.line, finding.what))


def first(path: Path) -> str | None:
    """The first finding in words (`t04_lock_counter.py:3 imports graders`), or None."""
    found = findings(path)
    return found[0].text(Path(path).name) if found else None


def _reaching(node: ast.AST) -> str | None:
    if isinstance(node, ast.Import):
        for alias in node.names:
            top = alias.name.split(".")[0]
            if top in KIT_MODULES and top not in HARMLESS_PARTS:
                return say("scan.imports", name=alias.name)
    elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
        top = node.module.split(".")[0]
        harmless = HARMLESS_PARTS.get(top, set())
        taken = [
            alias.name
            for alias in node.names
            if alias.name in REACHING or (top in KIT_MODULES and alias.name not in harmless)
        ]
        if taken:
            return say("scan.imports_from", name=taken[0], module=node.module)
    elif isinstance(node, ast.Attribute) and node.attr in REACHING:
        return say("scan.uses", name="." + node.attr)
    elif isinstance(node, ast.Name) and node.id in MAKING_CODE | {"__builtins__"}:
        return say("scan.uses", name=node.id)
    elif isinstance(node, ast.Constant) and isinstance(node.value, str):
        value = node.value
        if (
            value in REACHING
            or value in MAKING_CODE
            or value.split(".")[0] in ("graders", "_pytest", "pluggy")
            and value.replace(".", "").isidentifier()
        ):
            return say("scan.names", name=repr(value))
    return None
