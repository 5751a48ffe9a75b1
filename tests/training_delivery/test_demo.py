from django.core.management import call_command

from training_delivery.models import Attendance, TrainingSession


def test_the_demo_trainer_has_a_group_with_a_roster_and_past_sessions(seed_curriculum, settings):
    settings.DEBUG = True

    call_command("create_demo_accounts")
    call_command("create_demo_accounts")  # again: nothing doubles

    session = TrainingSession.objects.order_by("date").first()
    assert TrainingSession.objects.count() == 2
    assert session.group.trainers.get().username == "trainer"
    assert session.group.farmers.count() == 8
    assert Attendance.objects.filter(session=session).count() == 8
