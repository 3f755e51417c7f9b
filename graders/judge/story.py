"""The story of a race: the interleaving that broke a property, told line by line.

A Recorder rides along the scheduler during the one replay of the shrunk
schedule: every observable step of the student's file (thread, file, line,
source text) with what it read and wrote ("read self.balances['ana'] = 100",
"wrote self.balances['ana'] = 40") and what it did with tracked locks. Then
`tell()` names the pattern the accesses show and cuts the trace down to the
steps that show it:

- lost update: A read X, B wrote X, A wrote X from its stale read;
- check-then-act: A checked X, B changed X, A acted on the old check;
- torn read: A read X while B was between two writes of one update;
- otherwise the steps around the thread switches.

Steps are dicts {"thread", "file", "line", "code", "note", "step"}: what
--json reports as tests[].trace, `file` and `line` the submitted file's own,
`step` its place in the whole run (a gap means steps left out).
"""

from __future__ import annotations

import bisect
import linecache
from dataclasses import dataclass
from pathlib import Path

from graders.i18n.messages import say
from graders.judge import opcodes

WHOLE = "\0"  # marks the note of a container read whole
MAX_STEPS = 16  # steps a story shows; the JSON trace keeps up to MAX_TRACE
MAX_TRACE = 60


@dataclass
class Access:
    position: int  # index of its step in the trace
    thread: int
    kind: str  # "read" | "write"
    location: tuple
    label: str
    value: str | None
    holder: int | None  # id() of the object or container reached into
    contents: int | None  # id() of a container that was read whole


class Recorder:
    """Everything the controlled threads did in the student's file, in order."""

    def __init__(self):
        self.stopped = False  # set when the scheduler lets go: unwinding is not the story
        self.steps: list[dict] = []
        self.accesses: list[Access] = []
        self.names: dict[int, str] = {}
        self._where: dict[int, tuple[str, int]] = {}

    def settle(self, me) -> None:
        """Finish a store's note: its value is known once it has run."""
        pending, me.pending = me.pending, None
        if pending is None or self.stopped:
            return
        position, expr, frame, label, location, holder = pending
        found = opcodes.value(expr, frame)
        value = repr(found) if opcodes.shown(found) else None
        self._note(
            position,
            say("story.wrote_value", what=label, value=value)
            if value
            else say("story.wrote", what=label),
        )
        if location is not None:
            self.accesses.append(
                Access(position, me.index, "write", location, label, value, holder, None)
            )

    def access(self, me, frame, op) -> None:
        if self.stopped:
            return
        position = self._step(
            me, frame.f_code.co_filename, frame.f_lineno, (id(frame), frame.f_lasti)
        )
        if op.kind not in ("read", "write") or op.expr is None:
            return
        label = opcodes.text(op.expr, frame)
        if label is None:
            return
        location = opcodes.location(op.expr, frame)
        holder = opcodes.holder_id(op.expr, frame)
        if op.kind == "write":
            me.pending = (position, op.expr, frame, label, location, holder)
            return
        found = opcodes.value(op.expr, frame)
        contents = opcodes.contents_id(found)
        if not opcodes.shown(found) and contents is None:
            return  # a function, a module, a method: not data
        value = repr(found) if opcodes.shown(found) else None
        # A container read whole (sum(self.balances.values())) is told only as evidence.
        self._note(
            position,
            say("story.read_value", what=label, value=value)
            if value
            else WHOLE + say("story.read", what=label),
        )
        if location is not None:
            self.accesses.append(
                Access(position, me.index, "read", location, label, value, holder, contents)
            )

    def lock_event(self, me, verb: str, lock) -> None:
        """ "takes", "waits_for", "releases" a tracked lock, on the line that did it."""
        where = self._where.get(me.index)
        if where is None or self.stopped:
            return
        last = self.steps[-1] if self.steps else None
        if (
            last is not None
            and last["thread"] == me.index
            and (last["_file"], last["line"]) == where
        ):
            position = len(self.steps) - 1
        else:
            position = self._step(me, *where)
        self._note(position, say("story." + verb, lock=lock.describe()))

    def _step(self, me, file: str, line: int, at: tuple[int, int] | None = None) -> int:
        """The step this event belongs to: the same run of one line by one thread, or a new one."""
        self.names.setdefault(me.index, me.name)
        self._where[me.index] = (file, line)
        last = self.steps[-1] if self.steps else None
        if (
            last is not None
            and last["thread"] == me.index
            and last["line"] == line
            and last["_file"] == file
        ):
            previous = last["_at"]
            # the line runs again (a loop, a second call) when its frame changed or went back
            if at is None or previous is None or (at[0] == previous[0] and at[1] > previous[1]):
                last["_at"] = at or previous
                return len(self.steps) - 1
        code = linecache.getline(file, line).strip()
        self.steps.append(
            {"thread": me.index, "_file": file, "line": line, "code": code, "notes": [], "_at": at}
        )
        return len(self.steps) - 1

    def _note(self, position: int, note: str) -> None:
        notes = self.steps[position]["notes"]
        if note not in notes:
            notes.append(note)


@dataclass
class Story:
    pattern: str | None  # "lost update" | "check-then-act" | "torn read" | None
    sentence: str  # what happened, citing the key lines as file:line
    trace: list[dict]  # the steps shown, as --json gives them
    switches: int  # thread switches in the shrunk schedule


def tell(
    recorder: Recorder,
    switches: int,
    names: dict[int, str],
    prefer: str | None = None,
    deadlock: bool = False,
) -> Story:
    """The story of a recorded run; `prefer` names the pattern a test is about, if shown."""
    steps = recorder.steps
    if not steps:
        return Story(None, "", [], switches)
    recorder.names.update(names)
    shown = [f for f in (_lost_update(recorder), _torn_read(recorder)) if f is not None]
    found = next((f for f in shown if f[0] == prefer), shown[0] if shown else None)
    evidence: list[int] = []
    if deadlock:
        pattern, sentence = None, say("story.deadlock_steps")
        window = list(range(max(0, len(steps) - MAX_STEPS), len(steps)))
    elif found is not None:
        pattern, sentence, evidence = found
        window = _window(len(steps), evidence)
    else:
        pattern = None
        sentence = say("story.generic", switches=switches) if switches else say("story.unforced")
        window = _around_switches(steps)
    trace = [_public(steps[i], names, i in evidence) | {"step": i + 1} for i in window]
    return Story(pattern, sentence, trace, switches)


def _public(step: dict, names: dict[int, str], evidence: bool = False) -> dict:
    valued = [note for note in step["notes"] if not note.startswith(WHOLE)]
    # A container read whole is told only where it is the evidence itself.
    notes = valued if valued or not evidence else [n.lstrip(WHOLE) for n in step["notes"]]
    return {
        "thread": names.get(step["thread"], f"thread {step['thread']}"),
        "file": Path(step["_file"]).name,
        "line": step["line"],
        "code": step["code"],
        "note": "; ".join(notes),
    }


def _cite(recorder: Recorder, position: int) -> str:
    step = recorder.steps[position]
    return f"{Path(step['_file']).name}:{step['line']}"


def _lost_update(recorder: Recorder):
    """A read, another thread's write of the same place, then the first thread's write.

    One pass per place, so a counter touched ten thousand times costs ten thousand steps.
    """
    places: dict[tuple, list[Access]] = {}
    for access in recorder.accesses:
        places.setdefault(access.location, []).append(access)
    best = None
    for sequence in places.values():
        reads: dict[int, list[Access]] = {}  # thread -> its reads since its last write
        writes: list[Access] = []  # every write of this place so far, in order
        for access in sequence:
            if access.kind == "read":
                reads.setdefault(access.thread, []).append(access)
                continue
            mine = reads.pop(access.thread, [])
            if mine:
                at = bisect.bisect_left([w.position for w in writes], mine[0].position)
                other = next((w for w in writes[at:] if w.thread != access.thread), None)
                if other is not None and (best is None or access.position < best[0].position):
                    best = (access, mine, other)
                    break
            writes.append(access)
    if best is None:
        return None
    write, mine, other = best
    a, b = recorder.names.get(write.thread), recorder.names.get(other.thread)
    if mine[-1].position <= other.position:  # it wrote what it had read before the other's write
        sentence = say(
            "story.lost_update",
            a=a,
            b=b,
            what=write.label,
            value=mine[-1].value or "?",
            read=_cite(recorder, mine[-1].position),
            other=_cite(recorder, other.position),
            wrote=_cite(recorder, write.position),
        )
        return "lost update", sentence, [mine[-1].position, other.position, write.position]
    sentence = say(
        "story.check_then_act",
        a=a,
        b=b,
        what=write.label,
        value=mine[0].value or "?",
        check=_cite(recorder, mine[0].position),
        other=_cite(recorder, other.position),
        act=_cite(recorder, write.position),
    )
    return "check-then-act", sentence, [mine[0].position, other.position, write.position]


def _torn_read(recorder: Recorder):
    """A thread read a place while another was between two writes of one object."""
    by_writer: dict[tuple[int, int], list[Access]] = {}  # (holder, thread) -> its writes
    for access in recorder.accesses:
        if access.kind == "write" and access.holder is not None:
            by_writer.setdefault((access.holder, access.thread), []).append(access)
    positions = {key: [w.position for w in writes] for key, writes in by_writer.items()}
    for read in recorder.accesses:
        if read.kind != "read":
            continue
        for holder in {read.contents, read.holder} - {None}:
            for (owner, thread), writes in by_writer.items():
                if owner != holder or thread == read.thread:
                    continue
                at = bisect.bisect_left(positions[(owner, thread)], read.position)
                if 0 < at < len(writes):  # one writer's two writes straddle the read
                    first, second = writes[at - 1], writes[at]
                    sentence = say(
                        "story.torn_read",
                        a=recorder.names.get(read.thread),
                        b=recorder.names.get(thread),
                        what=read.label,
                        read=_cite(recorder, read.position),
                        first=_cite(recorder, first.position),
                        second=_cite(recorder, second.position),
                    )
                    return "torn read", sentence, [first.position, read.position, second.position]
    return None


def _window(count: int, evidence: list[int]) -> list[int]:
    """The evidence steps with a little context, at most MAX_STEPS of them."""
    first, last = min(evidence), max(evidence)
    chosen = set(range(max(0, first - 2), min(count, last + 2)))
    if len(chosen) > MAX_STEPS:
        chosen = {p for e in evidence for p in range(e - 1, e + 2) if 0 <= p < count}
        chosen |= set(range(max(0, first - 2), first))
    return sorted(chosen)[:MAX_TRACE]


def _around_switches(steps: list[dict]) -> list[int]:
    switches = [k for k in range(1, len(steps)) if steps[k]["thread"] != steps[k - 1]["thread"]]
    if not switches:
        return list(range(max(0, len(steps) - MAX_STEPS), len(steps)))
    first, last = switches[0], switches[-1]
    window = list(range(max(0, first - 3), min(len(steps), last + 4)))
    if len(window) > MAX_STEPS:
        window = window[: MAX_STEPS // 2] + window[-(MAX_STEPS // 2) :]
    return window


def render(trace: list[dict]) -> list[str]:
    """The trace as aligned text lines (terminal, Markdown, Gradescope, nbgrader)."""
    if not trace:
        return []
    who = max(len(step["thread"]) for step in trace)
    where = max(len(f"{step['file']}:{step['line']}") for step in trace)
    code = min(max(len(step["code"]) for step in trace), 44)
    lines = []
    previous = None
    for step in trace:
        number = step.get("step")
        if previous is not None and isinstance(number, int) and number > previous + 1:
            lines.append(say("story.elided", count=number - previous - 1))
        previous = number if isinstance(number, int) else None
        place = f"{step['file']}:{step['line']}"
        text = step["code"] if len(step["code"]) <= 44 else step["code"][:41] + "..."
        note = f"  [{step['note']}]" if step["note"] else ""
        lines.append(f"{step['thread']:<{who}} | {place:<{where}}  {text:<{code}}{note}")
    return lines
