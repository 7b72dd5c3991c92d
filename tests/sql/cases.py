"""Reading tests/sql/cases/*.sql: the case format is described in README.md."""

import re
from dataclasses import dataclass, field
from pathlib import Path

DIRECTIVE = re.compile(r"^--\s*(case|setup|test|divergence|skip|unordered|ordered)\b:?\s*(.*)$",
                       re.IGNORECASE)


@dataclass
class Case:
    file: Path
    line: int
    name: str
    preamble: list[str] = field(default_factory=list)
    setup: list[str] = field(default_factory=list)
    test: list[str] = field(default_factory=list)
    divergence: str | None = None
    skip: str | None = None
    order: str = "auto"  # auto (ordered iff ORDER BY), ordered, unordered

    @property
    def id(self) -> str:
        return f"{self.file.stem}/{self.name}"


def split_statements(text: str) -> list[str]:
    """Split SQL text at top-level semicolons, respecting '...', E'...', "...", $tag$...$tag$,
    -- and /* */ comments. Statements that hold only comments or whitespace are dropped."""
    statements, start, i, n = [], 0, 0, len(text)
    while i < n:
        c = text[i]
        if c == "'":
            escapes = i > 0 and text[i - 1] in "eE" and (i < 2 or not (text[i - 2].isalnum()
                                                                      or text[i - 2] == "_"))
            i += 1
            while i < n:
                if escapes and text[i] == "\\":
                    i += 2
                    continue
                if text[i] == "'":
                    if i + 1 < n and text[i + 1] == "'":
                        i += 2
                        continue
                    break
                i += 1
        elif c == '"':
            i = text.find('"', i + 1)
            i = n if i < 0 else i
        elif c == "-" and text.startswith("--", i):
            i = text.find("\n", i)
            i = n if i < 0 else i
        elif c == "/" and text.startswith("/*", i):
            i = text.find("*/", i + 2)
            i = n if i < 0 else i + 1
        elif c == "$":
            m = re.match(r"\$([A-Za-z_][A-Za-z0-9_]*)?\$", text[i:])
            if m and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
                tag = m.group(0)
                end = text.find(tag, i + len(tag))
                i = n if end < 0 else end + len(tag) - 1
        elif c == ";":
            statements.append(text[start:i + 1])
            start = i + 1
        i += 1
    statements.append(text[start:])
    return [s.strip() for s in statements if _has_code(s)]


def _has_code(sql: str) -> bool:
    without_comments = re.sub(r"--[^\n]*", "", sql)
    without_comments = re.sub(r"/\*.*?\*/", "", without_comments, flags=re.S)
    return without_comments.strip(" \t\r\n;") != ""


def parse_file(path: Path) -> list[Case]:
    preamble_lines: list[str] = []
    cases: list[Case] = []
    current: Case | None = None
    section = "test"
    buffers: dict[str, list[str]] = {}

    def finish():
        if current is not None:
            current.setup = split_statements("".join(buffers["setup"]))
            current.test = split_statements("".join(buffers["test"]))
            if not current.test:
                raise ValueError(f"{path}:{current.line}: case {current.name!r} has no statements")
            cases.append(current)

    for lineno, line in enumerate(path.read_text().splitlines(keepends=True), 1):
        m = DIRECTIVE.match(line.strip())
        if m:
            word, arg = m.group(1).lower(), m.group(2).strip()
            if word == "case":
                finish()
                if not re.fullmatch(r"[A-Za-z0-9_]+", arg):
                    raise ValueError(f"{path}:{lineno}: case names are [A-Za-z0-9_]+: {arg!r}")
                current = Case(path, lineno, arg)
                buffers = {"setup": [], "test": []}
                section = "test"
                continue
            if current is None:
                raise ValueError(f"{path}:{lineno}: '-- {word}' before the first '-- case:'")
            if word in ("setup", "test"):
                section = word
            elif word in ("divergence", "skip"):
                if not arg:
                    raise ValueError(f"{path}:{lineno}: '-- {word}:' needs a reason")
                setattr(current, word, arg)
            else:
                current.order = word
            continue
        if current is None:
            preamble_lines.append(line)
        else:
            buffers[section].append(line)
    finish()

    preamble = split_statements("".join(preamble_lines))
    names = set()
    for case in cases:
        if case.name in names:
            raise ValueError(f"{path}:{case.line}: duplicate case name {case.name!r}")
        names.add(case.name)
        case.preamble = preamble
    return cases


def load_cases(paths: list[Path]) -> list[Case]:
    files: list[Path] = []
    for p in paths:
        files.extend(sorted(p.glob("*.sql")) if p.is_dir() else [p])
    cases: list[Case] = []
    for f in files:
        cases.extend(parse_file(f))
    return cases
