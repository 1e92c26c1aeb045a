"""Create an admin account when there is none, so `make run` ends with a working login."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the superuser 'admin' if no superuser exists (password from KB_ADMIN_PASSWORD or generated)."

    def handle(self, *args, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write(
                "An admin account exists (forgot the password? python manage.py changepassword admin)."
            )
            return
        password = os.environ.get("KB_ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        User.objects.create_superuser("admin", email="", password=password)
        shown = (
            "the password in KB_ADMIN_PASSWORD"
            if os.environ.get("KB_ADMIN_PASSWORD")
            else f"password {password}"
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Created admin account: user admin, {shown}. Keep it somewhere safe."
            )
        )
