"""YAML → plain data plus a source position for every node; never raises on bad input.

PyYAML's own loaders are not used to build data: they silently keep the last of two equal
keys, turn `no`, `on`, `2024-05-31` and `1.10` into booleans, dates and floats, and expand
aliases without limit. Here libyaml (or the pure parser) only composes the node tree, with
a resolver of our own that resolves nothing, and `_Builder` turns nodes into data.
"""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple, cast

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver, Resolver

from .findings import Finding
from .limits import format_size

PathKey = tuple[str | int, ...]

MAX_DEPTH = 64
# Nodes that alias expansion may add: a real plan needs a handful, a "billion laughs"
# document needs billions.
MAX_ALIAS_NODES = 10_000

_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {f"{_TAG}{t}" for t in ("str", "int", "bool", "null", "map", "seq")}

# YAML 1.2 core schema, the only implicit types a plan uses (booleans for flags, integers
# where a schema asks for one). Everything else plain is text, as written.
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$")

_KIND_BY_TAG = {
    f"{_TAG}bool": "a boolean",
    f"{_TAG}int": "a number",
    f"{_TAG}float": "a number",
    f"{_TAG}timestamp": "a date",
    f"{_TAG}null": "null (nothing)",
}


class _NoImplicitResolver(BaseResolver):
    # Own empty tables, so that nothing registered on PyYAML's classes reaches us.
    yaml_implicit_resolvers = {}  # noqa: RUF012
    yaml_path_resolvers = {}  # noqa: RUF012

    # The parser asks these for every node; with nothing to resolve, answer at once (the
    # inherited versions walk empty tables, a fifth of the time of composing a large plan).
    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        if kind is ScalarNode:
            return BaseResolver.DEFAULT_SCALAR_TAG
        if kind is SequenceNode:
            return BaseResolver.DEFAULT_SEQUENCE_TAG
        return BaseResolver.DEFAULT_MAPPING_TAG

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


_yaml11 = Resolver()  # only asked what a YAML 1.1 reader would make of a plain scalar
# The first characters of anything a YAML 1.1 reader resolves implicitly: a plain scalar
# that starts otherwise ("Nära vård", "id") is text there too, and is not asked about.
_YAML11_FIRST = frozenset(ch for ch in Resolver.yaml_implicit_resolvers if ch) | {""}
# The first characters of a plain null, boolean or number as read here (YAML 1.2 core).
_MAYBE_TYPED = frozenset("~0123456789+-.nNtTfF") | {""}
_STR = "tag:yaml.org,2002:str"
# Where an anchor (&a) or an alias (*a) could stand: after a space, an indicator or the start
# of a line. Plan text may trip it ("*) fotnot"); that only costs memory, not correctness.
_MAY_ALIAS = re.compile(r"(?:^|[\s\[{,:-])[&*][^\s,\[\]{}]", re.M)
_MAY_ALIAS_BYTES = re.compile(_MAY_ALIAS.pattern.encode("ascii"), re.M)


def _as_text(text: str | bytes) -> str:
    return text.decode("utf-8", "replace") if isinstance(text, bytes) else text


class PurePythonComposer(
    yaml.reader.Reader,
    yaml.scanner.Scanner,
    yaml.parser.Parser,
    yaml.composer.Composer,
    _NoImplicitResolver,
):
    """Composes with PyYAML's pure-Python parser: the fallback where libyaml is missing."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        _NoImplicitResolver.__init__(self)


Composer: type = PurePythonComposer
try:
    from yaml.cyaml import CParser  # type: ignore[attr-defined]

    class LibyamlComposer(CParser, _NoImplicitResolver):
        """Composes with libyaml's C parser: several times faster, same nodes and marks."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _NoImplicitResolver.__init__(self)

    Composer = LibyamlComposer
except ImportError:
    pass


class Pos(NamedTuple):
    line: int
    column: int


@dataclass
class Document:
    """One plan file: its data, where each node stands, and what went wrong reading it."""

    path: str
    data: Any = None
    # (line, column) per path: plain tuples, many thousands of them, made as cheaply as can be.
    values: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    keys: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    # Every text value with its path, gathered while building: the text checks read these
    # instead of walking the data again.
    texts: list[tuple[PathKey, str]] = field(default_factory=list)

    def pos(self, path: PathKey) -> Pos:
        """Where the value at `path` starts, or its nearest ancestor that exists."""
        while path not in self.values and path:
            path = path[:-1]
        return Pos(*self.values.get(path, (1, 1)))

    def key_pos(self, path: PathKey) -> Pos:
        """Where the key of the mapping entry at `path` stands (its value's place otherwise)."""
        found = self.keys.get(path)
        return Pos(*found) if found else self.pos(path)

    def finding(self, pos: Pos, severity: str, code: str, message: str) -> Finding:
        return Finding(self.path, pos.line, pos.column, severity, code, message)  # type: ignore[arg-type]


class _Stop(Exception):
    def __init__(self, node: Node, code: str, message: str) -> None:
        self.node, self.code, self.message = node, code, message


def _pos(node: Any) -> Pos:
    """Where a node or an event starts, 1-based."""
    return Pos(node.start_mark.line + 1, node.start_mark.column + 1)


class _Builder:
    """Data from libyaml's node tree: for files with anchors and aliases, which a node
    tree resolves (and whose expansion it must bound)."""

    def __init__(self, doc: Document, floats: bool) -> None:
        self.doc = doc
        self.values, self.keys, self.texts = doc.values, doc.keys, doc.texts
        self.floats = floats
        self.seen: set[int] = set()
        self.alias_budget = MAX_ALIAS_NODES

    def build(self, node: Node, path: PathKey, depth: int, aliased: bool = False) -> Any:
        if depth > MAX_DEPTH:
            raise _Stop(
                node,
                "OMST007",
                f"nesting is deeper than {MAX_DEPTH} levels"
                + (" (a recursive alias)" if aliased else ""),
            )
        if id(node) in self.seen:
            aliased = True
        else:
            self.seen.add(id(node))
        if aliased:
            self.alias_budget -= 1
            if self.alias_budget < 0:
                raise _Stop(
                    node,
                    "OMST007",
                    f"aliases expand to more than {MAX_ALIAS_NODES} nodes (an alias bomb?)",
                )
        mark = node.start_mark
        self.values[path] = (mark.line + 1, mark.column + 1)
        if node.tag not in _ALLOWED_TAGS:
            raise _Stop(
                node,
                "OMST006",
                f"the tag {_short_tag(node.tag)} is not allowed in "
                "a plan file: plans hold only text, lists and mappings",
            )
        if isinstance(node, ScalarNode):
            value = self.scalar(node)
            if type(value) is str:
                self.texts.append((path, value))
            return value
        if isinstance(node, SequenceNode):
            return [
                self.build(item, (*path, i), depth + 1, aliased)
                for i, item in enumerate(node.value)
            ]
        return self.mapping(cast(MappingNode, node), path, depth, aliased)

    def mapping(self, node: MappingNode, path: PathKey, depth: int, aliased: bool) -> Any:
        data: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise _Stop(key_node, "OMST004", "a key must be plain text, not a list or mapping")
            key_path = self.key(key_node, key_node.tag, data, path)
            if key_path is not None:
                data[key_node.value] = self.build(value_node, key_path, depth + 1, aliased)
        return data

    def key(self, source: Any, tag: str, data: dict[str, Any], path: PathKey) -> PathKey | None:
        """A mapping key (node or event; `tag` as resolved) checked and placed: its path, or
        None for a duplicate, which is reported and whose value is not to be built."""
        if tag not in _ALLOWED_TAGS:
            raise _Stop(
                source,
                "OMST006",
                f"the tag {_short_tag(tag)} is not allowed in a "
                "plan file: plans hold only text, lists and mappings",
            )
        key = source.value
        if key == "<<" and not source.style:
            raise _Stop(
                source,
                "OMST006",
                "merge keys (<<) are not supported in plan files: write the entries out",
            )
        if not source.style and key[:1] in _YAML11_FIRST:
            self.warn_yaml11(source, key, is_key=True)
        key_path = (*path, key)
        if key in data:
            first = self.keys[key_path]
            self.doc.findings.append(
                self.doc.finding(
                    _pos(source),
                    "error",
                    "OMST005",
                    f"duplicate key '{key}' (first at line {first[0]}); YAML would silently keep "
                    "only the last one",
                )
            )
            return None
        mark = source.start_mark
        self.keys[key_path] = (mark.line + 1, mark.column + 1)
        return key_path

    def scalar(self, node: ScalarNode) -> Any:
        return self.scalar_value(node, node.tag)

    def scalar_value(self, node: Any, tag: str) -> Any:
        """A scalar node or event as data; `tag` is its tag as resolved (plain: str)."""
        value = node.value
        if tag != _STR:
            return _explicit(node)
        if node.style:  # quoted or block: always text
            return value
        first = value[:1]
        if first not in _MAYBE_TYPED:  # plain text such as "Nära vård": most scalars
            if first in _YAML11_FIRST:
                self.warn_yaml11(node, value)
            return value
        if _NULL.match(value):
            return None
        if value in _BOOL:
            return _BOOL[value]
        if _INT.match(value):
            return int(value)
        if self.floats and _FLOAT.match(value):
            return float(value)
        if value[:1] in _YAML11_FIRST:
            self.warn_yaml11(node, value)
        return value

    def warn_yaml11(self, node: ScalarNode, value: str, is_key: bool = False) -> None:
        tag = _yaml11.resolve(ScalarNode, value, (True, False))
        kind = _KIND_BY_TAG.get(tag)
        # A plain integer value becomes an int here too (and the schema says if text was
        # meant); a key is always text here, so there the integer is a surprise as well.
        if kind and (is_key or not _INT.match(value)):
            what = "key" if is_key else "value"
            self.doc.findings.append(
                self.doc.finding(
                    _pos(node),
                    "warning",
                    "OMST009",
                    f"{what} '{value}' is read as text here, but YAML 1.1 tools read it as "
                    f'{kind}: quote it ("{value}")',
                )
            )


class _Aliases(Exception):
    """An anchor or alias after all: the file is read again through the node tree."""


class _EventBuilder(_Builder):
    """Data straight from libyaml's events, without a node tree: half the time of composing
    and building, and no tree held in memory. For files without anchors and aliases (the
    node builder takes the others); it finds what the node builder finds, in the same
    places (tests/test_load.py holds them to each other)."""

    def __init__(self, doc: Document, floats: bool, parser: Any) -> None:
        super().__init__(doc, floats)
        self.next = parser.get_event

    def document(self) -> Any:
        """The one document's data; None with a finding where there is none to build."""
        self.next()  # StreamStart
        start = self.next()
        if type(start) is StreamEndEvent:
            return self._empty()
        root = self.next()
        if (
            type(root) is ScalarEvent
            and not root.style
            and _NULL.match(root.value)
            and root.tag is None
            and root.anchor is None
        ):
            self.next()  # DocumentEnd
            return self._empty() if self._single() else None
        try:
            data = self.value(root, (), 0)
        except _Stop as stop:
            self._drain()  # a YAML error later in the file is what the reader reports
            if self._single():
                self.doc.findings.append(
                    self.doc.finding(_pos(stop.node), "error", stop.code, stop.message)
                )
            return None
        self.next()  # DocumentEnd
        return data if self._single() else None

    def _empty(self) -> None:
        self.doc.findings.append(
            self.doc.finding(
                Pos(1, 1), "error", "OMST003", "file is empty: a plan file holds one YAML mapping"
            )
        )

    def _single(self) -> bool:
        """After the document: the stream's end, or a finding for a second document."""
        event = self.next()
        if type(event) is DocumentStartEvent:
            del self.doc.findings[:]
            self.doc.findings.append(
                self.doc.finding(
                    _pos(event),
                    "error",
                    "OMST008",
                    "a second YAML document ('---'): a plan file holds one document",
                )
            )
            return False
        return True

    def _drain(self) -> None:
        """Read on to the end of the document, so that a syntax error further on is found."""
        depth = 1
        while depth:
            kind = type(self.next())
            if kind in (MappingStartEvent, SequenceStartEvent):
                depth += 1
            elif kind in (MappingEndEvent, SequenceEndEvent):
                depth -= 1
            elif kind is DocumentEndEvent:
                return
        while type(self.next()) is not DocumentEndEvent:
            pass

    def value(self, event: Any, path: PathKey, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise _Stop(event, "OMST007", f"nesting is deeper than {MAX_DEPTH} levels")
        kind = type(event)
        if kind is AliasEvent or event.anchor is not None:
            raise _Aliases
        mark = event.start_mark
        self.values[path] = (mark.line + 1, mark.column + 1)
        tag = event.tag
        if tag is not None and tag != "!" and tag not in _ALLOWED_TAGS:
            raise _Stop(
                event,
                "OMST006",
                f"the tag {_short_tag(tag)} is not allowed in "
                "a plan file: plans hold only text, lists and mappings",
            )
        if kind is ScalarEvent:
            value = self.scalar_value(event, _STR if tag is None or tag == "!" else tag)
            if type(value) is str:
                self.texts.append((path, value))
            return value
        if kind is SequenceStartEvent:
            items: list[Any] = []
            while True:
                item = self.next()
                if type(item) is SequenceEndEvent:
                    return items
                items.append(self.value(item, (*path, len(items)), depth + 1))
        return self.mapping_events(path, depth)

    def mapping_events(self, path: PathKey, depth: int) -> dict[str, Any]:
        data: dict[str, Any] = {}
        while True:
            key_event = self.next()
            kind = type(key_event)
            if kind is MappingEndEvent:
                return data
            if kind is AliasEvent or key_event.anchor is not None:
                raise _Aliases
            if kind is not ScalarEvent:
                raise _Stop(key_event, "OMST004", "a key must be plain text, not a list or mapping")
            tag = key_event.tag
            key_path = self.key(key_event, _STR if tag is None or tag == "!" else tag, data, path)
            if key_path is None:
                self._skip()
            else:
                data[key_event.value] = self.value(self.next(), key_path, depth + 1)

    def _skip(self) -> None:
        """Read past one value without building it."""
        depth = 0
        while True:
            event = self.next()
            kind = type(event)
            if kind is AliasEvent or getattr(event, "anchor", None) is not None:
                raise _Aliases
            if kind in (MappingStartEvent, SequenceStartEvent):
                depth += 1
            elif kind in (MappingEndEvent, SequenceEndEvent):
                depth -= 1
            if depth == 0:
                return


def _plain(node: ScalarNode) -> bool:
    # libyaml marks a plain scalar with style "", the pure parser with None.
    return not node.style


def _explicit(node: ScalarNode) -> Any:
    value = node.value
    if node.tag == f"{_TAG}null":
        return None
    if node.tag == f"{_TAG}bool" and value in _BOOL:
        return _BOOL[value]
    if node.tag == f"{_TAG}int" and _INT.match(value):
        return int(value)
    raise _Stop(node, "OMST004", f"'{value}' is not a valid {_short_tag(node.tag)}")


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag


# YAML's printable set (1.1 § 5.1, as PyYAML's reader checks it), negated.
_NOT_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def _line_col(text: str, index: int) -> Pos:
    before = text[:index]
    return Pos(before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1)


def _yaml_error(doc: Document, text: str, exc: yaml.YAMLError) -> Finding:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if isinstance(exc, yaml.reader.ReaderError):
        # libyaml counts this position in bytes, the pure parser in characters: find the
        # character ourselves.
        bad = _NOT_PRINTABLE.search(text)
        index = bad.start() if bad else exc.position
        code = ord(text[index]) if index < len(text) else 0
        return doc.finding(
            _line_col(text, index),
            "error",
            "OMST004",
            f"control character U+{code:04X} is not allowed in YAML",
        )
    pos = Pos(mark.line + 1, mark.column + 1) if mark else Pos(1, 1)
    problem = getattr(exc, "problem", None) or str(exc)
    if "nesting depth" in problem:
        return doc.finding(
            pos, "error", "OMST007", f"nesting is deeper than YAML reads ({problem})"
        )
    if _tab_at(text, pos) or "tab" in problem.lower():
        problem = "a tab in indentation: YAML indents with spaces only"
    elif "single document" in f"{problem} {getattr(exc, 'context', '')}":
        return doc.finding(
            pos,
            "error",
            "OMST008",
            "a second YAML document ('---'): a plan file holds one document",
        )
    context = getattr(exc, "context", None)
    if context and "tab" not in problem:
        problem = f"{problem} ({context})"
    return doc.finding(pos, "error", "OMST004", f"invalid YAML: {problem}")


def _tab_at(text: str, pos: Pos) -> bool:
    lines = text.splitlines()
    if not 0 < pos.line <= len(lines):
        return False
    line = lines[pos.line - 1]
    return (
        "\t" in line[: len(line) - len(line.lstrip())] or line[pos.column - 1 : pos.column] == "\t"
    )


def too_large(path: str, size: int, limit: int) -> Finding | None:
    """The located reason a file of `size` bytes is not read, if it is over the limit."""
    if size <= limit:
        return None
    return Document(path).finding(
        Pos(1, 1),
        "error",
        "OMST007",
        f"file is larger than {format_size(limit)} "
        f"({format_size(size)}); raise the limit with "
        "--max-file-size or OMST_MAX_FILE_SIZE",
    )


def without_bom(raw: bytes) -> bytes:
    # A UTF-8 BOM: positions count from after it.
    return raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw


def decode(path: str, raw: bytes) -> tuple[str | None, Finding | None]:
    """Bytes → text, or the located reason the file is not a text plan."""
    doc = Document(path)
    raw = without_bom(raw)
    if b"\0" in raw:
        pos = _byte_pos(raw, raw.index(b"\0"))
        return None, doc.finding(
            pos, "error", "OMST002", "binary file (NUL byte): a plan file is UTF-8 text"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        pos = _byte_pos(raw, exc.start)
        return None, doc.finding(
            pos,
            "error",
            "OMST002",
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x}): save the file as UTF-8",
        )
    return text, None


def _byte_pos(raw: bytes, index: int) -> Pos:
    return _line_col(
        raw[:index].decode("utf-8", "replace"), len(raw[:index].decode("utf-8", "replace"))
    )


def parse(path: str, text: str | bytes, floats: bool = False) -> Document:
    """Text → Document; every problem is a finding on the document, nothing is raised.

    With `floats`, a plain decimal such as 16.3 is a number (the förvaltningar's outcomes and
    targets); without, as in the plans, where no number is meant, it is kept as written.
    `text` may be the file's UTF-8 bytes (checked by decode() first): libyaml reads them
    as they are, with the same marks, and no decoded copy of a large file is held."""
    gc_was_enabled = gc.isenabled()
    # Composing and building allocate many objects that all live on: a collection would only
    # walk them again and again (at 100x the plans, four fifths of the time).
    gc.disable()
    try:
        return _parse(path, text, floats)
    finally:
        if gc_was_enabled:
            gc.enable()


def _parse(path: str, text: str | bytes, floats: bool) -> Document:
    if isinstance(text, bytes) and Composer is PurePythonComposer:
        text = text.decode("utf-8")
    may_alias = (
        _MAY_ALIAS_BYTES.search(text) if isinstance(text, bytes) else _MAY_ALIAS.search(text)
    )
    if not may_alias:
        try:
            return _parse_events(path, text, floats)
        except _Aliases:
            pass  # an anchor the quick look missed: read it as a node tree
    return _parse_nodes(path, text, floats)


def _parse_events(path: str, text: str | bytes, floats: bool) -> Document:
    doc = Document(path)
    parser = Composer(text)
    try:
        doc.data = _EventBuilder(doc, floats, parser).document()
    except yaml.YAMLError as exc:
        doc.data = None
        doc.findings[:] = [_yaml_error(doc, _as_text(text), exc)]
    except RecursionError:
        doc.data = None
        doc.findings[:] = [
            doc.finding(Pos(1, 1), "error", "OMST007", "nesting is too deep to read")
        ]
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose:
            dispose()
    return doc


def _parse_nodes(path: str, text: str | bytes, floats: bool) -> Document:
    doc = Document(path)
    try:
        composer = Composer(text)
        try:
            root = composer.get_single_node()
        finally:
            dispose = getattr(composer, "dispose", None)
            if dispose:
                dispose()
    except yaml.YAMLError as exc:
        doc.findings.append(_yaml_error(doc, _as_text(text), exc))
        return doc
    except RecursionError:
        doc.findings.append(
            doc.finding(Pos(1, 1), "error", "OMST007", "nesting is too deep to read")
        )
        return doc
    if root is None or (isinstance(root, ScalarNode) and _plain(root) and _NULL.match(root.value)):
        doc.findings.append(
            doc.finding(
                Pos(1, 1), "error", "OMST003", "file is empty: a plan file holds one YAML mapping"
            )
        )
        return doc
    try:
        doc.data = _Builder(doc, floats).build(root, (), 0)
    except _Stop as stop:
        doc.data = None
        doc.findings.append(doc.finding(_pos(stop.node), "error", stop.code, stop.message))
    except RecursionError:
        doc.data = None
        doc.findings.append(
            doc.finding(Pos(1, 1), "error", "OMST007", "nesting is too deep to read")
        )
    return doc


def path_text(path: PathKey) -> str:
    """("omraden", 1, "namn") → "omraden[1].namn", as messages show a place in the data."""
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
