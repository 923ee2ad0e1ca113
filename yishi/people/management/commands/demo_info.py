"""Print how to sign in to the demo: staff accounts and password, residents' phones, where the codes appear."""

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from yishi.people import crypto
from yishi.people import demo_data as data
from yishi.people.models import Person, RoleAssignment
from yishi.people.permissions import today

URL = "http://127.0.0.1:8000/"


class Command(BaseCommand):
    help = "Print the demo sign-ins (staff usernames and password, residents' phones) and the demo URL."

    def handle(self, *args: Any, **options: Any) -> None:
        user_model = get_user_model()
        staff_users = {
            user.username: user
            for user in user_model.objects.filter(
                username__in=[staff.username for staff in data.DEMO_STAFF] + [data.ADMIN_USERNAME]
            ).select_related("person")
        }
        write = self.stdout.write
        write("")
        write(f"Yishi demo: {URL}")
        if not staff_users:
            write("No demo accounts found: load the demo with `.venv/bin/python manage.py seed_demo`.")
            return
        write("")
        write(f"Staff sign in at {URL}accounts/sign-in/ with a username and the password {data.DEMO_PASSWORD}")
        day = today()
        for staff in data.DEMO_STAFF:
            user = staff_users.get(staff.username)
            if user is None or user.person is None:
                continue
            roles = (
                RoleAssignment.objects.filter(person=user.person, starts_on__lte=day)
                .select_related("place")
                .order_by("place__path")
            )
            held = "; ".join(f"{role.get_role_display()} · {role.place.name}" for role in roles)
            write(f"  {staff.username:<11} {user.person.name:<6} {held}")
        if data.ADMIN_USERNAME in staff_users:
            write(f"  {data.ADMIN_USERNAME:<11} platform administrator (also /admin/)")
        residents = [
            (
                resident,
                Person.objects.filter(phone_lookup=crypto.lookup_hash(resident.phone)).select_related("home").first(),
            )
            for resident in data.DEMO_RESIDENTS
        ]
        found = [(resident, person) for resident, person in residents if person is not None]
        if found:
            write("")
            write("Residents sign in with their phone number and a one-time code:")
            for resident, person in found:
                assert person is not None
                home = person.home.full_name if person.home else ""
                write(f"  {resident.phone}  {person.name:<4} {home}")
        write("")
        write("No text message is sent in the demo. Each one-time code is printed in the server console and")
        write(f"appended to {settings.SMS_OUTBOX_FILE}")
        write("")
