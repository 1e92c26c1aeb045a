"""The admin login locks a username and address out after repeated failures."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def curator(django_user_model):
    return django_user_model.objects.create_superuser(
        "curator", "c@example.org", "right-passphrase"
    )


def attempt(client, password, address="203.0.113.7"):
    return client.post(LOGIN, {"username": "curator", "password": password}, REMOTE_ADDR=address)


def test_repeated_failures_lock_the_login_even_for_the_right_password(client, curator):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert attempt(client, "wrong").status_code == 200  # the form again, with its error
    assert attempt(client, "wrong").status_code == 429

    locked = attempt(client, "right-passphrase")

    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "too many" in locked.content.decode().lower()


def test_a_success_before_the_limit_resets_the_count(client, curator):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "wrong")
    assert attempt(client, "right-passphrase").status_code == 302
    client.logout()
    assert attempt(client, "wrong").status_code == 200


def test_another_address_is_not_locked_out(client, curator):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "wrong")
    assert attempt(client, "right-passphrase", address="198.51.100.9").status_code == 302
