"""The ``cleanscrape`` command: maps targets to articles and errors to exit codes."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import IO

from . import __version__, batch_cli
from .core import extract
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


class _Failure(Exception):
    """A target that gave no article; the message is shown after the target's name."""


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
    return Options(
        favor=args.favor, comments=getattr(args, "comments", False), kinds=args.kinds
    )


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleanscrape",
        description="Extract the article (text and metadata) from web pages.",
        epilog=_EXAMPLES,
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
    _add_fetch_arguments(parser)
    batch_cli.add_arguments(parser)
    return parser


def _read_target(
    target: str, url: str | None, fetcher: Fetcher, limit: int
) -> tuple[bytes | str, str | None]:
    if target == "-":
        return read_bounded(sys.stdin.buffer, limit, "standard input"), url
    if target.startswith(("http://", "https://")):
        page = fetcher.fetch(target)  # FetchError subclasses carry a one-line reason
        return (page.text if page.text is not None else page.content), page.url
    try:
        with open(target, "rb") as stream:
            return read_bounded(stream, limit, "the file"), url
    except OSError as exc:
        raise _Failure(exc.strerror or str(exc)) from exc


def _add_fetch_arguments(parser: argparse.ArgumentParser) -> None:
    """Options for http(s) targets; each maps to a FetchConfig field (see docs/fetching.md)."""
    default = FetchConfig()
    group = parser.add_argument_group("fetching http(s) targets")
    group.add_argument(
        "--timeout",
        type=float,
        default=default.timeout,
        metavar="SECONDS",
        help=f"total deadline per page (default {default.timeout:g})",
    )
    group.add_argument(
        "--max-bytes",
        type=_size,
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
        type=int,
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
        type=int,
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
        type=float,
        default=default.render_timeout,
        metavar="SECONDS",
        help=f"deadline of one rendering (default {default.render_timeout:g})",
    )
    group.add_argument("--browser", metavar="PATH", help="the Chromium to render with")


def _size(text: str) -> int:
    units = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}
    number, unit = text.strip().upper().rstrip("B") or "0", ""
    if number[-1:] in units:
        number, unit = number[:-1], number[-1]
    if not number.isdigit() or int(number) < 1:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (try 500000, 512K or 5M)")
    return int(number) * units[unit]


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


def _render(article: Article, fmt: str, *, meta: bool = False) -> str:
    if fmt == "json":
        return article.to_json()
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


def _one_target(
    target: str, args: argparse.Namespace, fetcher: Fetcher, options: Options, rules: RuleSet | None
) -> str:
    """The rendered article of one target, checked to be writable as UTF-8."""
    if target.startswith(("http://", "https://")):  # next pages and rendering: pages.py
        scraped = scrape_pages(fetcher, target, options=options, rules=rules)
        article, note = scraped.article, scraped.note
    else:
        data, url = _read_target(target, args.url, fetcher, options.max_input_bytes)
        article, note = extract(data, url, options=options, rules=rules), None
    if article is None:
        raise _Failure(f"no article found: {note}" if note else "no article found")
    piece = _render(article, args.format, meta=args.meta)
    piece.encode("utf-8")  # fails here, for this target, rather than when all are written
    return piece


def _write(out: IO[str], pieces: list[str], fmt: str) -> None:
    separator = "\n" if fmt == "json" else "\n\n---\n\n"
    out.write(separator.join(pieces))
    if pieces:
        out.write("\n")


# Subcommands live beside the feature they drive; each module has
# ``main(argv) -> int``. A first argument naming one dispatches to it.
_SUBCOMMANDS: dict[str, str] = {
    "inspect": "cleanscrape.inspect",
    "rules": "cleanscrape.rules.cli",
    "warc": "cleanscrape.warc",
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit code (0 all good, 1 some target failed, 2 usage)."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments and arguments[0] in _SUBCOMMANDS:
        import importlib

        module = importlib.import_module(_SUBCOMMANDS[arguments[0]])
        return int(module.main(arguments[1:]))
    parser = _build_parser()
    try:
        args = parser.parse_args(arguments)
        fetch_config = _fetch_config(parser, args)
    except SystemExit as exc:  # argparse exits 2 on usage errors and 0 on --help
        return int(exc.code or 0)
    if batch_cli.wants_batch(args):
        return batch_cli.run(args, fetch_config)
    if not args.targets:
        parser.print_usage(sys.stderr)
        print("cleanscrape: give at least one TARGET (or -i FILE)", file=sys.stderr)
        return EXIT_USAGE
    args.format = args.format or "text"
    options = extraction_options(args)
    rules = None
    if args.rules:
        from .rules.cli import load_rules_for_command

        try:
            rules = load_rules_for_command(args.rules)
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
    return status


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())


if __name__ == "__main__":
    run()
