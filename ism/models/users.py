"""ISM's user: custom from the first migration so fields can be added later."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from ism.fields import language_field


class User(AbstractUser):
    """ISM's user, custom from the first migration so fields can be added later."""

    class Digest(models.TextChoices):
        """How often the user's to-do list (ism.todo) comes by e-mail."""

        OFF = "off", _("Never")
        DAILY = "daily", _("Every morning")
        WEEKLY = "weekly", _("Every Monday morning")

    todo_digest = models.CharField(
        _("to-do list by e-mail"),
        max_length=10,
        choices=Digest.choices,
        default=Digest.OFF,
        help_text=_(
            "The list of things to do and deadlines shown on your home page, sent "
            "to your e-mail address. Nothing is sent on a day with nothing to do."
        ),
    )

    # The interface's language, chosen in the menu and kept for the next visit from
    # any browser (ism.middleware.UserLanguageMiddleware); empty: the browser's.
    language = language_field(_("language"), blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username
