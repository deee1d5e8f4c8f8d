"""The opt-in address guard: non-public addresses refused on every hop, resolved address pinned.

The test server itself is on loopback, so each guarded test allows exactly 127.0.0.1
(``allowed_addresses``) and checks that redirect targets elsewhere are refused. No test
sends a packet to a non-loopback address: the guard refuses before connecting.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import pytest
from pytest_httpserver import HTTPServer
from test_fetch_servers import ARTICLE, FAST

from cleanscrape.fetch import BlockedAddress, ConnectionFailed, FetchConfig, InvalidURL, fetch

GUARDED = dataclasses.replace(
    FAST, block_private_addresses=True, allowed_addresses=("127.0.0.1/32",)
)


def base(server: HTTPServer) -> str:
    return f"http://127.0.0.1:{server.port}"


def with_resolver(table: dict[str, list[str]]) -> FetchConfig:
    def resolve(host: str, port: int) -> Sequence[str]:
        if host not in table:
            raise OSError(f"unknown test host {host}")
        return table[host]

    return dataclasses.replace(GUARDED, resolver=resolve)


def test_allowed_first_hop_is_fetched_with_guard_on(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/a").respond_with_data(ARTICLE, content_type="text/html")
    assert fetch(base(httpserver) + "/a", config=GUARDED).status == 200


def test_loopback_target_is_refused_without_allow_list(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/a").respond_with_data(ARTICLE, content_type="text/html")
    config = dataclasses.replace(GUARDED, allowed_addresses=())
    with pytest.raises(BlockedAddress, match="loopback"):
        fetch(base(httpserver) + "/a", config=config)
    assert len(httpserver.log) == 0


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.2",
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "224.0.0.1",
        "0.0.0.0",
        "[::1]",
        "[fe80::1]",
        "[fc00::1]",
        "[::ffff:127.0.0.2]",
        "[::ffff:10.0.0.1]",
        "[64:ff9b::a00:1]",
        "2130706434",
        "0x7f.2",
        "017700000002",
        "0x7f000002",
        "127.2",
        "167772161",
    ],
)
def test_redirect_to_non_public_address_is_refused(httpserver: HTTPServer, host: str) -> None:
    httpserver.expect_request("/r").respond_with_data(
        "", status=302, headers={"Location": f"http://{host}:{httpserver.port}/inside"}
    )
    with pytest.raises(BlockedAddress) as info:
        fetch(base(httpserver) + "/r", config=GUARDED)
    assert info.value.url is not None
    assert len(httpserver.log) == 1


def test_dotted_octal_redirect_target_is_refused_as_invalid(httpserver: HTTPServer) -> None:
    # inet_aton reads 0177.0.0.2 as 127.0.0.2; the URL parser refuses it outright.
    httpserver.expect_request("/r").respond_with_data(
        "", status=302, headers={"Location": "http://0177.0.0.2/inside"}
    )
    with pytest.raises(InvalidURL):
        fetch(base(httpserver) + "/r", config=GUARDED)
    assert len(httpserver.log) == 1


def test_metadata_address_is_named_link_local() -> None:
    with pytest.raises(BlockedAddress, match=r"169\.254\.169\.254: a link-local address"):
        fetch("http://169.254.169.254/latest/meta-data/", config=GUARDED)


def test_name_resolving_to_private_address_is_refused(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/r").respond_with_data(
        "", status=302, headers={"Location": "http://intranet.test/admin"}
    )
    config = with_resolver({"intranet.test": ["10.1.2.3"]})
    with pytest.raises(BlockedAddress, match=r"intranet\.test \(10\.1\.2\.3\)"):
        fetch(base(httpserver) + "/r", config=config)


def test_name_with_one_private_address_among_public_is_refused() -> None:
    config = with_resolver({"mixed.test": ["127.0.0.1", "192.168.0.7"]})
    with pytest.raises(BlockedAddress, match=r"192\.168\.0\.7"):
        fetch("http://mixed.test/", config=config)


def test_resolved_address_is_pinned_for_the_connection(httpserver: HTTPServer) -> None:
    # pinned.test exists only in our resolver: the page arrives only if the connection
    # went to the address the guard checked, with the original Host header.
    httpserver.expect_request("/p").respond_with_data(ARTICLE, content_type="text/html")
    config = with_resolver({"pinned.test": ["127.0.0.1"]})
    page = fetch(f"http://pinned.test:{httpserver.port}/p", config=config)
    assert page.status == 200
    assert httpserver.log[0][0].headers["Host"] == f"pinned.test:{httpserver.port}"


def test_unresolvable_name_is_connection_failed() -> None:
    with pytest.raises(ConnectionFailed, match="resolve"):
        fetch("http://nowhere.test/", config=with_resolver({}))


def test_guard_off_does_not_consult_the_resolver(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/a").respond_with_data(ARTICLE, content_type="text/html")

    def refuse(host: str, port: int) -> Sequence[str]:
        raise AssertionError("the resolver must not be used with the guard off")

    config = dataclasses.replace(FAST, resolver=refuse)
    assert fetch(base(httpserver) + "/a", config=config).status == 200


def test_guard_checks_names_before_each_hop_through_a_proxy(httpserver: HTTPServer) -> None:
    # The proxy (our server) would fetch anything: the guard must refuse first.
    config = dataclasses.replace(
        with_resolver({"intranet.test": ["10.9.8.7"]}), proxy=base(httpserver)
    )
    with pytest.raises(BlockedAddress) as info:
        fetch("http://intranet.test/admin", config=config)
    assert info.value.url == "http://intranet.test/admin"
    assert len(httpserver.log) == 0


def test_public_name_goes_through_the_proxy_with_guard_on(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/news").respond_with_data(ARTICLE, content_type="text/html")
    # 192.0.2.0/24 is reserved for documentation: mark one address of it as allowed so
    # the name counts as public; the proxy (our loopback server) answers for it.
    config = dataclasses.replace(
        with_resolver({"news.test": ["192.0.2.10"]}),
        proxy=base(httpserver),
        allowed_addresses=("192.0.2.10/32",),
    )
    assert fetch("http://news.test/news", config=config).status == 200
    assert httpserver.log[0][0].headers["Host"] == "news.test"
