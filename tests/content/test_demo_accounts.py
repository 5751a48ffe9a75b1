import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from content.services import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_demo_accounts_need_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        call_command("create_demo_accounts")


def test_demo_accounts_on_a_throwaway_database_without_debug(settings):
    settings.DEBUG = False

    call_command("create_demo_accounts", "--throwaway-database", stdout=None)

    assert authenticate(username="trainer", password=DEMO_PASSWORD) is not None


def test_demo_accounts_cover_every_role_and_can_sign_in(settings, capsys):
    settings.DEBUG = True

    call_command("create_demo_accounts")
    call_command("create_demo_accounts")  # running again resets, never duplicates

    output = capsys.readouterr().out
    assert "user: admin" in output and DEMO_PASSWORD in output
    admin = authenticate(username="admin", password=DEMO_PASSWORD)
    assert admin.is_superuser
    ghana = authenticate(username="ghana", password=DEMO_PASSWORD)
    assert list(ghana.groups.values_list("name", flat=True)) == ["National platform: Ghana"]
    for username, group in [
        ("committee", "Technical committee"),
        ("reviewer", "Technical committee"),
        ("trainer", "Trainers"),
        ("manager", "Producer group managers"),
        ("viewer", "Monitoring viewers"),
    ]:
        user = authenticate(username=username, password=DEMO_PASSWORD)
        assert list(user.groups.values_list("name", flat=True)) == [group]
