"""Premises: a distinct, identifiable property that incidents can be linked to.

The problem-solving case extends this area with sites, their polygons and units; incidents
only need the premises they happened at, so that repeat places can be counted by premises
as well as by snap point.
"""

from __future__ import annotations

from django.db import models


class Premises(models.Model):
    name = models.CharField(max_length=200, help_text="e.g. Onyx Court, or Flat 12 Anywhere House")
    address = models.TextField(blank=True)
    easting = models.FloatField(null=True, blank=True)
    northing = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "premises"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SiteKind(models.TextChoices):
    BLOCK = "block", "Block of flats"
    ESTATE = "estate", "Estate communal areas"
    OPEN_SPACE = "open_space", "Open space"
    DWELLING = "dwelling", "Single dwelling"
    CAR_PARK = "car_park", "Car park"
    OTHER = "other", "Other premises"


class Site(models.Model):
    """The subject of a problem-solving case: a distinct, identifiable property or part of one
    (not a whole area: see Leeds City Council v Persons Unknown), with its outline."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=SiteKind.choices, default=SiteKind.OTHER)
    address = models.TextField(blank=True)
    managing_landlord = models.CharField(max_length=200, blank=True)
    # A premises licence in force (Licensing Act 2003, Part 3): a court that closes licensed
    # premises must notify the licensing authority (2014 Act s.80(9); on appeal, s.84(7)).
    licence_number = models.CharField(
        "premises licence number", max_length=60, blank=True, help_text="As on the licence"
    )
    licensing_authority = models.CharField(
        max_length=200, blank=True, help_text="The licensing authority that granted it"
    )
    licensing_authority_address = models.TextField(blank=True)
    boundary = models.JSONField(help_text="GeoJSON geometry in WGS84 (longitude, latitude)")
    easting = models.FloatField(help_text="Centre of the outline, British National Grid")
    northing = models.FloatField()
    area_m2 = models.FloatField()
    origin = models.CharField(max_length=300, blank=True, help_text="How the outline was made")
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from clearhold.toolkit.addresses import address

        return address("places:site", args=[self.pk])

    @property
    def licensed(self) -> bool:
        """Whether a premises licence is recorded as in force here."""
        return bool(self.licence_number.strip())


class Unit(models.Model):
    """A home or unit at a site (a flat in a block): resident letters go to each one."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="units")
    name = models.CharField(max_length=100, help_text="e.g. Flat 12")
    address = models.TextField(blank=True)
    residents = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["site", "name"]
        constraints = [
            models.UniqueConstraint(fields=["site", "name"], name="one_unit_name_per_site")
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.site}"
