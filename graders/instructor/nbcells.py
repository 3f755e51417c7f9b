"""An exercise as notebook cells, made from its stub and its reference solution.

The kit keeps one source of each exercise; a notebook is derived from it, never
written by hand. Its code is the solution's, cut into cells before each
top-level function or class. Where the stub differs from the solution (its
TODOs), the solution's lines sit between nbgrader's `### BEGIN SOLUTION` and
`### END SOLUTION`, the stub's leading TODO comments stay just before them, and
the rest of the stub's lines follow as `### STUB <line>` comments:

    # TODO: read-add-write is three steps; another thread can run in between.
    ### BEGIN SOLUTION
    with self._lock:  # read, add and write as one step: nobody runs in between
        self._value += n
    ### END SOLUTION
    ### STUB self._value += n

`release_text` turns that into the students' copy: the stub again, not
nbgrader's generic "YOUR CODE HERE", which would erase the broken code that
t03 to t06 ask students to fix (nbstubs.py makes nbgrader do the same).
"""

from __future__ import annotations

import ast
import difflib
import re
from dataclasses import dataclass

from graders import i18n
from graders.catalogue import Exercise

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
STUB = "### STUB"
# nbgrader's own stub, for a region written by hand with no `### STUB` line after it.
NBGRADER_STUB = "# YOUR CODE HERE\nraise NotImplementedError()"

_NOQA = re.compile(r"\s+# noqa\b.*$")  # lint pragmas: not a difference a student should see
_STUB_LINE = re.compile(r"^(\s*)### STUB(?: (.*))?$")


@dataclass(frozen=True)
class CodeCell:
    source: str  # the instructor's text: solution code, with its regions
    answer: bool  # students write in it (it holds a region); otherwise it is given, read-only


@dataclass(frozen=True)
class Lesson:
    title: str  # the first line of the stub's docstring
    text: str  # the rest of the docstring, as markdown
    cells: tuple[CodeCell, ...]


class SourceProblem(Exception):
    """An exercise's stub and solution cannot be turned into cells; str() is one line."""


def lesson(exercise: Exercise) -> Lesson:
    stub = exercise.stub.read_text(encoding="utf-8")
    solution = exercise.solution.read_text(encoding="utf-8")
    # The instructions in the language the course is built in (LANG, see i18n.py).
    docstring = i18n.instructions(exercise) or i18n.title(exercise)
    title, _, text = docstring.partition("\n")
    return Lesson(title.strip().rstrip("."), markdown(text), tuple(code_cells(stub, solution)))


# -- code --


def code_cells(stub: str, solution: str) -> list[CodeCell]:
    """The solution as cells, with a region wherever the stub differs."""
    source = _with_regions(_module_lines(stub), _module_lines(solution))
    cells = []
    for chunk in _split(source):
        text = "\n".join(chunk)
        cells.append(CodeCell(text, any(line.strip() == BEGIN for line in chunk)))
    return cells


def release_text(
    source: str, code_stub: str = NBGRADER_STUB, begin: str = BEGIN, end: str = END
) -> tuple[str, bool]:
    """The students' copy of a cell, and whether it held a region.

    A region is replaced by the `### STUB` lines right after its end marker
    (a bare `### STUB` is an empty line; blank ones at the edges are dropped, so
    a lone one stands for nothing), or by `code_stub`, indented like the begin
    marker, when none follow (nbgrader's own behaviour).
    """
    lines = source.split("\n")
    out: list[str] = []
    index, replaced = 0, False
    while index < len(lines):
        line = lines[index]
        if end in line:
            raise SourceProblem(f"{end!r} without {begin!r} before it: {line.strip()!r}")
        if begin not in line:
            out.append(line)
            index += 1
            continue
        indent = line[: len(line) - len(line.lstrip())]
        index += 1
        while index < len(lines) and end not in lines[index]:
            if begin in lines[index]:
                raise SourceProblem(f"a region inside a region: {lines[index].strip()!r}")
            index += 1
        if index == len(lines):
            raise SourceProblem(f"{begin!r} without {end!r} after it")
        index += 1
        stub, marked = [], False
        while index < len(lines) and (match := _STUB_LINE.match(lines[index])):
            stub.append((match[1] + (match[2] or "")).rstrip())
            marked = True
            index += 1
        # A region whose stub is empty (code students add) leaves nothing behind.
        out += _trim(stub) if marked else [indent + part for part in code_stub.split("\n")]
        replaced = True
    return "\n".join(out), replaced


def _module_lines(text: str) -> list[str]:
    """A module's lines without its docstring and its `if __name__ == "__main__":` demo.

    A notebook has no docstring cell (it becomes the instructions), and a demo
    would run in the notebook's kernel, whose event loop is already running.
    """
    tree = ast.parse(text)
    lines = text.splitlines()
    dropped: set[int] = set()
    for position, node in enumerate(tree.body):
        docstring = (
            position == 0
            and isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        )
        if docstring or _is_main_block(node):
            dropped.update(range(node.lineno - 1, node.end_lineno))
    kept = [line.rstrip() for number, line in enumerate(lines) if number not in dropped]
    return _trim(kept)


def _is_main_block(node: ast.stmt) -> bool:
    if not isinstance(node, ast.If) or not isinstance(node.test, ast.Compare):
        return False
    names = [node.test.left, *node.test.comparators]
    return any(isinstance(n, ast.Name) and n.id == "__name__" for n in names)


def _with_regions(stub: list[str], solution: list[str]) -> list[str]:
    """The solution's lines, with each difference from the stub as a region."""
    matcher = difflib.SequenceMatcher(
        None, [_key(line) for line in stub], [_key(line) for line in solution], autojunk=False
    )
    out: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out += solution[j1:j2]
        else:
            out += _region(stub[i1:i2], solution[j1:j2])
    return out


def _key(line: str) -> str:
    return _NOQA.sub("", line).rstrip()


def _region(stub: list[str], solution: list[str]) -> list[str]:
    """One difference: the stub's TODO comments, then the solution as a region, then the
    rest of the stub as `### STUB` lines (what students get in its place)."""
    lead = 0
    while lead < len(stub) and stub[lead].lstrip().startswith("#"):
        lead += 1
    todos, rest = stub[:lead], _trim(stub[lead:])
    before, body, after = _split_blank_edges(solution)
    if not body and not rest:
        return todos + before + after  # only comments differ: nothing to answer there
    code = [line for line in body + rest if line.strip()]
    width = min(len(line) - len(line.lstrip()) for line in code)
    indent = " " * width
    stubbed = [
        f"{indent}{STUB} {line[width:]}" if line.strip() else f"{indent}{STUB}" for line in rest
    ] or [f"{indent}{STUB}"]  # an empty stub: one blank line
    return [*todos, *before, indent + BEGIN, *body, indent + END, *stubbed, *after]


def _split_blank_edges(lines: list[str]) -> tuple[list[str], list[str], list[str]]:
    start, stop = 0, len(lines)
    while start < stop and not lines[start].strip():
        start += 1
    while stop > start and not lines[stop - 1].strip():
        stop -= 1
    return lines[:start], lines[start:stop], lines[stop:]


def _trim(lines: list[str]) -> list[str]:
    return _split_blank_edges(lines)[1]


def _split(source: list[str]) -> list[list[str]]:
    """Cut before each top-level def or class (with the comments just above it), never
    inside a region; module-level statements stay with the cell before them."""
    regions = _region_spans(source)
    tree = ast.parse("\n".join(source))
    cuts = []
    for node in tree.body:
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        start = min([node.lineno, *(d.lineno for d in node.decorator_list)]) - 1
        while (
            start > 0
            and source[start - 1].lstrip().startswith("#")
            and not source[start - 1].lstrip().startswith(STUB)
        ):
            start -= 1
        if start > 0 and not any(first < start <= last for first, last in regions):
            cuts.append(start)
    chunks, previous = [], 0
    for cut in [*cuts, len(source)]:
        chunk = _trim(source[previous:cut])
        if chunk:
            chunks.append(chunk)
        previous = cut
    return chunks


def _region_spans(source: list[str]) -> list[tuple[int, int]]:
    """(begin line, last line of its stub) of each region, 0-based."""
    spans, begin = [], None
    for number, line in enumerate(source):
        stripped = line.strip()
        if stripped == BEGIN:
            begin = number
        elif stripped == END and begin is not None:
            last = number
            while last + 1 < len(source) and source[last + 1].strip().startswith(STUB):
                last += 1
            spans.append((begin, last))
            begin = None
    return spans


# -- instructions --

_FENCE = "```"
_GRADE_IT = re.compile(r"^Grade it with:")
_SPECIAL = re.compile(r"(`[^`]*`)|(__|<|>)")  # code spans kept whole; the rest escaped


def markdown(text: str) -> str:
    """A stub's docstring as markdown: its indented examples fenced, and the characters
    markdown would eat (`__name__` as bold, `<status>` as a tag) escaped."""
    lines = [line for line in text.strip("\n").split("\n") if not _GRADE_IT.match(line)]
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        starts_block = line.startswith("    ") and (not out or not out[-1].strip())
        if not starts_block:
            out.append(_escape(line))
            index += 1
            continue
        block = []
        while index < len(lines) and (lines[index].startswith("    ") or not lines[index].strip()):
            block.append(lines[index][4:])
            index += 1
        block = _trim(block)
        out += [_FENCE, *block, _FENCE, ""]
    return "\n".join(_trim(out))


def _escape(line: str) -> str:
    def replace(match: re.Match) -> str:
        if match[1]:
            return match[1]
        return {"__": r"\_\_", "<": "&lt;", ">": "&gt;"}[match[2]]

    return _SPECIAL.sub(replace, line)
