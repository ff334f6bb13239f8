"""Anonymous visitors reach every public area from the public page."""

import re

import pytest

PUBLIC_AREAS = [
    "/budgets/public/",
    "/workplans/public/",
    "/meetings/",
    "/reporting/public/",
    "/reporting/statistics/",
]


def test_the_public_page_links_every_public_area(client, db):
    html = client.get("/public/").content.decode()
    links = set(re.findall(r'href="([^"]+)"', html))
    assert set(PUBLIC_AREAS) <= links


@pytest.mark.parametrize("url", PUBLIC_AREAS)
def test_each_public_area_opens_without_logging_in(client, db, url):
    response = client.get(url)
    assert response.status_code == 200
