"""Django's ``flush``, lifting the audit triggers only while every table is wiped."""

from django.core.management.commands import flush
from django.db import connections

from clearhold.audit import triggers


class Command(flush.Command):
    def handle(self, **options):
        connection = connections[options["database"]]
        triggers.remove(connection)
        try:
            return super().handle(**options)
        finally:
            triggers.install(connection)
