"""Accreditation: categories of people, the zones each category may enter and when, the people.

A grant opens one zone to a category (or, as an extra, to one person) on each day from
``first_day`` to ``last_day`` between ``daily_start`` and ``daily_end`` in the event's time zone;
no daily times means the whole day. One grant per category and zone keeps the matrix screen a
plain table (one cell, one rule).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.Model):
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="categories")
    code = models.CharField(_("code"), max_length=16)
    name = models.CharField(_("name"), max_length=120)
    color = models.CharField(_("colour"), max_length=7, default="#1d4ed8")
    is_vehicle = models.BooleanField(_("vehicle pass"), default=False)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["event", "code"], name="category_code_unique_in_event"),
        ]

    def __str__(self) -> str:
        return self.name


class Window(models.Model):
    """The days and daily hours of a grant (abstract: shared by category and person grants)."""

    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    daily_start = models.TimeField(_("daily from"), null=True, blank=True)
    daily_end = models.TimeField(_("daily until"), null=True, blank=True)

    class Meta:
        abstract = True

    def window_label(self) -> str:
        days = f"{self.first_day:%d/%m}–{self.last_day:%d/%m}"
        if self.daily_start is None or self.daily_end is None:
            return days
        return f"{days} {self.daily_start:%H:%M}–{self.daily_end:%H:%M}"


class CategoryGrant(Window):
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="grants")
    zone = models.ForeignKey("events.Zone", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["category", "zone"], name="one_grant_per_category_zone"
            ),
            models.CheckConstraint(
                condition=models.Q(last_day__gte=models.F("first_day")),
                name="category_grant_days_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category_id}:{self.zone_id}"


class Person(models.Model):
    """An accredited person (or, in a vehicle category, a vehicle named by its plate)."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="people")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="people")
    full_name = models.CharField(_("full name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    # The import's own reference (delegate number); unique in the event when given.
    ref = models.CharField(_("reference"), max_length=40, blank=True)
    # Re-encoded JPEG without metadata (core.images); only for guards to compare faces.
    photo = models.BinaryField(_("photo"), null=True, blank=True, editable=False)
    photo_sha256 = models.CharField(max_length=64, blank=True)
    # Casefolded name + organisation: duplicate detection without scanning every row.
    dedupe_key = models.CharField(max_length=420, db_index=True)
    # Folded name and organisation (people.names): a search typed without accents finds it.
    search_name = models.CharField(max_length=420, blank=True)
    # The import that created the person, so that import's badges can be printed together.
    import_batch = models.ForeignKey(
        "ImportBatch", on_delete=models.SET_NULL, null=True, blank=True, related_name="people"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["full_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "ref"],
                condition=~models.Q(ref=""),
                name="person_ref_unique_in_event",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def has_photo(self) -> bool:
        return bool(self.photo_sha256)


class PersonGrant(Window):
    """A per-person change to the category's rights: an extra zone, or a zone taken away."""

    class Kind(models.TextChoices):
        EXTRA = "extra", _("Extra grant")
        REMOVAL = "removal", _("Removal")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="grants")
    zone = models.ForeignKey("events.Zone", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "zone"], name="one_change_per_person_zone"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}:{self.zone_id}:{self.kind}"


class ImportBatch(models.Model):
    """An uploaded people list waiting for the officer's confirmation.

    Holds only the rows that passed every check (as cleaned values) and, for the bad ones, the
    row number and the reasons: a malformed row never becomes a Person.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        IMPORTED = "imported", _("Imported")
        DISCARDED = "discarded", _("Discarded")

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(max_length=200)
    rows = models.JSONField(default=list)
    problems = models.JSONField(default=list)
    total_rows = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.filename


class SigningKey(models.Model):
    """One of the event's Ed25519 keys. The newest unretired key signs; every key verifies.

    Rotating retires the signing key but keeps it verifying: badges already printed stay valid
    until they are revoked one by one. The seed is stored encrypted
    (``accreditation.credentials.keys``) so a copy of the database alone cannot forge badges.
    """

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+")
    key_id = models.CharField(max_length=8, unique=True)
    public_key = models.BinaryField()
    sealed_seed = models.BinaryField()
    created = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return self.key_id


class Credential(models.Model):
    """One version of a person's badge. ``serial`` stays across versions; ``version`` counts up.

    ``zones`` and ``windows`` freeze the rights at issue: they are what the QR signs, and any
    change of rights issues a new version, so the row and the printed code always agree.
    """

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, related_name="credentials"
    )
    serial = models.PositiveIntegerField()
    version = models.PositiveIntegerField()
    key = models.ForeignKey(SigningKey, on_delete=models.PROTECT, related_name="+")
    zones = models.JSONField(default=list)
    windows = models.JSONField(default=dict)
    valid_from = models.DateTimeField()
    valid_until = models.DateTimeField()
    code = models.TextField()
    issued_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoke_reason = models.CharField(max_length=16, blank=True)
    # When a badge batch holding this version was built: "print everyone not printed yet".
    printed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["serial", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "serial", "version"], name="credential_version_unique"
            ),
        ]
        indexes = [models.Index(fields=["event", "serial"])]

    def __str__(self) -> str:
        return f"{self.serial}v{self.version}"


class Revocation(models.Model):
    """An entry of the event's revocation list; scanners pull the entries after their last seq."""

    class Reason(models.TextChoices):
        LOST = "lost", _("Lost")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        SUPERSEDED = "superseded", _("Replaced by a new version")

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+")
    seq = models.PositiveIntegerField()
    serial = models.PositiveIntegerField()
    version = models.PositiveIntegerField()
    reason = models.CharField(max_length=16, choices=Reason.choices)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["seq"]
        constraints = [
            models.UniqueConstraint(fields=["event", "seq"], name="revocation_seq_unique"),
            models.UniqueConstraint(
                fields=["event", "serial", "version"], name="revocation_once_per_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.seq}:{self.serial}v{self.version}"


class BadgeJob(models.Model):
    """A batch of badges built into one PDF by a worker (``badges.services``, on the task queue).

    The row is the progress every server process can read: ``done`` of ``total`` badges, the
    state, and at the end the PDF itself. ``worker`` names the worker building it: if that worker
    dies, the sweep queues the batch again (``attempts`` counts the builds begun) or fails it.
    ``heartbeat`` moves with every progress write, so a build that stopped moving anyway is seen
    as stale and marked failed instead of "building" forever.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        BUILDING = "building", _("Building")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    layout = models.CharField(max_length=8)
    category = models.ForeignKey(Category, on_delete=models.SET_NULL, null=True, related_name="+")
    language = models.CharField(max_length=8, blank=True)
    # The selection, each narrowing the one before: the category, the people ticked on the
    # list (ids; empty = no such narrowing), one import, only badges not printed yet, only
    # people with a photo (``badges.selection``).
    person_ids = models.JSONField(default=list, blank=True)
    import_batch = models.ForeignKey(
        ImportBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    unprinted = models.BooleanField(default=False)
    require_photo = models.BooleanField(default=False)
    # Everyone the selection named but the batch left out: [{"person": id, "reason": code}].
    # Ids, not names: the names are read from the people table when the page is shown.
    skipped = models.JSONField(default=list, blank=True)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    # Why it failed: "interrupted" (its worker died), "error", "queue_unavailable".
    error = models.CharField(max_length=17, blank=True)
    # The finished PDF: names and photos, so it is kept only a day (badge_jobs.start_job prunes).
    pdf = models.BinaryField(null=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    heartbeat = models.DateTimeField()
    finished = models.DateTimeField(null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True)  # its task on the queue, once queued
    worker = models.CharField(max_length=64, blank=True)  # the worker building it
    attempts = models.PositiveSmallIntegerField(default=0)  # builds begun: a re-run is the second

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["event", "state"])]

    def __str__(self) -> str:
        return f"badges-{self.pk}"

    @property
    def active(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.BUILDING)

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, self.done * 100 // self.total)
