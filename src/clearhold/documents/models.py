"""Documents: the templates a council adapts, every document generated, and what residents said.

A generated document is kept as the exact bytes handed to the user, with its sha256, the
template version it came from, who made it and when, so a notice or bundle put before a court
can be shown to be the one ClearHold produced. Generated documents are never edited: a change
means generating again.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from clearhold.toolkit.addresses import address


class Format(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word (DOCX)"
    CSV = "csv", "CSV for a mailing house"
    ZIP = "zip", "ZIP of separate PDFs"


class DocumentTemplate(models.Model):
    """An organisation's adapted template for one kind of document; its newest version is used
    for the problems that organisation leads (the others print the shipped wording).

    A row without an organisation was adapted before templates belonged to organisations by
    someone with none; no problem uses it (the shipped wording in the package is the default).
    """

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="document_templates",
        help_text="Whose wording this is; the problems this organisation leads use it",
    )
    kind = models.CharField(max_length=40)
    version = models.PositiveIntegerField()
    source = models.TextField(help_text="HTML with {{ placeholders }}")
    note = models.CharField(max_length=300, blank=True, help_text="What changed, and why")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "version"], name="one_template_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} template version {self.version} of {self.organisation}"


class GeneratedDocument(models.Model):
    """One generated file, exactly as handed over."""

    problem = models.ForeignKey(
        "problems.Problem", on_delete=models.CASCADE, related_name="documents"
    )
    closure = models.ForeignKey(
        "powers.Closure", on_delete=models.CASCADE, null=True, blank=True, related_name="documents"
    )
    kind = models.CharField(max_length=40)
    format = models.CharField(max_length=4, choices=Format.choices)
    title = models.CharField(max_length=300)
    file = models.FileField(upload_to="documents/%Y/%m/")
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    template_version = models.CharField(max_length=80)
    personal_data = models.BooleanField(default=False)
    data_classes = models.CharField(
        max_length=40,
        blank=True,
        help_text="The classes of personal data it holds (restricted, special), comma-separated",
    )
    inputs = models.JSONField(default=dict, blank=True, help_text="What the user chose")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_format_display()})"

    def get_absolute_url(self) -> str:
        return address("documents:download", args=[self.pk])

    @property
    def classes_held(self) -> list[str]:
        """The personal-data classes it holds (restricted for one stored before they were
        recorded: a download then needs at least that)."""
        held = [c for c in self.data_classes.split(",") if c]
        return held or (["restricted"] if self.personal_data else [])


class DocumentDetails(models.Model):
    """What the papers of a problem say that the case record does not: who residents contact,
    and the local housing and legal advice the closure notice must name (s.76(5)(g))."""

    problem = models.OneToOneField(
        "problems.Problem", on_delete=models.CASCADE, related_name="document_details"
    )
    residents_contact = models.TextField(
        blank=True, help_text="Who residents contact about the problem: name, phone, email"
    )
    housing_advice = models.TextField(
        blank=True, help_text="Local organisations advising on housing: names and contact details"
    )
    legal_advice = models.TextField(
        blank=True, help_text="Local organisations giving legal advice: names and contact details"
    )
    signatory = models.CharField(
        max_length=200, blank=True, help_text="Who signs letters to residents, with their role"
    )

    def __str__(self) -> str:
        return f"Document details for {self.problem}"


class Stance(models.TextChoices):
    SUPPORT = "support", "Supports"
    OBJECTION = "objection", "Objects"
    COMMENT = "comment", "Comment or question"
    NONE = "none", "No response"


class ConsultationResponse(models.Model):
    """What a household said when the partnership wrote to it, and the reply sent."""

    problem = models.ForeignKey(
        "problems.Problem", on_delete=models.CASCADE, related_name="consultation_responses"
    )
    unit = models.ForeignKey("places.Unit", on_delete=models.CASCADE, related_name="responses")
    received_on = models.DateField()
    stance = models.CharField(max_length=10, choices=Stance.choices)
    reason = models.TextField(blank=True, help_text="What they said; for an objection, why")
    reply_sent_on = models.DateField(null=True, blank=True)
    reply = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["received_on", "id"]

    def __str__(self) -> str:
        return f"{self.unit.name}: {self.get_stance_display()}"


class PracticeWriteUp(models.Model):
    """The College of Policing practice-bank write-up, prefilled and edited before export."""

    problem = models.OneToOneField(
        "problems.Problem", on_delete=models.CASCADE, related_name="practice_write_up"
    )
    organisation = models.CharField(max_length=200)
    partners = models.TextField()
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    scale = models.CharField(max_length=200, help_text="e.g. one estate of 500 homes")
    target_group = models.CharField(max_length=300)
    aim = models.TextField()
    intended_outcome = models.TextField()
    description = models.TextField()
    overall_impact = models.TextField()
    went_well = models.TextField("What went well", blank=True)
    challenges = models.TextField(blank=True)
    recommendations = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Practice write-up: {self.problem}"


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class DocumentRun(models.Model):
    """A long document run (letters to every home) made in the background worker.

    The page that starts it redirects to the run's progress page, which polls it the way an
    import's page does; the finished file is the :class:`GeneratedDocument` it made, served by
    the guarded download. What the maker chose is kept so the worker can make it as they would
    have (their inputs, and the purpose they gave, read through their read model).
    """

    problem = models.ForeignKey("problems.Problem", on_delete=models.CASCADE, related_name="runs")
    kind = models.CharField(max_length=40)
    format = models.CharField(max_length=4, choices=Format.choices)
    subject_pk = models.PositiveIntegerField(help_text="The closure, problem or review made from")
    inputs = models.JSONField(default=dict, blank=True, help_text="What the maker chose")
    purpose = models.CharField(max_length=40, blank=True)
    note = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress_percent = models.PositiveSmallIntegerField(default=0)
    progress_message = models.CharField(max_length=200, blank=True)
    message = models.TextField(blank=True, help_text="Why it failed, in plain sentences")
    document = models.ForeignKey(
        GeneratedDocument, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Document run {self.pk} ({self.kind}, {self.get_status_display().lower()})"

    def get_absolute_url(self) -> str:
        return address("documents:run", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)
