from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from wagtail.models.audit_log import BaseLogEntry, ModelLogEntryManager

from . import permissions


class EmailUserManager(UserManager):
    """Users are identified by e-mail; there is no username."""

    use_in_migrations = True

    def _create_user_object(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.password = ""
        if password is not None:
            user.set_password(password)
        else:
            user.set_unusable_password()
        return user

    def _create_user(self, email, password, **extra_fields):
        user = self._create_user_object(email, password, **extra_fields)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if extra_fields.get("is_staff") is not True or extra_fields.get("is_superuser") is not True:
            raise ValueError("A superuser must have is_staff=True and is_superuser=True.")
        return self._create_user(email, password, **extra_fields)

    # Django's async variants pass a username positionally; route them to the e-mail versions.
    async def acreate_user(self, email, password=None, **extra_fields):
        return await sync_to_async(self.create_user)(email, password, **extra_fields)

    async def acreate_superuser(self, email, password=None, **extra_fields):
        return await sync_to_async(self.create_superuser)(email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in: staff, reviewer or nominator. The e-mail address is the login."""

    username = None
    email = models.EmailField("e-mail address", unique=True)
    display_name = models.CharField(max_length=150, blank=True)
    preferred_language = models.CharField(
        max_length=10,
        blank=True,
        help_text="The language this person reads the site and their e-mails in.",
    )

    objects = EmailUserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        ordering = ["email"]
        verbose_name = "user"
        verbose_name_plural = "users"

    def __str__(self):
        return self.display_name or self.get_full_name() or self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    @property
    def is_reviewer(self) -> bool:
        return self.groups.filter(name=settings.REVIEWERS_GROUP).exists()

    @property
    def must_use_mfa(self) -> bool:
        """Staff and reviewers handle other people's private data: they need a second factor
        (decided by what they can do, in portal.permissions)."""
        return permissions.must_use_mfa(self)


class PageGeneration(models.Model):
    """The site-wide generation of public pages and kept site data (`cms.cache`): one row.
    Every process keeps what it stored under the number it read, and drops it once the number
    moves. Only `cms.cache.bump_generation` moves it, by an UPDATE of n + 1 in the database, so
    bumps from many processes at once all count; nothing can evict it."""

    n = models.BigIntegerField()

    def __str__(self):
        return str(self.n)


def object_code(obj) -> str:
    """What the audit log names an object by: its public code, or else its primary key (never a
    name: the log keeps no personal data)."""
    return str(getattr(obj, "code", None) or obj.pk)


class AuditEventManager(ModelLogEntryManager):
    def get_instance_title(self, instance):
        return object_code(instance)

    def log_action(self, instance, action, **kwargs):
        kwargs.update(object_type=instance._meta.label_lower, object_code=object_code(instance))
        return super().log_action(instance, action, **kwargs)

    def log_for_each(self, action: str, model, data_by_pk: dict) -> list:
        """Append one system event `action` per object of `model` (one named by its primary key),
        with that object's data, in one query."""
        self.model(action=action).clean()  # refuses an unregistered action, as save() does
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        now = timezone.now()
        return self.bulk_create(
            self.model(
                content_type=content_type,
                object_id=str(pk),
                object_type=model._meta.label_lower,
                object_code=str(pk),
                label=str(pk),
                action=action,
                timestamp=now,
                data=data,
            )
            for pk, data in data_by_pk.items()
        )


class AuditEvent(BaseLogEntry):
    """One line of the append-only audit log: who did what to which object, and when. It is a
    Wagtail log entry model, Wagtail's log for every model but pages (portal/wagtail_hooks.py),
    so an object's History and the site history report show it; the actions it accepts are
    Wagtail's own and those in `portal.audit_actions`.

    `label` is the object's code and `data` holds codes and states, never personal data. Rows are
    never changed or deleted (portal/migrations/0004 keeps that in the database).
    """

    # Deleting an account erases the actor and keeps the event.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    object_id = models.CharField(max_length=255, db_index=True)
    object_type = models.CharField(max_length=100)
    object_code = models.CharField(max_length=64, db_index=True)

    objects = AuditEventManager()

    class Meta(BaseLogEntry.Meta):
        ordering = ["-timestamp", "-id"]
        verbose_name = "audit event"
        verbose_name_plural = "audit events"

    def __str__(self):
        return f"{self.action} {self.object_type} {self.object_code}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events are append-only.")

    @property
    def created_at(self):
        return self.timestamp

    @property
    def actor(self):
        return self.user


def audit(actor, action: str, obj, **data) -> AuditEvent:
    """Append an audit event `action` (a registered log action) for `obj`, whatever its type.

    Raises ValidationError for an action nobody registered."""
    return AuditEvent.objects.log_action(
        obj,
        action,
        user=actor if getattr(actor, "is_authenticated", False) else None,
        data=data,
    )
