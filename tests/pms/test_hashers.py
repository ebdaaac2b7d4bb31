"""Passwords and signing PINs: Argon2id at OWASP's minimum, older hashes redone on their next use."""

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, identify_hasher, make_password

from pms.models import User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

OURS = "m=19456,t=2,p=1"


@pytest.fixture
def argon2(settings):
    settings.PASSWORD_HASHERS = ["pms.hashers.PMSArgon2PasswordHasher"]


def params(encoded: str) -> str:
    return encoded.split("$")[3]


def django_default(raw: str) -> str:
    """A hash as Django's own Argon2 hasher (t=2, m=100 MiB, p=8) made it."""
    hasher = Argon2PasswordHasher()
    return hasher.encode(raw, hasher.salt())


def test_new_hashes_are_argon2id_at_19_mib_two_passes_one_lane(argon2, crew):
    encoded = make_password("a long enough password")
    assert encoded.startswith("argon2$argon2id$v=19$") and params(encoded) == OURS
    assert identify_hasher(encoded).algorithm == "argon2"


def test_an_older_password_hash_is_redone_at_the_next_login_and_still_logs_in(argon2, client, crew):
    User.objects.filter(pk=crew.pk).update(password=django_default(PASSWORD))
    assert params(User.objects.get(pk=crew.pk).password) == "m=102400,t=2,p=8"
    response = client.post("/login/", {"username": crew.username, "password": PASSWORD}, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 302
    assert params(User.objects.get(pk=crew.pk).password) == OURS
    client.post("/logout/")
    again = client.post("/login/", {"username": crew.username, "password": PASSWORD}, REMOTE_ADDR="10.0.0.9")
    assert again.status_code == 302


def test_an_older_pin_hash_is_redone_on_its_next_successful_use_only(argon2, engineer):
    User.objects.filter(pk=engineer.pk).update(signing_pin=django_default("246810"))
    user = User.objects.get(pk=engineer.pk)
    assert not user.check_signing_pin("135790")
    assert params(User.objects.get(pk=engineer.pk).signing_pin) == "m=102400,t=2,p=8"  # a wrong PIN changes nothing
    assert user.check_signing_pin("246810")
    stored = User.objects.get(pk=engineer.pk)
    assert params(stored.signing_pin) == OURS and stored.check_signing_pin("246810")
