"""The examples in README.md and docs/*.md stay true.

Convention: a fenced block preceded by the line ``<!-- run -->`` is executed.

- ```` ```python ```` blocks of one file run in order in one shared namespace
  (like a doctest session), with the working directory a scratch copy of the
  repository's ``examples/``;
- ```` ```sh ```` blocks must hold only ``cleanscrape ...`` lines (comments
  allowed); each line runs the command in-process and must exit 0.

Unmarked ```` ```python ```` blocks are still compiled, so they cannot rot into
syntax errors. Blocks that need the network or an install stay unmarked.
"""

from __future__ import annotations

import re
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from cleanscrape.cli import main

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
RUN_MARKER = "<!-- run -->"
_FENCE = re.compile(r"^```(\w*)\s*$")
# Linked from the README but written by other work in progress.
_PENDING_LINKS = {"docs/benchmarks.md"}


@dataclass(frozen=True)
class Block:
    path: Path
    line: int
    language: str
    code: str
    runnable: bool


def _blocks(path: Path) -> list[Block]:
    lines = path.read_text(encoding="utf-8").splitlines()
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        match = _FENCE.match(lines[index])
        if match is None:
            index += 1
            continue
        start = index
        index += 1
        body: list[str] = []
        while index < len(lines) and lines[index].strip() != "```":
            body.append(lines[index])
            index += 1
        runnable = start > 0 and lines[start - 1].strip() == RUN_MARKER
        blocks.append(Block(path, start + 1, match.group(1), "\n".join(body) + "\n", runnable))
        index += 1
    return blocks


def _id(path: Path) -> str:
    return str(path.relative_to(ROOT))


ALL_BLOCKS = [block for path in DOCS for block in _blocks(path)]
PYTHON_BLOCKS = [block for block in ALL_BLOCKS if block.language == "python"]
RUNNABLE_FILES = sorted({block.path for block in ALL_BLOCKS if block.runnable})


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(blocks: list[Block]) -> None:
    namespace: dict[str, object] = {"__name__": "__docs__"}
    for block in blocks:
        where = f"{_id(block.path)}:{block.line}"
        if block.language == "python":
            exec(compile(block.code, where, "exec"), namespace)
        elif block.language == "sh":
            for line in block.code.splitlines():
                argv = shlex.split(line, comments=True)
                if not argv:
                    continue
                assert argv[0] == "cleanscrape", f"{where}: only cleanscrape lines can run: {line}"
                assert main(argv[1:]) == 0, f"{where}: {line}"
        else:
            raise AssertionError(f"{where}: cannot run a {block.language!r} block")


@pytest.mark.parametrize(
    "block", PYTHON_BLOCKS, ids=[f"{_id(b.path)}:{b.line}" for b in PYTHON_BLOCKS]
)
def test_python_block_compiles(block: Block) -> None:
    compile(block.code, f"{_id(block.path)}:{block.line}", "exec")


@pytest.mark.parametrize("path", RUNNABLE_FILES, ids=[_id(p) for p in RUNNABLE_FILES])
def test_runnable_examples_run(path: Path, scratch: Path) -> None:
    _run([block for block in _blocks(path) if block.runnable])


@pytest.mark.parametrize("name", ["README.md", "docs/quickstart.md", "docs/api.md", "docs/cli.md"])
def test_user_docs_have_runnable_examples(name: str) -> None:
    assert any(block.runnable for block in _blocks(ROOT / name))


def test_readme_python_example_prints_what_its_comments_say(
    scratch: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = [b for b in _blocks(ROOT / "README.md") if b.runnable and b.language == "python"]
    assert len(readme) == 1
    _run(readme)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Harbour's last ferry crew signs off after 40 years"
    assert lines[1] == "['Jane Doe']"


def test_readme_first_command_names_a_bundled_page() -> None:
    first = next(b for b in _blocks(ROOT / "README.md") if b.language == "sh")
    assert "cleanscrape examples/article.html" in first.code
    assert (ROOT / "examples" / "article.html").is_file()


@pytest.mark.parametrize("path", DOCS, ids=[_id(p) for p in DOCS])
def test_relative_links_point_to_existing_files(path: Path) -> None:
    # Links inside code spans and fenced blocks are examples, not links.
    text = re.sub(r"```.*?```|`[^`\n]*`", "", path.read_text(encoding="utf-8"), flags=re.S)
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
        if "://" in target or target.startswith("mailto:"):
            continue
        resolved = (path.parent / target).resolve()
        if _id(resolved) in _PENDING_LINKS:
            continue
        assert resolved.exists(), f"{_id(path)} links to missing {target}"
