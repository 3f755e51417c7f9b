"""The guard: a submission that reaches into the grader running beside it is caught.

A grading child runs the student's code in the grader's own interpreter, so
nothing in it is secret from that code. The guard makes every route to a
forged grade leave a trace, and makes the plain routes impossible:

- Only the guard can write a result. The channel's key (channel.py) lives in
  the closure of a PEP 578 audit hook, which cannot be removed, and nowhere
  else. The plugin asks the hook to send each record (`sys.audit`); the hook
  sends it, stamped, only when it is asked by the plugin's own writer, on the
  main thread, with no frame of the submission on the stack, and only while
  the grader is intact: the kit's and pytest's module globals and classes,
  the registered pytest hooks, and the standard library's functions the
  graders rely on are what they were before the submission was imported.
- The hook reports, as soon as they happen, the events only an attack needs
  when the submission's own code causes them: taking frames (sys._getframe,
  tracebacks' and generators' frames, inspect, settrace/setprofile),
  scanning memory (gc.get_objects / get_referrers / get_referents, ctypes
  addresses and symbols, /proc/*/mem), making code (compile, exec, new code
  or function objects), rewriting a grader's function, importing the kit.
- At the end the hook seals the grading after a last check; the parent
  treats a grading that ended by itself without a seal as tampered.

Everything the hook uses is bound in `install`'s closure, so replacing a
module global or a builtin cannot change what it does. What stays possible
(the README's security section): code that reaches kit objects without any
of these events or a patch (e.g. through sys.modules under a name the static
scan, scan.py, cannot see) can alter their state, and ctypes can write
memory; these weaken a check, they do not write a result.
"""

from __future__ import annotations

import _thread
import functools
import json
import operator
import os
import signal
import sys
import sysconfig
import types
from pathlib import Path

RECORD, SEAL, SNAPSHOT = "graders.record", "graders.seal", "graders.snapshot"

# Module name prefixes of the grader: any change to their globals or classes is tampering.
KIT = ("graders", "pytest", "_pytest", "pluggy")
# Standard modules the graders rely on: a function or class the submission made, put in
# one of them (the kit's own patches, put there while a test runs, are allowed).
RELIED_ON = (
    "builtins",
    "threading",
    "_thread",
    "queue",
    "time",
    "os",
    "json",
    "json.encoder",
    "asyncio",
    "asyncio.events",
    "asyncio.tasks",
    "asyncio.locks",
    "asyncio.queues",
    "asyncio.base_events",
    "asyncio.futures",
    "asyncio.runners",
    "multiprocessing",
    "multiprocessing.context",
    "multiprocessing.process",
    "multiprocessing.pool",
    "multiprocessing.connection",
    "multiprocessing.queues",
    "multiprocessing.synchronize",
    "concurrent.futures",
    "concurrent.futures._base",
    "concurrent.futures.thread",
    "concurrent.futures.process",
    "traceback",
    "types",
)
# Globals the grader itself rebinds while it runs (`global` statements; pytest's assertion
# rewriting): any value but one the submission made. tests/judge/test_guard.py keeps it whole.
STATE = frozenset(
    {
        ("graders.i18n", "_chosen"),
        ("graders.judge.locks", "_tracking"),
        ("graders.judge.loops", "_current"),
        ("graders.judge.schedule", "_active"),
        ("_pytest.assertion.util", "_reprcompare"),
        ("_pytest.assertion.util", "_config"),
        ("_pytest.assertion.util", "_assertion_pass"),
    }
)
# Hooks a program may set for itself in those modules (threading.excepthook).
OWN_HOOKS = frozenset({"excepthook"})
FRAME_ATTRIBUTES = frozenset({"tb_frame", "gi_frame", "cr_frame", "ag_frame"})
CODE_ATTRIBUTES = frozenset({"__code__", "__defaults__", "__kwdefaults__"})
# Events, by how their culprit is found (see _culprit): the submission's code called it...
DIRECT = frozenset(
    {
        "compile",
        "exec",
        "code.__new__",
        "function.__new__",
        "sys._getframe",
        "sys._getframemodulename",
    }
)  # ... itself, or via inspect
THROUGH_CTYPES = frozenset(
    {
        "ctypes.dlopen",
        "ctypes.dlsym",
        "ctypes.dlsym/handle",
        "ctypes.cdata",
        "ctypes.string_at",
        "ctypes.wstring_at",
        "ctypes.addressof",
    }
)
THROUGH_STDLIB = frozenset(
    {
        "gc.get_objects",
        "gc.get_referrers",
        "gc.get_referents",
        "sys._current_frames",
        "sys.settrace",
        "sys.setprofile",
        "sys._settraceallthreads",
        "sys._setprofileallthreads",
        "sys.monitoring.register_callback",
        "sys.addaudithook",
        "import",
    }
)
WATCHED = (
    DIRECT
    | THROUGH_CTYPES
    | THROUGH_STDLIB
    | {
        RECORD,
        SEAL,
        SNAPSHOT,
        "open",
        "object.__getattr__",
        "object.__setattr__",
        "object.__delattr__",
    }
)


def install(fd: int | None, path: str | None, key: str, target: Path) -> None:
    """Register the hook that alone writes results: to descriptor `fd`, or to file `path`."""
    student = tuple(sorted({str(target) + os.sep, str(Path(target).resolve()) + os.sep}))
    stdlib = tuple(sorted({sysconfig.get_paths()["stdlib"] + os.sep, "<frozen "}))
    packages = "-packages" + os.sep  # site- or dist-packages: under stdlib on some systems
    ctypes_dir = os.path.dirname(__import__("ctypes").__file__) + os.sep
    inspect_file = __import__("inspect").__file__
    walkers = {"walk_stack", "walk_tb"}  # traceback's functions that hand out frames
    kit = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep  # graders/
    cached = {"__warningregistry__", "__slotnames__"}  # Python's own caches on modules, classes
    # Every name the hook uses is bound here, never looked up in a module or in builtins.
    frame_attributes, own_hooks, code_attributes = FRAME_ATTRIBUTES, OWN_HOOKS, CODE_ATTRIBUTES
    direct, through_ctypes, through_stdlib = DIRECT, THROUGH_CTYPES, THROUGH_STDLIB
    kit_names, relied_on, record_, seal_, snapshot_ = KIT, RELIED_ON, RECORD, SEAL, SNAPSHOT
    watched, state_, main, pid = WATCHED, STATE, _thread.get_ident(), os.getpid()
    # Signal handlers are watched: a handler is handed the frame it interrupts.
    basename, signals, getsignal = (
        os.path.basename,
        sorted(signal.valid_signals()),
        signal.getsignal,
    )
    ident, getframe, getpid, write, fsync, dumps, stamp_ = (
        _thread.get_ident,
        sys._getframe,
        os.getpid,
        os.write,
        os.fsync,
        json.dumps,
        stamp,
    )
    is_function, is_module, modules = types.FunctionType, types.ModuleType, sys.modules
    open_file, text, isinstance_, getattr_, len_, list_, dict_, type_, issubclass_ = (
        open,
        str,
        isinstance,
        getattr,
        len,
        list,
        dict,
        type,
        issubclass,
    )
    partial_, all_, map_, is_ = functools.partial, all, map, operator.is_
    methods = (types.MethodType, staticmethod, classmethod)
    busy: set[int] = set()
    state = {"snapshot": None, "codes": [], "hooks": None, "pluginmanager": None, "signals": {}}
    writers = {
        Channel.write.__code__: RECORD,
        Channel.seal.__code__: SEAL,
        Channel.snapshot.__code__: SNAPSHOT,
    }

    def send(record: dict) -> None:
        if fd is not None:
            data = stamp_(record, key)
            try:
                while data:
                    data = data[write(fd, data) :]
            except OSError:
                pass  # the submission closed or broke the channel: its results are lost
        if path:
            with open_file(path, "a", encoding="utf-8") as out:
                out.write(dumps(record) + "\n")
                out.flush()
                fsync(out.fileno())

    def is_student(frame) -> bool:
        return frame is not None and frame.f_code.co_filename.startswith(student)

    def where(frame) -> str:
        return f"{basename(frame.f_code.co_filename)}:{frame.f_lineno}"

    def culprit(frame, event):
        """The submission's frame that caused `event` at `frame`, or None."""
        if event in direct or event == "object.__getattr__":
            while frame is not None and (
                frame.f_code.co_filename == inspect_file or frame.f_code.co_name in walkers
            ):
                frame = frame.f_back
        elif event in through_ctypes:
            while frame is not None and frame.f_code.co_filename.startswith(ctypes_dir):
                frame = frame.f_back
        elif event in through_stdlib:
            while (
                frame is not None
                and frame.f_code.co_filename.startswith(stdlib)
                and packages not in frame.f_code.co_filename
            ):
                frame = frame.f_back
        return frame if is_student(frame) else None

    def student_on_stack(frame) -> bool:
        while frame is not None:
            if is_student(frame):
                return True
            frame = frame.f_back
        return False

    def student_made(value) -> bool:
        # type() rather than isinstance or getattr: a submission's object runs no code here
        kind = type_(value)
        if kind is partial_:
            value, kind = value.func, type_(value.func)
        if kind in methods:
            value, kind = value.__func__, type_(value.__func__)
        if kind is is_function:
            return value.__code__.co_filename.startswith(student)
        if issubclass_(kind, type_):
            module = modules.get(type_.__dict__["__module__"].__get__(value))
            return text(getattr_(module, "__file__", None) or "").startswith(student)
        return False

    def flag(how: str) -> None:
        send({"tampered": how})

    def snapshot() -> None:
        """What the grader is made of, before the submission is imported."""
        taken, codes = [], []  # codes: the kit's own functions, what they run, their defaults

        def take(name, owner, strict) -> None:
            saved = dict_(owner.__dict__)
            taken.append(
                (name, owner, owner.__dict__, saved, strict, list_(saved), list_(saved.values()))
            )
            # (pytest's functions are many: a change to theirs is an event the hook judges)
            for value in saved.values() if name.startswith("graders") else ():
                value = value.__func__ if type_(value) in methods else value
                if type_(value) is is_function:
                    codes.append(
                        (
                            f"{name}.{value.__name__}",
                            value,
                            value.__code__,
                            value.__defaults__,
                            value.__kwdefaults__,
                        )
                    )

        for name, module in list_(modules.items()):
            strict = name.split(".")[0] in kit_names or text(
                getattr_(module, "__file__", None) or ""
            ).startswith(kit)
            if not isinstance_(module, is_module) or not (strict or name in relied_on):
                continue
            take(name, module, strict)
            for value in list_(module.__dict__.values()):
                if isinstance_(value, type_) and value.__module__ == name:
                    take(f"{name}.{value.__qualname__}", value, strict)
        state["snapshot"], state["codes"] = taken, codes
        state["hooks"] = hooks()
        state["signals"] = {number: getsignal(number) for number in signals}

    def hooks():
        manager = state["pluginmanager"]
        if manager is None:
            return None
        return {
            name: list_(impl.function for impl in caller.get_hookimpls())
            for name, caller in dict_(vars(manager.hook)).items()
        }

    def changed() -> str | None:
        """What the submission changed in the grader, or None."""
        for name, owner, current, saved, strict, keys, values in state["snapshot"] or ():
            if isinstance_(owner, is_module) and modules.get(name) is not owner:
                return f"sys.modules[{name!r}] replaced"
            # The same names bound to the same objects, compared in C (no audited event, no
            # __eq__ of the submission's): the usual case, and the one to make fast.
            if (
                len_(current) == len_(keys)
                and all_(map_(is_, current, keys))
                and all_(map_(is_, current.values(), values))
            ):
                continue
            for key_, value in saved.items():
                now = current.get(key_, saved)
                if now is value:
                    continue
                if key_ in own_hooks and not strict and now is not saved:
                    continue
                if now is saved or student_made(now) or (strict and (name, key_) not in state_):
                    return f"{name}.{key_} replaced"
            if len_(current) != len_(saved):
                for key_, value in list_(current.items()):
                    if key_ not in saved and (
                        student_made(value)
                        or (strict and not isinstance_(value, is_module) and key_ not in cached)
                    ):
                        return f"{name}.{key_} added"
        for name, function, code, defaults, kwdefaults in state["codes"]:
            if (
                function.__code__ is not code
                or function.__defaults__ is not defaults
                or function.__kwdefaults__ is not kwdefaults
            ):
                return f"the code of {name} replaced"
        if state["hooks"] is not None and hooks() != state["hooks"]:
            return "a pytest hook registered or removed"
        for number, handler in state["signals"].items():
            now = getsignal(number)
            if now is not handler and student_made(now):
                return f"a signal handler of the submission's for signal {number}"
        return None

    def audit(event, args):
        # Called for every audited event of the process (frame.f_code is read at every
        # traced call): leave at once when it is not one to judge.
        if event == "object.__getattr__":
            if args[1] not in frame_attributes:
                return
        elif event not in watched:
            return
        me = ident()
        if me in busy:
            return  # an event raised by the hook itself
        busy.add(me)
        try:
            judge(event, args, getframe(1))
        except Exception as error:  # noqa: BLE001 - never break the grading; say so
            flag(f"the guard could not check the grading ({type_(error).__name__})")
        finally:
            busy.discard(me)

    def judge(event, args, frame) -> None:
        if event in (record_, seal_, snapshot_):
            if writers.get(frame.f_code) != event:
                flag(f"{event} raised by other code")
            elif event == snapshot_:
                if state["snapshot"] is None:
                    state["pluginmanager"] = args[0]
                    snapshot()
            elif ident() != main or getpid() != pid or student_on_stack(frame):
                flag("a result written from the submission's code")
            elif state["snapshot"] is None and event == record_ and "collected" not in args[0]:
                flag("a result written before the grader was ready")
            elif (problem := changed()) is not None:
                flag(problem)
            elif event == record_:
                send(args[0])
            else:
                send({"sealed": True})
            return
        if event == "open":
            name = args[0]
            if isinstance_(name, str) and name.startswith("/proc/") and name.endswith("/mem"):
                flag(f"opened {name} at {where(frame)}")
            return
        if event in ("object.__setattr__", "object.__delattr__"):
            target_, name = args[0], args[1]
            if (
                name not in code_attributes
                or not isinstance_(target_, is_function)
                or student_made(target_)
            ):
                return
            if is_student(frame):  # the standard library sets them too (typing.NamedTuple)
                flag(f"changed {target_.__qualname__}.{name} at {where(frame)}")
            return
        elif event == "import":
            if text(args[0]).split(".")[0] not in kit_names:
                return
        found = culprit(frame, event)
        if found is not None:
            what = (
                f"reading .{args[1]}"
                if event == "object.__getattr__"
                else f"import {args[0]}"
                if event == "import"
                else event
            )
            flag(f"{what} at {where(found)}")

    sys.addaudithook(audit)


# -- the child's end of the results channel (grading/channel.py is the parent's) --


def read_key(fd: int) -> str:
    """The key the parent sent first: read before any submission code is imported."""
    os.set_inheritable(fd, False)  # a program the submission runs does not get the channel
    data = b""
    while not data.endswith(b"\n"):
        chunk = os.read(fd, 64)
        if not chunk:
            break
        data += chunk
    return data.decode().strip()


def stamp(record: dict, key: str) -> bytes:
    """One line of the channel: the record with the grading's key."""
    return (json.dumps({**record, "key": key}) + "\n").encode()


class Channel:
    """The plugin's end of the results channel: asks the guard to send what it writes."""

    def write(self, record: dict) -> None:
        sys.audit(RECORD, record)

    def seal(self) -> None:
        sys.audit(SEAL)

    def snapshot(self, pluginmanager) -> None:
        """Call once the grader is imported, before the submission is."""
        sys.audit(SNAPSHOT, pluginmanager)
