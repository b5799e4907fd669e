"""Retention: how long ClearHold keeps personal data, and the run that deletes or anonymises
what is due (``clearhold retention``). The rules are in :mod:`clearhold.retention.policy`."""
