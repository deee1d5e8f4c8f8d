"""The ``cleanscrape`` command: maps targets to articles and errors to exit codes."""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import re
import sys
from collections.abc import Iterator, Sequence
from typing import IO

from . import __version__, batch_cli, cli_types
from .core import extract, named_page
from .errors import CleanscrapeError
from .fetch import FetchConfig, Fetcher
from .models import KINDS, Article, Options
from .output import OutputBusy, exclusive_output
from .pages import scrape_pages
from .parse import read_bounded
from .render import markdown_text
from .rules import RuleSet

__all__ = ["main"]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
# 128 + SIGPIPE, as shells report a command whose reader went away (``| head``).
EXIT_BROKEN_PIPE = 141

logger = logging.getLogger(__name__)

# Subcommands live beside the feature they drive; each module has
# ``main(argv) -> int``. A first argument naming one dispatches to it.
_SUBCOMMANDS: dict[str, str] = {
    "inspect": "cleanscrape.inspect",
    "rules": "cleanscrape.rules.cli",
    "warc": "cleanscrape.warc",
}
# What ``--help`` says of each (``cleanscrape SUBCOMMAND --help`` says the rest).
_SUBCOMMAND_HELP = (
    ("inspect PAGE", "show what was kept, what was cut and why, as an HTML report"),
    ("warc FILE...", "extract every HTML page of WARC web archives, as JSON Lines"),
    ("rules check [PATH...]", "validate site rules and run their test pages"),
    ("rules new DOMAIN", "write a commented site-rule template for DOMAIN"),
    ("rules learn PAGE...", "learn a site rule, with tests, from 3-5 pages of one site"),
)

_EXAMPLES = """\
examples:
  cleanscrape https://example.com/news/story.html      clean text of a page
  cleanscrape page.html --url https://example.com/a    a saved page; links resolve against --url
  cleanscrape -f markdown page.html -o story.md         Markdown into a file
  curl -s https://example.com/a | cleanscrape - -f json JSON from standard input
  cleanscrape -f json a.html b.html                     JSON Lines, one article a line
  cleanscrape --rules my-rules/ page.html --url URL     with your own site rules
  cleanscrape rules check my-rules/                     validate rules, run their tests
  cleanscrape -i urls.txt -o out.jsonl                  many URLs at once, JSON Lines
  cleanscrape -i urls.txt -o out.jsonl --resume         go on after an interruption
"""


_SUBCOMMANDS_TEXT = "subcommands (cleanscrape SUBCOMMAND --help for their options):\n" + "".join(
    f"  cleanscrape {name:<24}{text}\n" for name, text in _SUBCOMMAND_HELP
)


class _Failure(Exception):
    """A target that gave no article; the message is shown after the target's name.

    ``error`` names the failure in JSON error lines, as batch mode does.
    """

    def __init__(self, message: str, error: str = "NoArticle") -> None:
        super().__init__(message)
        self.error = error


# A scheme, as in ``ftp://``: only http and https are fetched.
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
# A host name (with an optional port and path), as people type an address without https://.
_HOST_LIKE = re.compile(
    r"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+([A-Za-z]{2,63})\.?(?::\d{1,5})?(?:[/?#].*)?$"
)
# Last labels that name a file's type, not a site: ``notes.html`` is a missing file.
_FILE_SUFFIXES = frozenset(
    [
        "htm",
        "html",
        "xhtml",
        "shtml",
        "txt",
        "json",
        "jsonl",
        "xml",
        "php",
        "asp",
        "aspx",
        "jsp",
        "gz",
        "warc",
        "toml",
        "csv",
        "pdf",
    ]
)


def resolve_target(target: str) -> tuple[str, str]:
    """What a TARGET names: ``("stdin", "-")``, ``("url", URL)`` or ``("file", PATH)``.

    A target that is not an existing file and looks like a host name with an
    optional path (``www.example.com/a``) is the https URL of it. A URL of
    another scheme (``ftp://``) is refused.

    Raises:
        _Failure: the target is a URL of a scheme other than http and https.
    """
    if target == "-":
        return "stdin", target
    scheme = _SCHEME.match(target)
    if scheme is not None:
        if scheme.group(1).lower() in ("http", "https"):
            return "url", target
        raise _Failure(
            f"unsupported scheme {scheme.group(1)!r}: only http:// and https:// URLs are fetched",
            "UnsupportedScheme",
        )
    if os.path.exists(target):
        return "file", target
    host = _HOST_LIKE.match(target)
    if host is not None and _looks_like_site(host.group(1).lower()):
        return "url", f"https://{target}"
    return "file", target


def _looks_like_site(last_label: str) -> bool:
    from .rules.suffixes import is_public_suffix

    return last_label not in _FILE_SUFFIXES and is_public_suffix(last_label)


def add_extraction_arguments(parser: argparse.ArgumentParser, *, comments: bool = True) -> None:
    """The options that tune extraction, shared by the command and its subcommands."""
    parser.add_argument(
        "--favor",
        choices=("precision", "balanced", "recall"),
        default="balanced",
        help="cut doubtful blocks (precision) or keep them (recall); default balanced",
    )
    if comments:
        parser.add_argument(
            "--comments", action="store_true", help="also extract the comment section"
        )
    parser.add_argument(
        "--rules",
        action="append",
        default=[],
        metavar="DIR",
        help="a folder of site rules (TOML or FiveFilters .txt) tried first; repeatable",
    )
    parser.add_argument(
        "--kinds",
        type=_kinds,
        default=None,
        metavar="KIND,...",
        help=f"only pages of these kinds give an article ({', '.join(KINDS)}); default: all",
    )


def _kinds(value: str) -> frozenset[str]:
    kinds = frozenset(k.strip() for k in value.split(",") if k.strip())
    unknown = kinds - set(KINDS)
    if not kinds or unknown:
        raise argparse.ArgumentTypeError(
            f"unknown page kind(s) {', '.join(sorted(unknown)) or '(none given)'}; "
            f"known: {', '.join(KINDS)}"
        )
    return kinds


def extraction_options(args: argparse.Namespace) -> Options:
    """The :class:`Options` that :func:`add_extraction_arguments`' flags ask for."""
    return Options(favor=args.favor, comments=getattr(args, "comments", False), kinds=args.kinds)


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleanscrape",
        description="Extract the article (text and metadata) from web pages.",
        epilog=_SUBCOMMANDS_TEXT + "\n" + _EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "targets", nargs="*", metavar="TARGET", help="an http(s) URL, an HTML file, or - for stdin"
    )
    parser.add_argument(
        "-f",
        "--format",
        choices=("text", "markdown", "json", "html"),
        default=None,
        help="output format (default: text; JSON Lines in batch mode)",
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    parser.add_argument(
        "--url",
        metavar="URL",
        help="the page's address when reading a file or stdin (resolves links)",
    )
    add_extraction_arguments(parser)
    parser.add_argument(
        "--meta", action="store_true", help="text output starts with title, authors and date"
    )
    parser.add_argument("--version", action="version", version=f"cleanscrape {__version__}")
    add_verbosity_arguments(parser)
    _add_aliases(parser)
    _add_fetch_arguments(parser)
    batch_cli.add_arguments(parser)
    return parser


def add_verbosity_arguments(parser: argparse.ArgumentParser) -> None:
    """``-v`` (repeatable) and ``-q``: how much the command says on stderr."""
    parser.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=0,
        help="say more on stderr: -v what was done (info), -vv debugging detail",
    )
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="only errors on stderr, no warnings"
    )


def _add_aliases(parser: argparse.ArgumentParser) -> None:
    """The flags a trafilatura user types, as aliases of ours."""
    group = parser.add_argument_group("shortcuts (as in trafilatura)")
    for flag, dest, value, meaning in (
        ("--json", "format", "json", "-f json"),
        ("--markdown", "format", "markdown", "-f markdown"),
        ("--html", "format", "html", "-f html"),
        ("--precision", "favor", "precision", "--favor precision"),
        ("--recall", "favor", "recall", "--favor recall"),
    ):
        group.add_argument(flag, dest=dest, action="store_const", const=value, help=f"= {meaning}")
    group.add_argument("--with-metadata", dest="meta", action="store_true", help="= --meta")


def _read_target(kind: str, target: str, limit: int) -> bytes:
    """The bytes of a file or standard input (``kind`` from :func:`resolve_target`)."""
    if kind == "stdin":
        return read_bounded(sys.stdin.buffer, limit, "standard input")
    try:
        with open(target, "rb") as stream:
            return read_bounded(stream, limit, "the file")
    except OSError as exc:
        raise _Failure(exc.strerror or str(exc), type(exc).__name__) from exc


def _add_fetch_arguments(parser: argparse.ArgumentParser) -> None:
    """Options for http(s) targets; each maps to a FetchConfig field (see docs/fetching.md)."""
    default = FetchConfig()
    group = parser.add_argument_group("fetching http(s) targets")
    group.add_argument(
        "--timeout",
        type=cli_types.positive_seconds,
        default=default.timeout,
        metavar="SECONDS",
        help=f"total deadline per page (default {default.timeout:g})",
    )
    group.add_argument(
        "--max-bytes",
        type=cli_types.size,
        default=default.max_bytes,
        metavar="SIZE",
        help="largest body after decompression, e.g. 5M (default 16M)",
    )
    group.add_argument(
        "--user-agent",
        default=default.user_agent,
        metavar="TEXT",
        help="User-Agent header (default names cleanscrape and its version)",
    )
    group.add_argument(
        "--retries",
        type=cli_types.not_negative,
        default=default.retries,
        metavar="N",
        help=f"retries on connection errors, 429, 502-504 (default {default.retries})",
    )
    group.add_argument("--respect-robots", action="store_true", help="obey robots.txt")
    group.add_argument(
        "--header",
        action="append",
        type=_header,
        default=[],
        metavar="'NAME: VALUE'",
        help="extra request header, sent to the target's host only (repeatable)",
    )
    group.add_argument("--proxy", metavar="URL", help="http://, https:// or socks5:// proxy")
    group.add_argument(
        "--max-pages",
        type=cli_types.at_least_one,
        default=default.max_pages,
        metavar="N",
        help=f"most pages of one story followed and joined (default {default.max_pages})",
    )
    group.add_argument(
        "--render",
        choices=("auto", "never", "always"),
        default=default.render,
        help="read pages in a headless Chromium: auto (pages built by scripts), never, "
        "always; needs cleanscrape[render] (default auto)",
    )
    group.add_argument(
        "--render-timeout",
        type=cli_types.positive_seconds,
        default=default.render_timeout,
        metavar="SECONDS",
        help=f"deadline of one rendering (default {default.render_timeout:g})",
    )
    group.add_argument("--browser", metavar="PATH", help="the Chromium to render with")


def _header(text: str) -> tuple[str, str]:
    name, sep, value = text.partition(":")
    if not sep or not name.strip():
        raise argparse.ArgumentTypeError(f"not a header: {text!r} (expected 'Name: value')")
    return name.strip(), value.strip()


def _fetch_config(parser: argparse.ArgumentParser, args: argparse.Namespace) -> FetchConfig:
    try:
        return FetchConfig(
            timeout=args.timeout,
            max_bytes=args.max_bytes,
            user_agent=args.user_agent,
            retries=args.retries,
            respect_robots=args.respect_robots,
            headers=dict(args.header),
            proxy=args.proxy,
            max_pages=args.max_pages,
            render=args.render,
            render_timeout=args.render_timeout,
            browser=args.browser,
        )
    except ValueError as exc:  # e.g. a negative --timeout
        parser.error(str(exc))


def _meta_header(article: Article) -> str:
    rows = [
        ("Title", article.title),
        ("Authors", ", ".join(article.authors)),
        ("Date", article.date),
        ("Kind", f"{article.kind} ({article.kind_evidence})" if article.kind_evidence else None),
        ("Pages", ", ".join(article.pages)),
        ("Rendered", ("yes" if article.rendered else "no") if article.pages else None),
    ]
    return "".join(f"{name}: {value}\n" for name, value in rows if value) + "\n"


def _render(article: Article, fmt: str, *, meta: bool = False, source: str = "-") -> str:
    """The article as ``fmt``; a JSON line starts with ``source_url``, the target read
    (the URL fetched, the file's path, ``-``), as batch mode's lines do."""
    if fmt == "json":
        return json.dumps({"source_url": source, **article.to_dict()}, ensure_ascii=False)
    if fmt == "markdown":
        heading = f"# {markdown_text(article.title)}\n\n" if article.title else ""
        return heading + article.markdown.rstrip("\n")
    if fmt == "html":
        return article.html
    return (_meta_header(article) if meta else "") + article.text


def failure_reason(exc: BaseException) -> str:
    """One line saying why a target failed, whatever the exception's message holds.

    Expected failures (no article, a fetch or input error) show their message;
    anything else is a bug on that page, named by its class so it can be reported.
    """
    reason = " ".join(str(exc).split("\n", 1)[0].split())
    if isinstance(exc, (_Failure, CleanscrapeError)):
        return reason or type(exc).__name__
    return f"internal error ({type(exc).__name__}: {reason})" if reason else type(exc).__name__


def error_line(source: str, exc: BaseException) -> str:
    """The JSON error line of a failed target, as batch mode writes it."""
    error = exc.error if isinstance(exc, _Failure) else type(exc).__name__
    return json.dumps({"source_url": source, "error": error, "message": failure_reason(exc)})


def _one_target(
    target: str, args: argparse.Namespace, fetcher: Fetcher, options: Options, rules: RuleSet | None
) -> str:
    """The rendered article of one target, checked to be writable as UTF-8."""
    kind, where = resolve_target(target)
    if kind == "url":  # next pages and rendering: pages.py
        if where != target:
            logger.warning("%s: no such file: fetching %s", target, where)
        scraped = scrape_pages(fetcher, where, options=options, rules=rules)
        article, note = scraped.article, scraped.note
    else:
        data = _read_target(kind, where, options.max_input_bytes)
        with named_page("standard input" if kind == "stdin" else where):
            article, note = extract(data, args.url, options=options, rules=rules), None
    if article is None:
        raise _Failure(f"no article found: {note}" if note else "no article found")
    piece = _render(article, args.format, meta=args.meta, source=where)
    piece.encode("utf-8")  # fails here, for this target, rather than when all are written
    return piece


def load_user_rules(folders: Sequence[str]) -> RuleSet | None:
    """The ``--rules`` folders' rules (``None`` without any), read once at the start.

    ``CLEANSCRAPE_RULES`` is read here too, whatever the targets: a wrong value
    is reported (a one-line warning) even when no page has a URL to match rules
    with, and the pages then use the rules read here.

    Raises:
        RuleError: a ``--rules`` folder does not exist.
    """
    from .rules.defaults import env_rules

    rules = None
    if folders:
        from .rules.cli import load_rules_for_command

        rules = load_rules_for_command(folders)
    env_rules()
    return rules


def _write(out: IO[str], pieces: list[str], fmt: str) -> None:
    separator = "\n" if fmt == "json" else "\n\n---\n\n"
    out.write(separator.join(pieces))
    if pieces:
        out.write("\n")


class _OneLine(logging.Formatter):
    """``cleanscrape: warning: message``, on one line whatever the message or exception holds."""

    def __init__(self, prog: str) -> None:
        super().__init__()
        self._prog = prog

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            message = f"{message} ({failure_reason(record.exc_info[1])})"
        return f"{self._prog}: {record.levelname.lower()}: {' '.join(message.split())}"


@contextlib.contextmanager
def stderr_logging(prog: str, *, verbose: int = 0, quiet: bool = False) -> Iterator[None]:
    """Show the package's log records on stderr, one line each, for the block.

    Warnings by default; ``verbose`` 1 adds info, 2 debug; ``quiet`` keeps errors only.
    """
    level = logging.ERROR if quiet else (logging.WARNING, logging.INFO)[min(verbose, 1)]
    if verbose >= 2 and not quiet:
        level = logging.DEBUG
    package = logging.getLogger("cleanscrape")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_OneLine(prog))
    previous = package.level
    package.setLevel(level)
    package.addHandler(handler)
    try:
        yield
    finally:
        package.removeHandler(handler)
        package.setLevel(previous)


def stdout_gone() -> int:
    """After a write to a closed pipe: point stdout at /dev/null so the interpreter's
    last flush is silent too, and return the exit code for it (141, as for SIGPIPE)."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    return EXIT_BROKEN_PIPE


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit code (0 all good, 1 some target failed, 2 usage;
    141 when the reader of standard output went away, as with ``| head``)."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        return _dispatch(arguments)
    except BrokenPipeError:  # the reader went away: not an error of ours, nothing to say
        return stdout_gone()


def _dispatch(arguments: list[str]) -> int:
    if arguments and arguments[0] in _SUBCOMMANDS:
        import importlib

        module = importlib.import_module(_SUBCOMMANDS[arguments[0]])
        if arguments[0] == "warc":  # shows its own warnings, named "cleanscrape warc"
            return int(module.main(arguments[1:]))
        with stderr_logging(f"cleanscrape {arguments[0]}"):
            return int(module.main(arguments[1:]))
    parser = _build_parser()
    try:
        args = parser.parse_args(arguments)
        fetch_config = _fetch_config(parser, args)
    except SystemExit as exc:  # argparse exits 2 on usage errors and 0 on --help
        return int(exc.code or 0)
    with stderr_logging("cleanscrape", verbose=args.verbose, quiet=args.quiet):
        if batch_cli.wants_batch(args):
            return batch_cli.run(args, fetch_config)
        if not args.targets:
            parser.print_usage(sys.stderr)
            print("cleanscrape: give at least one TARGET (or -i FILE)", file=sys.stderr)
            return EXIT_USAGE
        return _run_targets(args, fetch_config)


def _run_targets(args: argparse.Namespace, fetch_config: FetchConfig) -> int:
    args.format = args.format or "text"
    options = extraction_options(args)
    try:
        rules = load_user_rules(args.rules)
    except CleanscrapeError as exc:
        print(f"cleanscrape: {exc}", file=sys.stderr)
        return EXIT_USAGE
    pieces: list[str] = []
    status = EXIT_OK
    fetcher = Fetcher(fetch_config)  # opens connections only for the first URL target
    for target in args.targets:
        try:
            pieces.append(_one_target(target, args, fetcher, options, rules))
        except Exception as exc:  # one bad page must not cost the others
            print(f"cleanscrape: {target}: {failure_reason(exc)}", file=sys.stderr)
            if args.format == "json":  # JSON Lines say it too, as batch mode's do
                pieces.append(error_line(target, exc))
            status = EXIT_FAILED
    fetcher.close()
    if args.output:
        try:
            with exclusive_output(args.output), open(args.output, "w", encoding="utf-8") as out:
                _write(out, pieces, args.format)
        except OutputBusy as exc:
            print(f"cleanscrape: {exc}; nothing written", file=sys.stderr)
            return EXIT_FAILED
        except OSError as exc:
            print(f"cleanscrape: {args.output}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_FAILED
    else:
        _write(sys.stdout, pieces, args.format)
        sys.stdout.flush()  # a closed pipe shows here, while main() can still end quietly
    return status


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())


if __name__ == "__main__":
    run()
