"""The audit trail's reports: search, the reads report, the data protection officer's report and
the subject-access export, and the purpose page. They read every app's records, so they sit
with the site above the domain apps; the audit core (``clearhold.audit``: the entry, recording
and read logging) sits below them, so every app can write to it."""
