"""The coverage trap: a force-wide file imported into a Fenland-only store. The import
result, the hotspots page and the evaluation page show what the store holds, and warn,
naming the areas and months, where a control or a period mixes coverage."""

from __future__ import annotations

import pytest

from clearhold.incidents.services import IncomingFile, import_batch_create, import_batch_run
from tests.evaluation.test_evaluation import WISBECH, analyst, site  # noqa: F401 (fixtures)
from tests.incidents.policeuk_files import row, write

FORCE_WIDE = ("2026-01", "2026-02", "2026-03")


def _cambridge(n: int, month: str) -> list[str]:
    line = row(n, month=month, lon="0.1218", lat="52.2053")
    line[7], line[8] = "E01017960", "Cambridge 007A"
    return line


@pytest.fixture
def force_wide(fenland, tmp_path):
    """Three months of the whole force after Fenland's 2024-01 to 2025-12."""
    files = []
    for month in FORCE_WIDE:
        rows = [row(i, month=month) for i in range(3)] + [_cambridge(i, month) for i in range(4)]
        path = write(tmp_path / f"{month}-cambridgeshire-street.csv", rows)
        files.append(IncomingFile(path, path.name))
    batch = import_batch_create(user=None, source="policeuk", files=files)
    return import_batch_run(batch=batch)


def test_the_import_result_shows_what_the_store_now_holds_and_where_it_is_uneven(
    client,
    analyst,  # noqa: F811
    force_wide,
):
    client.force_login(analyst)
    html = client.get(f"/incidents/imports/{force_wide.pk}/").content.decode()
    assert "What the store now holds" in html
    assert (
        "police.uk data from Cambridgeshire Constabulary: Fenland for 2024-01 to 2026-03 "
        "(27 months); Cambridge for 2026-01 to 2026-03 (3 months) only."
    ) in html
    assert 'data-testid="warning-coverage_mixed"' in html
    assert "The store mixes coverage: Cambridge for 2026-01 to 2026-03 (3 months) only." in html


def test_a_fenland_only_import_shows_its_coverage_without_a_warning(client, analyst, fenland):  # noqa: F811
    client.force_login(analyst)
    html = client.get(f"/incidents/imports/{fenland.pk}/").content.decode()
    assert "Fenland for 2024-01 to 2025-12 (24 months)." in html
    assert "mixes coverage" not in html


def test_the_evaluation_warns_first_that_its_control_mixes_coverage(
    client,
    analyst,  # noqa: F811
    site,  # noqa: F811
    force_wide,
):
    client.force_login(analyst)
    page = client.get(f"/sites/{site.pk}/evaluate/", WISBECH)
    warnings = page.context["reading"].warnings
    assert warnings[0].code == "coverage_mixed"
    assert warnings[0].line == (
        "The control (the rest of the Cambridgeshire Constabulary data) mixes coverage: "
        "Cambridge for 2026-01 to 2026-03 (3 months) only."
    )
    html = page.content.decode()
    assert "Cambridge for 2026-01 to 2026-03 (3 months) only." in html  # also the coverage line
    assert html.index('data-testid="warning-coverage_mixed"') < html.index(
        'data-testid="warning-underpowered"'
    )


def test_a_control_of_fenland_lsoas_does_not_mix_coverage(
    client,
    analyst,  # noqa: F811
    site,  # noqa: F811
    force_wide,
):
    client.force_login(analyst)
    page = client.get(f"/sites/{site.pk}/evaluate/", {**WISBECH, "control_lsoa": "Fenland"})
    assert "coverage_mixed" not in [w.code for w in page.context["reading"].warnings]


def test_the_evaluation_without_the_extra_file_has_no_coverage_warning(
    client,
    analyst,  # noqa: F811
    site,  # noqa: F811
):
    client.force_login(analyst)
    page = client.get(f"/sites/{site.pk}/evaluate/", WISBECH)
    assert "coverage_mixed" not in [w.code for w in page.context["reading"].warnings]
    assert "Fenland for 2024-01 to 2025-12 (24 months)." in page.content.decode()


def test_the_hotspots_page_shows_coverage_and_warns_over_its_months(
    client,
    analyst,  # noqa: F811
    force_wide,
):
    client.force_login(analyst)
    query = {"category": ["asb-unclassified"], "month_from": "2025-04", "month_to": "2026-03"}
    html = client.get("/hotspots/", query).content.decode()
    assert 'data-testid="coverage"' in html
    assert (
        "The hotspot map mixes coverage: Cambridge for 2026-01 to 2026-03 (3 months) only." in html
    )
    earlier = {**query, "month_from": "2025-01", "month_to": "2025-12"}
    html = client.get("/hotspots/", earlier).content.decode()
    assert 'data-testid="coverage"' in html
    assert "mixes coverage" not in html
