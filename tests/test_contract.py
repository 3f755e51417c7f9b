"""Does every grader check the whole of its exercise's contract?

`tests/CURRICULUM.md` is the product contract (names and behaviour fixed
for instructors). Each grader's docstring carries a checklist: every
requirement of its exercise's section, quoted, with the grader tests that
establish it and the corpus mutants that break it, or "not checked:" and why
(a sentence that no behaviour can show). This test proves the mapping is
complete and true: every sentence of the section is quoted (most of its
words), every quote is the contract's own text, every test named exists and
every test of the grader is named, and every mutant named exists and is
expected to fail one of the tests its requirement names.

    Contract:
    - "start one `threading.Thread` per `(func, args)`"
      -> test_each_call_runs_in_its_own_thread [one_thread_for_all]
    - "Tasks do not raise" -> not checked: a promise about the grader's own inputs
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from graders import catalogue

CONTRACT = Path(__file__).parent / "CURRICULUM.md"
CORPUS = Path(__file__).parent / "corpus"
COVERED = 0.8  # share of a sentence's characters that its quotes must cover
BULLET = re.compile(r'^- "(?P<quote>.*)"\s*->\s*(?P<rest>.+)$', re.DOTALL)
CHECKED = re.compile(r"^(?P<tests>[\w ,]+?)\s*\[(?P<mutants>[\w ,]+)\]$")
NOT_CHECKED = re.compile(r"^not checked:\s*(?P<why>\S+(?:\s+\S+){2,})$")
EXPECT = re.compile(r"^expect:\s*(\w+)(?:\[[^\]]*\])?\s*\|", re.MULTILINE)  # test_x[2-3] is test_x


def _flat(text: str) -> str:
    return " ".join(text.split())


def section(exercise_id: str) -> str:
    """The exercise's section of the contract, as one line of text."""
    lines = CONTRACT.read_text(encoding="utf-8").splitlines()
    start = lines.index(f"### {exercise_id}") + 1
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("#")), len(lines))
    # A list item ends its sentence where it ends.
    body = [re.sub(r"^- ", "\n", line) for line in lines[start:end]]
    return "\n".join(body)


def sentences(exercise_id: str) -> list[str]:
    found = []
    for block in section(exercise_id).split("\n\n"):
        for item in re.split(r"\n(?=\n)|^\n", block):
            text = _flat(item).replace("e.g. ", "e.g.\0").replace("i.e. ", "i.e.\0")
            for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z`\"(])", text):
                sentence = sentence.replace("\0", " ").strip()
                if sentence:
                    found.append(sentence)
    return found


def checklist(exercise: catalogue.Exercise) -> list[tuple[str, str]]:
    """(quote, what checks it) for each bullet of the grader's `Contract:` list."""
    docstring = ast.get_docstring(ast.parse(exercise.grader.read_text(encoding="utf-8")))
    lines = docstring.splitlines()
    assert "Contract:" in lines, f"{exercise.grader.name}: no `Contract:` checklist"
    bullets: list[str] = []
    for line in lines[lines.index("Contract:") + 1 :]:
        if not line.strip():
            break
        if line.startswith("- "):
            bullets.append(line)
        else:
            assert bullets, f"{exercise.grader.name}: checklist text before its first bullet"
            bullets[-1] += " " + line.strip()
    parsed = []
    for bullet in bullets:
        match = BULLET.match(bullet)
        assert match, f'{exercise.grader.name}: not `- "quote" -> ...`: {bullet}'
        parsed.append((_flat(match["quote"]), match["rest"].strip()))
    return parsed


def grader_tests(exercise: catalogue.Exercise) -> set[str]:
    tree = ast.parse(exercise.grader.read_text(encoding="utf-8"))
    return {
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
    }


EXERCISES = [pytest.param(e, id=e.id) for e in catalogue.EXERCISES]


@pytest.mark.parametrize("exercise", EXERCISES)
def test_every_quote_is_the_contracts_own_text(exercise):
    text = _flat(section(exercise.id))
    wrong = [quote for quote, _ in checklist(exercise) if quote not in text]
    assert not wrong, f"{exercise.id}: not in the contract's words: {wrong}"


@pytest.mark.parametrize("exercise", EXERCISES)
def test_every_sentence_of_the_contract_is_in_the_checklist(exercise):
    quotes = [quote for quote, _ in checklist(exercise)]
    missing = []
    for sentence in sentences(exercise.id):
        covered = [False] * len(sentence)
        for quote in quotes:
            start = sentence.find(quote)
            while start >= 0:
                covered[start : start + len(quote)] = [True] * len(quote)
                start = sentence.find(quote, start + 1)
        chars = [c for c, ch in zip(covered, sentence, strict=True) if not ch.isspace()]
        if sum(chars) < COVERED * len(chars):
            missing.append(sentence)
    assert not missing, f"{exercise.id}: sentences of the contract no bullet quotes: {missing}"


@pytest.mark.parametrize("exercise", EXERCISES)
def test_every_requirement_names_its_tests_and_a_mutant_that_breaks_it(exercise):
    tests = grader_tests(exercise)
    named: set[str] = set()
    problems = []
    for quote, rest in checklist(exercise):
        if NOT_CHECKED.match(rest):
            continue
        match = CHECKED.match(rest)
        if not match:
            problems.append(f"{quote!r}: `-> tests [mutants]` or `-> not checked: why`")
            continue
        wanted = {name.strip() for name in match["tests"].split(",")}
        named |= wanted
        problems += [f"{quote!r}: no test {name}" for name in wanted - tests]
        for mutant in (name.strip() for name in match["mutants"].split(",")):
            path = CORPUS / exercise.id / "mutants" / f"{mutant}.py"
            if not path.is_file():
                problems.append(f"{quote!r}: no mutant {mutant}")
            elif not wanted & set(EXPECT.findall(path.read_text(encoding="utf-8"))):
                problems.append(f"{quote!r}: mutant {mutant} expects none of {sorted(wanted)}")
    problems += [f"{name} checks no requirement" for name in sorted(tests - named)]
    assert not problems, f"{exercise.id}:\n" + "\n".join(problems)


def test_sentences_are_split_as_written():
    """The splitter keeps abbreviations and ends list items (checked on real sections)."""
    a02 = sentences("aio/a02_async_fetcher")
    assert any(s.startswith("At most `limit` requests in flight") for s in a02)
    assert any('e.g. `"HTTP 404"`' in s for s in a02)
    assert sentences("threads/t01_start_join")[0].startswith("`run_all(tasks")
