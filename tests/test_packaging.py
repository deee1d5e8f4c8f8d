"""What a published package carries (issue 17): licence, metadata, declared extras, bounds."""

from __future__ import annotations

import importlib
import tarfile
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import httpx
import pytest

from cleanscrape import FetchConfig, Fetcher
from cleanscrape.fetch import DEFAULT_USER_AGENT

# The module, not the function the package re-exports under the same name.
fetch_module = importlib.import_module("cleanscrape.fetch")

ROOT = Path(__file__).resolve().parent.parent
PROJECT: dict[str, Any] = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
PLACEHOLDERS = ("example.invalid", "example.com", "github.com/cleanscrape", "TODO")


def test_licence_file_is_in_the_repository_and_the_metadata() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License")
    assert PROJECT["license"] == "MIT"
    assert PROJECT["license-files"] == ["LICENSE"]


@pytest.mark.slow
def test_wheel_and_sdist_carry_the_licence_and_the_rules_test_pages(tmp_path: Path) -> None:
    """Build both as ``pip install .`` and ``python -m build`` would (the project's build
    backend, here, offline) and look inside: the licence is there, as the metadata
    says, and so is every file of the built-in rules (``rules check`` runs their pages)."""
    from hatchling.builders.sdist import SdistBuilder
    from hatchling.builders.wheel import WheelBuilder

    licence = (ROOT / "LICENSE").read_bytes()
    [wheel] = WheelBuilder(str(ROOT)).build(directory=str(tmp_path), versions=["standard"])
    [sdist] = SdistBuilder(str(ROOT)).build(directory=str(tmp_path), versions=["standard"])
    dist_info = f"cleanscrape-{PROJECT['version']}.dist-info"
    with zipfile.ZipFile(wheel) as built:
        assert built.read(f"{dist_info}/licenses/LICENSE") == licence
        metadata = built.read(f"{dist_info}/METADATA").decode()
        shipped = set(built.namelist())
    assert "License-File: LICENSE" in metadata.splitlines()
    builtin = ROOT / "cleanscrape" / "rules" / "builtin"
    rule_files = {
        path.relative_to(ROOT).as_posix()
        for path in builtin.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert any(name.endswith(".html") for name in rule_files)
    assert rule_files <= shipped
    with tarfile.open(sdist) as built_sdist:
        member = built_sdist.extractfile(f"cleanscrape-{PROJECT['version']}/LICENSE")
        assert member is not None and member.read() == licence


def test_classifiers_say_what_the_package_is() -> None:
    classifiers = PROJECT["classifiers"]
    assert any(c.startswith("Development Status ::") for c in classifiers)
    assert any(c.startswith("Intended Audience ::") for c in classifiers)
    assert "Programming Language :: Python :: 3.11" in classifiers


def test_no_placeholder_urls_in_metadata_or_user_agent() -> None:
    urls = " ".join(PROJECT.get("urls", {}).values())
    for placeholder in PLACEHOLDERS:
        assert placeholder not in urls
        assert placeholder not in DEFAULT_USER_AGENT
    assert DEFAULT_USER_AGENT.startswith("cleanscrape/")


@pytest.mark.parametrize("extra", ["warc", "dask"])
def test_fsspec_is_declared_where_it_is_imported(extra: str) -> None:
    # cleanscrape.warc imports fsspec for remote paths; the dask extra reads them too.
    assert any(dep.startswith("fsspec") for dep in PROJECT["optional-dependencies"][extra])


@pytest.mark.parametrize("name", ["httpx", "httpcore"])
def test_libraries_reached_into_privately_have_an_upper_bound(name: str) -> None:
    spec = next(d for d in PROJECT["dependencies"] if d.split(">")[0].split("<")[0] == name)
    assert "<" in spec


def test_docs_extra_builds_the_site() -> None:
    docs = " ".join(PROJECT["optional-dependencies"]["docs"])
    for package in ("mkdocs", "mkdocs-material", "mkdocstrings[python]"):
        assert package in docs


class _TransportWithoutHook:
    """An httpx transport as a future httpx might build it: no ``_pool._network_backend``."""

    def __init__(self, **kwargs: Any) -> None:
        self._pool = object()

    def close(self) -> None:
        pass


def test_missing_transport_hook_is_an_error_when_the_guard_is_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(fetch_module.httpx, "HTTPTransport", _TransportWithoutHook)
    fetcher = Fetcher(FetchConfig(block_private_addresses=True))
    with pytest.raises(RuntimeError, match="block_private_addresses"):
        fetcher.fetch("http://127.0.0.1:9/")


def test_missing_transport_hook_is_a_warning_without_the_guard(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    transport = _TransportWithoutHook()
    assert fetch_module._install_backend(transport, lambda inner: inner, guarded=False) is False
    assert "cannot enforce fetch deadlines" in caplog.text


def test_installed_httpx_has_the_hook() -> None:
    transport = httpx.HTTPTransport()
    try:
        assert getattr(transport._pool, "_network_backend", None) is not None
    finally:
        transport.close()


def test_dev_tools_are_a_dependency_group_not_a_published_extra() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    published = " ".join(d for deps in PROJECT["optional-dependencies"].values() for d in deps)
    for tool in ("ruff", "mypy"):
        assert tool not in published
        assert any(d.startswith(tool) for d in config["dependency-groups"]["dev"])
