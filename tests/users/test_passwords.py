"""New passwords: not one of the most common, not the account's own email or username."""

from __future__ import annotations

import pytest

from tests.factories import DEFAULT_PASSWORD
from webshop.users.passwords import is_common_password


def account(password: str) -> dict[str, str]:
    return {"email": "dana.smith@example.com", "username": "danasmith", "password": password}


def password_errors(response) -> list[str]:
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["code"] == "validation_error"
    return [error["msg"] for error in body["errors"] if error["loc"] == ["body", "password"]]


@pytest.mark.parametrize("password", ["password", "12345678", "Iloveyou", "QWERTYUIOP"])
async def test_registration_refuses_a_common_password(client, password):
    response = await client.post("/auth/register", json=account(password))

    assert password_errors(response) == [
        "This password is one of the most common ones; choose another"
    ]


@pytest.mark.parametrize("password", ["danasmith", "DanaSmith", "dana.smith@example.com"])
async def test_registration_refuses_the_email_or_username_as_password(client, password):
    response = await client.post("/auth/register", json=account(password))

    assert password_errors(response) == ["The password must not be your email address or username"]


async def test_the_local_part_of_the_email_is_refused_too(client):
    response = await client.post("/auth/register", json=account("Dana.Smith"))

    assert password_errors(response)


async def test_an_uncommon_password_is_welcome(client):
    response = await client.post("/auth/register", json=account("violet kettle drum 42"))
    assert response.status_code == 201


async def test_a_password_change_refuses_common_and_own_names(client, customer_headers):
    def change(new: str) -> dict[str, str]:
        return {"current_password": DEFAULT_PASSWORD, "new_password": new}

    common = await client.post(
        "/users/me/password", json=change("football"), headers=customer_headers
    )
    own_name = await client.post(
        "/users/me/password", json=change("carla@example.com"), headers=customer_headers
    )

    assert common.status_code == 422
    assert common.json()["errors"][0]["loc"] == ["body", "new_password"]
    assert own_name.status_code == 422
    assert own_name.json() == {
        "detail": "The password must not be your email address or username",
        "code": "password_like_account",
    }


def test_the_shipped_list_is_loaded_and_case_blind():
    assert is_common_password("Password")
    assert is_common_password("TRUSTNO1")
    assert not is_common_password("correct horse battery")
