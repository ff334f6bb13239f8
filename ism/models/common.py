"""Abstract models that several apps build on. They hold no rows of their own."""

from django.conf import settings
from django.db import models


class Comment(models.Model):
    """One message in a review conversation between committee members and ISU
    staff: who wrote what, and when. A subclass adds the link to what is
    discussed (a budget, a work plan's thread). Comments are never edited."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]
