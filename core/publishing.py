"""Publishing, shared by every model the public may read: draft → published, the QuerySet
methods that hold the one rule of who sees what (`public()`, `visible_to(user)`), and the
constraints every publishable table carries."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


def sees_drafts(user, model: type[models.Model]) -> bool:
    """Curators and editors (who hold the model's view permission) see drafts; nobody else."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")


class VisibilityQuerySet(models.QuerySet):
    """The one rule of what each reader may see: `public()` is what anyone may read (each model
    says what that means), `visible_to(user)` adds the drafts for curators and editors. Every
    read surface (pages, API, feeds, calendars, sitemaps, search, timelines) goes through
    these."""

    def public(self):
        raise NotImplementedError

    def visible_to(self, user):
        return self.all() if sees_drafts(user, self.model) else self.public()


class PublishableQuerySet(VisibilityQuerySet):
    def published(self):
        return self.filter(state=PublicationState.PUBLISHED)

    def drafts(self):
        return self.filter(state=PublicationState.DRAFT)

    def public(self):
        return self.published()

    def submitted(self):
        """Drafts a curator submitted for review, waiting for an editor (publishing or sending
        back clears the submission; a draft published another way leaves this list too)."""
        return self.drafts().filter(submitted_at__isnull=False)

    def sent_back(self):
        """Drafts an editor sent back with a note, not submitted again yet."""
        return self.drafts().filter(submitted_at__isnull=True).exclude(review_note="")


class Publishable(models.Model):
    """Draft → published. Nothing reaches the public site, API, feeds or search until published."""

    state = models.CharField(
        max_length=10,
        choices=PublicationState.choices,
        default=PublicationState.DRAFT,
        db_index=True,
        help_text="Drafts are visible only to curators and editors; publishing needs the "
        "'publish' permission.",
    )
    made_public_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When an editor last published it here."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Review is data on a draft, not a third state: the state rules and public() stay as they
    # are. cases.review writes these; publishing or unpublishing clears them.
    submitted_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When a curator submitted this draft for review; empty when not waiting.",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who submitted this draft for review.",
    )
    review_note = models.TextField(
        blank=True,
        editable=False,
        help_text="The editor's note when sending the draft back, for the curator to act on.",
    )

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.state == PublicationState.PUBLISHED

    @property
    def is_submitted(self) -> bool:
        """Waiting for an editor: a draft submitted for review."""
        return not self.is_published and self.submitted_at is not None


def publishable_constraints(name: str) -> list[models.BaseConstraint]:
    """The publication state's invariants, for each publishable model's Meta.constraints."""
    return [
        models.CheckConstraint(
            condition=models.Q(state__in=PublicationState.values),
            name=f"{name}_state_valid",
            violation_error_message="The publication state must be draft or published.",
        ),
        models.CheckConstraint(
            condition=~models.Q(state=PublicationState.PUBLISHED)
            | models.Q(made_public_at__isnull=False),
            name=f"{name}_published_when",
            violation_error_message="A published entry records when it was made public.",
        ),
    ]
