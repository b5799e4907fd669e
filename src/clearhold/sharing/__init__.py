"""The sharing record's tables (see ``apps.SharingConfig``); its rules, forms, pages and
services are part of the problem-solving case in ``clearhold.problems``."""
