"""Tables of actions name each row by its first cell, a row header (GOV.UK tables), so a
screen reader announces the action with every cell of its row."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def body_rows(html: str) -> list[str]:
    body = html.split('<tbody class="govuk-table__body">', 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', body, flags=re.S)


@pytest.mark.parametrize(
    "page",
    [
        lambda action: reverse("workspace:my_actions"),
        lambda action: reverse("workspace:action_list"),
        lambda action: reverse("workspace:finding_detail", args=[action.finding_id]),
    ],
    ids=["my actions", "action list", "finding page"],
)
def test_each_row_of_an_action_table_is_headed_by_the_action(page, client, owner, action):
    client.force_login(owner)

    response = client.get(page(action))

    rows = body_rows(response.text)
    assert rows
    for row in rows:
        first_cell = row.strip()
        assert first_cell.startswith('<th scope="row" class="govuk-table__header')
        assert action.title in first_cell.split("</th>", 1)[0]
