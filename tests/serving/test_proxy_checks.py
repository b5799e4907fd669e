"""The proxy settings are checked: a malformed ``CLEARHOLD_TRUSTED_PROXIES`` entry fails every
``check`` by name, and ``check --deploy`` warns when ClearHold believes a proxy's
X-Forwarded-Proto but trusts no proxy's X-Forwarded-For (every person would have its address)."""

from __future__ import annotations

from django.core import checks

from tests.serving.test_deploy_check import _deploy_check


def _ids(*, deploy: bool = False) -> list[str]:
    return [m.id for m in checks.run_checks(include_deployment_checks=deploy)]


def test_a_malformed_trusted_proxy_is_an_error_naming_it(settings):
    settings.CLEARHOLD_TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/33", "nginx.local", "::1"]
    errors = [m for m in checks.run_checks() if m.id == "clearhold.E102"]
    assert [e.msg for e in errors] == [
        "CLEARHOLD_TRUSTED_PROXIES: '10.0.0.0/33' is not an IP address or network.",
        "CLEARHOLD_TRUSTED_PROXIES: 'nginx.local' is not an IP address or network.",
    ]


def test_addresses_and_networks_of_both_kinds_pass(settings):
    settings.CLEARHOLD_TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8"]
    assert "clearhold.E102" not in _ids()


def test_a_proxy_ssl_header_without_trusted_proxies_is_a_deploy_warning(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.CLEARHOLD_TRUSTED_PROXIES = []
    assert "clearhold.W102" in _ids(deploy=True)
    assert "clearhold.W102" not in _ids()
    settings.CLEARHOLD_TRUSTED_PROXIES = ["127.0.0.1"]
    assert "clearhold.W102" not in _ids(deploy=True)


def test_the_deploy_check_warns_with_the_proxy_header_alone(tmp_path):
    result = _deploy_check(tmp_path, CLEARHOLD_TRUSTED_PROXIES="")
    assert result.returncode != 0
    assert "clearhold.W102" in result.stderr
