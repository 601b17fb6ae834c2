"""The ``coprodoc`` command: init, check, demo.

Written for people who are not Sphinx experts: every message says what
happened and what to do next, in plain words.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coprodoc import __version__

if TYPE_CHECKING:
    from coprodoc.findings import Finding, Target

EXIT_CLEAN, EXIT_FINDINGS, EXIT_SETUP = 0, 1, 2


# -- init --------------------------------------------------------------------


def ask_title(folder: Path, quiet: bool) -> str:
    """The policy's title: asked for when someone is at the keyboard, else
    made from the folder's name (or a plain default), and said so."""
    from coprodoc.init_site import DEFAULT_TITLE, clean_title, project_name

    derived = project_name(folder)
    suggested = derived or DEFAULT_TITLE
    if sys.stdin.isatty() and sys.stdout.isatty() and not quiet:
        try:
            answer = input(f"What is the policy called? [{suggested}] ")
        except EOFError:
            answer = ""
        return clean_title(answer) or suggested
    if not quiet:
        where = "made from the folder's name" if derived else "a placeholder"
        print(
            f"Title: {suggested} ({where}; give your own with --title, or change "
            "it later in conf.py and index.md)"
        )
    return suggested


def init(folder: Path, force: bool, quiet: bool, title: str | None = None) -> int:
    from coprodoc.init_site import clean_title, plan, write

    site = plan(folder)
    if site.blocked or (site.existing and not force):
        print(
            f"coprodoc init: stopped, nothing was changed in {folder}:",
            file=sys.stderr,
        )
        for reason in site.blocked:
            print(f"  {reason}", file=sys.stderr)
        for name in site.existing:
            print(f"  {name} is already there", file=sys.stderr)
        if not site.blocked:
            print(
                "Move them away, or run again with --force to replace them "
                "(a copy of each is kept as NAME.bak).",
                file=sys.stderr,
            )
        return EXIT_FINDINGS
    if title is None or not clean_title(title):
        title = ask_title(folder, quiet)
    written = write(site, force, title)
    if not quiet:
        print(f"Started a policy site in {folder}:")
        for name in written:
            print(f"  {name}")
        print(
            "Next:\n"
            "  - add the people who help to contributors.yaml;\n"
            "  - agree with the group how you handle disagreement (the "
            "proposal in conf.py, shown as not agreed yet until you add the "
            "day it was agreed);\n"
            "  - write your policy in index.md, check it, and build it:\n"
            f"      coprodoc check {folder}\n"
            f"      sphinx-build -W -b html {folder} {folder / '_build' / 'html'}"
        )
    return EXIT_CLEAN


# -- check -------------------------------------------------------------------


def check(args: argparse.Namespace) -> int:
    from coprodoc.findings import format_findings, targets

    sites, problems, outside = targets(args.paths or [Path(".")])
    for problem in problems:
        print(f"coprodoc check: {problem}", file=sys.stderr)
    if problems:
        return EXIT_SETUP
    if outside and not args.quiet:
        names = ", ".join(str(path) for path in outside)
        print(
            f"coprodoc check: not part of a policy site (no conf.py above them), "
            f"so not checked: {names}",
            file=sys.stderr,
        )
    output: list[str] = []
    findings: list[Finding] = []
    for target in sites:
        found = check_site(target, args)
        if isinstance(found, int):
            return found
        findings += found
        output.append(format_findings(found, args.format, target.site))
    if args.format == "json":  # one list, whatever the number of sites
        output = [format_findings(findings, "json", Path("."))]
    text = "\n".join(part for part in output if part)
    if text:
        print(text)
    return summarise(findings, args)


def check_site(target: Target, args: argparse.Namespace) -> list[Finding] | int:
    """The findings of one site, or the exit code of a set-up problem."""
    from coprodoc.findings import read_site

    source = target.site
    changed: frozenset[Path] | None = None
    if args.changed_since:
        from coprodoc import gitrepo

        try:
            changed = frozenset(gitrepo.changed_files(source, args.changed_since))
        except gitrepo.GitError:
            print(
                f"coprodoc check: could not list the files changed since "
                f"{args.changed_since!r} (is this a git repository, and does that "
                "ref exist?)",
                file=sys.stderr,
            )
            return EXIT_SETUP
    if not args.quiet:
        print(f"Checking the policy site in {source} ...", file=sys.stderr)
    try:
        return read_site(source, args.verbose, target.files, changed)
    except Exception as exc:  # Sphinx set-up problems: say so, in plain words
        print(f"coprodoc check: the site could not be read: {exc}", file=sys.stderr)
        return EXIT_SETUP


def summarise(findings: list[Finding], args: argparse.Namespace) -> int:
    """Say how many things there are to look at; the exit code."""
    order = {"note": -1, "warning": 0, "error": 1}
    failing = [f for f in findings if order[f.severity] >= order[args.fail_on]]
    if not args.quiet and args.format == "text":
        errors = sum(f.severity == "error" for f in findings)
        notes = sum(f.severity == "note" for f in findings)
        if len(findings) > notes:
            print(
                f"{len(findings) - notes} thing(s) to look at: {errors} error(s), "
                f"{len(findings) - errors - notes} warning(s).",
                file=sys.stderr,
            )
        else:
            print("Nothing to fix.", file=sys.stderr)
    return EXIT_FINDINGS if failing else EXIT_CLEAN


# -- main --------------------------------------------------------------------


Commands = Any  # argparse's private _SubParsersAction


def _common(sub: argparse.ArgumentParser) -> argparse.ArgumentParser:
    sub.add_argument("-q", "--quiet", action="store_true", help="say less")
    sub.add_argument("-v", "--verbose", action="store_true", help="say more")
    return sub


def _init_command(commands: Commands) -> None:
    sub = commands.add_parser(
        "init",
        help="start a new policy site in a folder",
        description="Write a small, working policy site into FOLDER: settings, "
        "a contributors list, a first page, and checks for pull requests. "
        "Nothing is ever overwritten unless you say --force.",
    )
    sub.add_argument("folder", nargs="?", type=Path, default=Path("."))
    sub.add_argument(
        "--title",
        help='the policy\'s title, for example "Tenant involvement policy" '
        "(asked for when not given, or made from the folder's name)",
    )
    sub.add_argument(
        "--force",
        action="store_true",
        help="replace existing files (keeps a .bak copy)",
    )
    _common(sub)


def _check_command(commands: Commands) -> None:
    sub = commands.add_parser(
        "check",
        help="check a policy site without building it",
        description="Read the site and report anything to fix, with the file and "
        "line: unknown people, consent problems, dissent and decision checks, "
        "plain-language findings. Given files (as pre-commit gives them), it "
        "reads the site each belongs to and reports only what is in them; a "
        "changed conf.py, contributors registry, rule folder or .mailmap "
        "reports the whole site.",
    )
    sub.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="the site's folder (default: here), or files in it",
    )
    sub.add_argument(
        "--format",
        choices=("text", "github", "json"),
        default="text",
        help="text for people, github for GitHub Actions annotations, json for tools",
    )
    sub.add_argument(
        "--changed-since",
        metavar="REF",
        help="only report files changed since this git ref (e.g. origin/main); "
        "a change to conf.py, the registry, rule folders or .mailmap reports "
        "the whole site",
    )
    sub.add_argument(
        "--fail-on",
        choices=("warning", "error"),
        default="warning",
        help="the lowest kind of finding that makes the check fail (default: warning)",
    )
    _common(sub)


def _demo_command(commands: Commands) -> None:
    sub = commands.add_parser(
        "demo",
        help="build the example policy with its history",
        description="Replay the example policy's history into a fresh git "
        "repository, build the site, and print where it is.",
    )
    sub.add_argument("--out", type=Path, help="folder to build into")
    sub.add_argument(
        "--example",
        type=Path,
        help="the example project (default: example_project/ of a source checkout)",
    )
    sub.add_argument("--open", action="store_true", help="open it in a browser")
    _common(sub)


def _record_command(commands: Commands) -> None:
    record_cmd = commands.add_parser(
        "record",
        help="check or export a published contribution record",
        description="Work with coprodoc-record.json, the record that "
        "'sphinx-build -b coprodoc-record' (or coprodoc_record = True) writes.",
    )
    actions = record_cmd.add_subparsers(dest="record_command", metavar="ACTION")
    verify_cmd = _common(
        actions.add_parser(
            "verify",
            help="check that a record matches its sources",
            description="Make the record again from the commit it names and report "
            "every difference. Exit 0 when they match, 1 when they do not, 2 when "
            "the record cannot be checked.",
        )
    )
    verify_cmd.add_argument("record", type=Path, help="the coprodoc-record.json")
    verify_cmd.add_argument(
        "--repo",
        type=Path,
        help="the git repository the record was made from (default: here)",
    )
    export_cmd = _common(
        actions.add_parser(
            "export",
            help="make .all-contributorsrc or CITATION.cff from a record",
            description="Write a file other tools read, made from the record alone "
            "and showing people only as the record does.",
        )
    )
    export_cmd.add_argument("record", type=Path, help="the coprodoc-record.json")
    export_cmd.add_argument(
        "--format", choices=("all-contributors", "cff"), required=True
    )
    export_cmd.add_argument(
        "--output", type=Path, help="where to write it (default: standard output)"
    )


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="coprodoc",
        description="Tools for co-produced policy sites: start one, check a "
        "suggested change, or see the example working.",
    )
    main.add_argument("--version", action="version", version=f"coprodoc {__version__}")
    commands = main.add_subparsers(dest="command", metavar="COMMAND")
    for add in (_init_command, _check_command, _demo_command, _record_command):
        add(commands)
    return main


def main(argv: list[str] | None = None) -> int:
    arguments = parser()
    try:
        args = arguments.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if args.command == "init":
        return init(args.folder, args.force, args.quiet, args.title)
    if args.command == "check":
        return check(args)
    if args.command == "demo":
        from coprodoc import demo

        demo_args = ["--out", str(args.out)] if args.out else []
        if args.example:
            demo_args += ["--example", str(args.example)]
        status = demo.main(demo_args, open_browser=args.open)
        return status
    if args.command == "record":
        return record(args)
    arguments.print_help()
    return EXIT_SETUP


def record(args: argparse.Namespace) -> int:
    """``coprodoc record verify|export``."""
    from coprodoc.record.verify import VerifyError, verify

    if args.record_command == "verify":
        try:
            # progress on standard error (Sphinx's own, as it builds), so
            # the verdict on standard output stays easy to read or parse
            verdict = verify(args.record, args.repo, None if args.quiet else sys.stderr)
        except VerifyError as exc:
            print(f"coprodoc record verify: {exc}", file=sys.stderr)
            return EXIT_SETUP
        print(verdict.report())
        return 0 if verdict.ok else 1
    if args.record_command == "export":
        return export(args)
    print("coprodoc record: say 'verify' or 'export' (see --help)", file=sys.stderr)
    return EXIT_SETUP


def export(args: argparse.Namespace) -> int:
    from coprodoc.record.exports import all_contributors, citation_cff

    try:
        published = json.loads(args.record.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        print(
            f"coprodoc record export: cannot read {args.record}: {exc}", file=sys.stderr
        )
        return EXIT_SETUP
    try:
        if args.format == "cff":
            text = citation_cff(published)
        else:
            text = all_contributors(published)
    except (KeyError, TypeError, AttributeError, ValueError, RecursionError) as exc:
        print(
            f"coprodoc record export: {args.record} is not a coprodoc record "
            f"(a field is missing or has the wrong type: {exc!r}); make it again "
            "with 'sphinx-build -b coprodoc-record'",
            file=sys.stderr,
        )
        return EXIT_SETUP
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
