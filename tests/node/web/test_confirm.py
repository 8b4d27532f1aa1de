"""The confirmation helper: questions are text (escaped where shown), and only an explicit
``confirmed=yes`` counts as confirmed."""

from __future__ import annotations

import pytest

from node.web import confirm


def test_questions_name_what_is_destroyed():
    text = confirm.question("grant.revoke", party="JPO's office", office="KH", ip_type="patents")
    assert text.startswith("Revoke the access of JPO's office to KH's patents?")


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        ({}, False),
        ({"confirmed": ""}, False),
        ({"confirmed": "1"}, False),
        ({"confirmed": "yes"}, True),
    ],
)
def test_only_yes_confirms(app, form, expected):
    with app.test_request_context("/", method="POST", data=form):
        assert confirm.confirmed() is expected


def test_confirmation_page_escapes_the_question(app):
    with app.test_request_context("/portal/KH/authorizations/1/revoke", method="POST"):
        html = confirm.page(
            "grant.revoke", "Revoke", "/back", party="<b>JPO's</b>", office="KH", ip_type="x"
        )
    assert "&lt;b&gt;JPO&#39;s&lt;/b&gt;" in html and "<b>JPO" not in html
    assert 'action="/portal/KH/authorizations/1/revoke"' in html and 'href="/back"' in html
