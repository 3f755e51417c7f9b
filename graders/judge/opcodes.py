"""What an opcode of the student's code reads or writes, and how to say it.

The scheduler switches threads only before opcodes another thread could
observe (attribute, subscript, global and closure loads and stores, calls,
in-place operators...): switching before `LOAD_FAST` or a jump gives the same
interleaving as switching at the next observable one, so leaving them out
shrinks the schedules to explore without missing a race.

For the story, a small stack simulation over each code object rebuilds the
expression an access names (`self.balances[acct]`), so the trace can say
"read self.balances['ana'] = 100". Values are looked up without running the
student's code: instance dictionaries, dict and list items, locals and
globals only; anything else (a property, a custom __getitem__) is named but
not valued.
"""

from __future__ import annotations

import builtins
import dis
import sys
from dataclasses import dataclass

# Opcodes that touch only the frame's own stack, locals or control flow.
LOCAL_ONLY = frozenset(
    {
        "NOP",
        "RESUME",
        "CACHE",
        "EXTENDED_ARG",
        "LOAD_FAST",
        "LOAD_FAST_CHECK",
        "LOAD_FAST_BORROW",
        "LOAD_FAST_BORROW_LOAD_FAST_BORROW",
        "STORE_FAST_MAYBE_NULL",
        "LOAD_FAST_LOAD_FAST",
        "LOAD_FAST_AND_CLEAR",
        "STORE_FAST",
        "STORE_FAST_LOAD_FAST",
        "STORE_FAST_STORE_FAST",
        "DELETE_FAST",
        "LOAD_CONST",
        "RETURN_CONST",
        "LOAD_SMALL_INT",
        "POP_TOP",
        "PUSH_NULL",
        "COPY",
        "SWAP",
        "ROT_TWO",
        "ROT_THREE",
        "ROT_FOUR",
        "ROT_N",
        "DUP_TOP",
        "DUP_TOP_TWO",
        "PRECALL",
        "KW_NAMES",
        "JUMP_FORWARD",
        "JUMP_BACKWARD",
        "JUMP_BACKWARD_NO_INTERRUPT",
        "JUMP_ABSOLUTE",
        "JUMP_NO_INTERRUPT",
        "JUMP",
        "POP_JUMP_IF_FALSE",
        "POP_JUMP_IF_TRUE",
        "POP_JUMP_IF_NONE",
        "POP_JUMP_IF_NOT_NONE",
        "POP_JUMP_FORWARD_IF_FALSE",
        "POP_JUMP_FORWARD_IF_TRUE",
        "POP_JUMP_BACKWARD_IF_FALSE",
        "POP_JUMP_BACKWARD_IF_TRUE",
        "POP_JUMP_FORWARD_IF_NONE",
        "POP_JUMP_FORWARD_IF_NOT_NONE",
        "POP_JUMP_BACKWARD_IF_NONE",
        "POP_JUMP_BACKWARD_IF_NOT_NONE",
        "JUMP_IF_FALSE_OR_POP",
        "JUMP_IF_TRUE_OR_POP",
        "GEN_START",
        "RETURN_GENERATOR",
        "NOT_TAKEN",
        "POP_ITER",
        "MAKE_CELL",
        "COPY_FREE_VARS",
        "TO_BOOL",
        "UNARY_NOT",
        "BUILD_TUPLE",
        "BUILD_LIST",
        "BUILD_MAP",
        "BUILD_CONST_KEY_MAP",
        "BUILD_SLICE",
        "BUILD_STRING",
        "FORMAT_SIMPLE",
        "FORMAT_WITH_SPEC",
        "FORMAT_VALUE",
        "LIST_APPEND",
        "SET_ADD",
        "MAP_ADD",
        "LIST_EXTEND",
        "LOAD_ASSERTION_ERROR",
        "SETUP_FINALLY",
        "SETUP_WITH",
        "POP_BLOCK",
        "POP_EXCEPT",
        "PUSH_EXC_INFO",
        "CHECK_EXC_MATCH",
        "RERAISE",
        "RAISE_VARARGS",
        "END_FOR",
        "INTERPRETER_EXIT",
        "RETURN_VALUE",
        "CALL_INTRINSIC_1",
        "SET_FUNCTION_ATTRIBUTE",
        "MAKE_FUNCTION",
        "LOAD_CLOSURE",
        "UNPACK_SEQUENCE",
        "BUILD_SET",
    }
)
_MISSING = object()
_SCALARS = (int, float, str, bytes, bool, type(None), complex)


@dataclass(frozen=True)
class Op:
    """An observable opcode: "read", "write" or "other", and the expression it names."""

    kind: str
    expr: tuple | None = None


def table(code) -> dict[int, Op]:
    """offset -> Op for every observable instruction of `code`."""
    ops: dict[int, Op] = {}
    stack: list = []
    for ins in dis.get_instructions(code):
        if ins.is_jump_target:
            stack = []
        name = ins.opname
        try:
            _simulate(ins, stack, ops)
        except (ValueError, IndexError, TypeError):
            stack = []
            if name not in LOCAL_ONLY:
                ops.setdefault(ins.offset, Op("other"))
        if name not in LOCAL_ONLY and ins.offset not in ops:
            ops[ins.offset] = Op("other")
    return ops


def _simulate(ins, stack: list, ops: dict[int, Op]) -> None:
    name, arg = ins.opname, ins.argval
    if name in (
        "LOAD_FAST",
        "LOAD_FAST_CHECK",
        "LOAD_FAST_AND_CLEAR",
        "LOAD_CLOSURE",
        "LOAD_FAST_BORROW",
    ):
        stack.append(("local", arg))
    elif name in ("LOAD_FAST_LOAD_FAST", "LOAD_FAST_BORROW_LOAD_FAST_BORROW"):
        stack.extend(("local", each) for each in arg)
    elif name == "STORE_FAST_LOAD_FAST":
        stack.pop()
        stack.append(("local", arg[1]))
    elif name == "STORE_FAST_STORE_FAST":
        del stack[-2:]
    elif name in ("LOAD_DEREF", "LOAD_CLASSDEREF"):
        expr = ("local", arg)
        ops[ins.offset] = Op("read", expr)
        stack.append(expr)
    elif name in ("LOAD_GLOBAL", "LOAD_NAME"):
        expr = ("global", arg)
        ops[ins.offset] = Op("read", expr)
        if name == "LOAD_GLOBAL" and sys.version_info >= (3, 11) and ins.arg & 1:
            stack.append(None)
        stack.append(expr)
    elif name in ("LOAD_CONST", "LOAD_SMALL_INT"):
        stack.append(("const", arg))
    elif name in ("LOAD_ATTR", "LOAD_METHOD"):
        base = stack.pop()
        expr = ("attr", base, arg) if base else None
        method = name == "LOAD_METHOD" or (sys.version_info >= (3, 12) and ins.arg & 1)
        ops[ins.offset] = Op("other" if method else "read", expr)
        stack.append(None if method else expr)
        if method:
            stack.append(None)
    elif name == "BINARY_SUBSCR" or (name == "BINARY_OP" and ins.argrepr == "[]"):  # 3.14
        key, base = stack.pop(), stack.pop()
        expr = ("sub", base, key) if base and key else None
        ops[ins.offset] = Op("read", expr)
        stack.append(expr)
    elif name == "STORE_SUBSCR":
        key, base = stack.pop(), stack.pop()
        stack.pop()
        ops[ins.offset] = Op("write", ("sub", base, key) if base and key else None)
    elif name == "STORE_ATTR":
        base = stack.pop()
        stack.pop()
        ops[ins.offset] = Op("write", ("attr", base, arg) if base else None)
    elif name in ("STORE_GLOBAL", "STORE_NAME", "STORE_DEREF"):
        stack.pop()
        ops[ins.offset] = Op("write", ("local" if name == "STORE_DEREF" else "global", arg))
    elif name in ("STORE_FAST", "POP_TOP"):
        stack.pop()
    elif name == "DUP_TOP":
        stack.append(stack[-1])
    elif name == "DUP_TOP_TWO":
        stack.extend(stack[-2:])
    elif name == "COPY":
        stack.append(stack[-ins.arg])
    elif name == "SWAP":
        stack[-1], stack[-ins.arg] = stack[-ins.arg], stack[-1]
    elif name == "ROT_TWO":
        stack[-1], stack[-2] = stack[-2], stack[-1]
    elif name == "ROT_THREE":
        stack[-3:] = [stack[-1], stack[-3], stack[-2]]
    elif name in (
        "NOP",
        "RESUME",
        "CACHE",
        "EXTENDED_ARG",
        "PRECALL",
        "KW_NAMES",
        "JUMP_FORWARD",
        "JUMP_BACKWARD",
        "JUMP_ABSOLUTE",
        "NOT_TAKEN",
    ):
        pass
    else:
        effect = dis.stack_effect(
            ins.opcode, ins.arg if ins.opcode >= dis.HAVE_ARGUMENT else None, jump=False
        )
        if effect < 0:
            del stack[effect:]
        if effect >= 0 or stack:
            if stack and effect <= 0:
                stack[-1] = None  # the result, whatever it is
            stack.extend([None] * max(effect, 0))


# -- naming and valuing an access at run time --


def text(expr, frame) -> str | None:
    """`self.balances['ana']`: the expression, with subscripts' keys valued."""
    if expr is None:
        return None
    kind = expr[0]
    if kind in ("local", "global"):
        return expr[1]
    if kind == "const":
        return _short(expr[1])
    if kind == "attr":
        base = text(expr[1], frame)
        return None if base is None else f"{base}.{expr[2]}"
    base = text(expr[1], frame)
    key = value(expr[2], frame)
    if base is None or key is _MISSING:
        return None
    return f"{base}[{_short(key)}]"


def value(expr, frame):
    """The value `expr` has now, or _MISSING when finding it could run student code."""
    if expr is None:
        return _MISSING
    kind = expr[0]
    try:
        if kind == "local":
            return frame.f_locals.get(expr[1], _MISSING)
        if kind == "global":
            found = frame.f_globals.get(expr[1], _MISSING)
            return vars(builtins).get(expr[1], _MISSING) if found is _MISSING else found
        if kind == "const":
            return expr[1]
        base = value(expr[1], frame)
        if base is _MISSING:
            return _MISSING
        if kind == "attr":
            found = getattr(base, "__dict__", {}).get(expr[2], _MISSING)
            return found
        key = value(expr[2], frame)
        if key is _MISSING:
            return _MISSING
        if isinstance(base, dict):
            return dict.get(base, key, _MISSING)
        if isinstance(base, (list, tuple)) and type(key) is int:
            return base[key] if -len(base) <= key < len(base) else _MISSING
    except Exception:  # noqa: BLE001 - an odd object: it is named, not valued
        return _MISSING
    return _MISSING


def location(expr, frame):
    """A key for the memory an access touches: (id of the holder, name or key)."""
    if expr is None:
        return None
    kind = expr[0]
    if kind == "local":
        return ("cell", id(frame.f_code), expr[1])
    if kind == "global":
        return (id(frame.f_globals), expr[1])
    if kind == "const":
        return None
    holder = value(expr[1], frame)
    if holder is _MISSING:
        return None
    if kind == "attr":
        return (id(holder), expr[2])
    key = value(expr[2], frame)
    if key is _MISSING:
        return None
    try:
        hash(key)
    except TypeError:
        key = repr(key)
    return (id(holder), key)


def shown(found) -> bool:
    """Whether a value is worth printing in a trace (data, not functions or modules)."""
    return found is not _MISSING and isinstance(found, _SCALARS)


def holder_id(expr, frame) -> int | None:
    """id() of the container or object an access reaches into."""
    if expr is None or expr[0] not in ("attr", "sub"):
        return None
    holder = value(expr[1], frame)
    return None if holder is _MISSING else id(holder)


def contents_id(found) -> int | None:
    return id(found) if isinstance(found, (dict, list, set)) else None


def _short(thing, limit: int = 30) -> str:
    text_ = repr(thing)
    return text_ if len(text_) <= limit else text_[: limit - 3] + "..."
