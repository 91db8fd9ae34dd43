#!/usr/bin/env python3
"""Checks rendered PowerShell scripts without PowerShell (none runs on this project's machines).

For each FILE:
  1. it parses with the tree-sitter PowerShell grammar (PyPI tree-sitter-powershell) with
     no ERROR or MISSING node: balanced blocks, brackets and quotes, well-formed statements;
  2. every $variable is assigned (=, foreach, param) earlier in the file than its first use,
     automatic variables ($_, $true, $null, $env:…) aside;
  3. with --value V (repeatable): V appears only as the exact content of a single-quoted
     (verbatim) string literal, and its first 8 characters never appear elsewhere outside
     such literals or one-line comments: a requester's value can never become code;
  4. PSScriptAnalyzer-style rules that matter for a script mailed to an admin: the file starts
     with a UTF-8 byte order mark (PSUseBOMForUnicodeEncodedFile: Windows PowerShell 5.1 reads a
     BOM-less file in the ANSI code page), `$ErrorActionPreference = 'Stop'` and
     `Set-StrictMode -Version` come before the first command, and no syntax or parameter of
     PowerShell 7 only appears outside strings and comments (`??`, `?.`, `? :`, `&&`, `||`,
     `-Parallel`, `-AsHashtable`, `Join-String`, `$PSStyle`), since the script says 5.1.

The grammar rejects a few valid forms (`Import-Module A, B`), so the templates avoid them.
Usage: check_powershell.py [--value V]... FILE...   Exit 0 when every file passes.
"""
import re
import sys

import tree_sitter_powershell
from tree_sitter import Language, Parser

AUTOMATIC = {"$_", "$true", "$false", "$null", "$psitem", "$args", "$input", "$lastexitcode",
             "$erroractionpreference", "$psversiontable", "$pscmdlet", "$matches", "$error", "$host"}


def nodes(node):
    yield node
    for child in node.children:
        yield from nodes(child)


def verbatim_value(text: str) -> str:
    return text[1:-1].replace("''", "'")


BOM = b"\xef\xbb\xbf"
PS7_ONLY = [(re.compile(rb"\?\?"), "?? (null-coalescing)"), (re.compile(rb"\?\."), "?. (null-conditional)"),
            (re.compile(rb"(?<![|\w])\s\?\s"), "? : (ternary)"), (re.compile(rb"&&"), "&& (pipeline chain)"),
            (re.compile(rb"\|\|"), "|| (pipeline chain)"), (re.compile(rb"-Parallel\b", re.I), "-Parallel"),
            (re.compile(rb"-AsHashtable\b", re.I), "ConvertFrom-Json -AsHashtable"),
            (re.compile(rb"\bJoin-String\b", re.I), "Join-String"), (re.compile(rb"\$PSStyle\b", re.I), "$PSStyle")]


def analyzer_rules(path, source, tree):
    problems = []
    if not source.startswith(BOM):
        problems.append(f"{path}: no UTF-8 byte order mark (Windows PowerShell 5.1 would read it in the ANSI code page)")
    # The tree's byte offsets are those of the text it parsed: the file without its BOM.
    source = source[len(BOM):] if source.startswith(BOM) else source
    blanked = bytearray(source)
    for node in nodes(tree.root_node):
        if node.type == "comment" or "string" in node.type:
            blanked[node.start_byte:node.end_byte] = b" " * (node.end_byte - node.start_byte)
    for pattern, name in PS7_ONLY:
        for found in pattern.finditer(bytes(blanked)):
            line = source[:found.start()].count(b"\n") + 1
            problems.append(f"{path}:{line}: PowerShell 7 only: {name}")
    text = bytes(blanked).decode("utf-8", "replace")
    first_function = text.find("function ")
    for rule, needle in (("$ErrorActionPreference = 'Stop'", "$ErrorActionPreference = 'Stop'"), ("Set-StrictMode", "Set-StrictMode -Version")):
        at = source.decode("utf-8", "replace").find(needle)
        if at < 0 or (first_function >= 0 and at > first_function):
            problems.append(f"{path}: {rule} missing before the first function")
    return problems


def check(path: str, values: list[str]) -> list[str]:
    source = open(path, "rb").read()
    tree = Parser(Language(tree_sitter_powershell.language())).parse(source[len(BOM):] if source.startswith(BOM) else source)
    problems = analyzer_rules(path, source, tree)
    source = source[len(BOM):] if source.startswith(BOM) else source
    for node in nodes(tree.root_node):
        if node.type == "ERROR" or node.is_missing:
            line = node.start_point[0] + 1
            snippet = source[node.start_byte:node.end_byte][:60].decode("utf-8", "replace")
            problems.append(f"{path}:{line}: does not parse: {snippet!r}")
    assigned = set()
    for node in nodes(tree.root_node):
        if node.type == "left_assignment_expression":
            for inner in nodes(node):
                if inner.type == "variable":
                    assigned.add(inner.text.decode().lower())
        elif node.type in ("foreach_statement", "script_parameter"):
            for child in node.children:
                if child.type == "variable":
                    assigned.add(child.text.decode().lower())
        elif node.type == "variable":
            name = node.text.decode().lower()
            scoped = name.split(":", 1)[0] in ("$env", "$script", "$global", "$using")
            if name not in assigned and name not in AUTOMATIC and not scoped:
                problems.append(f"{path}:{node.start_point[0] + 1}: {node.text.decode()} is used before it is assigned")
                assigned.add(name)
    literals = [n for n in nodes(tree.root_node) if n.type == "verbatim_string_characters"]
    comments = [n for n in nodes(tree.root_node) if n.type == "comment"]
    inside = [(n.start_byte, n.end_byte) for n in literals + comments]
    for value in values:
        contents = [verbatim_value(n.text.decode("utf-8")) for n in literals]
        if value not in contents:
            problems.append(f"{path}: {value!r} is not the content of any single-quoted string")
        marker = value[:8].encode("utf-8")
        start = 0
        while (found := source.find(marker, start)) >= 0:
            if not any(a <= found and found + len(marker) <= b for a, b in inside):
                line = source[:found].count(b"\n") + 1
                problems.append(f"{path}:{line}: {value[:8]!r} appears outside a single-quoted string")
            start = found + 1
    return problems


def main(argv: list[str]) -> int:
    values, files = [], []
    index = 0
    while index < len(argv):
        if argv[index] == "--value":
            values.append(argv[index + 1])
            index += 2
        else:
            files.append(argv[index])
            index += 1
    problems = [p for path in files for p in check(path, values)]
    for problem in problems:
        print(problem)
    print(f"checked {len(files)} file(s): {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
