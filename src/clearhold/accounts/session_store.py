"""Django's database session store, keeping a session's note (:class:`SignedInSession`) when
the session is given a new key.

Django gives a signed-in session a new key when its person changes their password
(``update_session_auth_hash``), without signing in again. The note belongs to the old key's
row and went with it, so the session was left off its person's list and out of "sign out
everywhere": someone who had taken over an account and changed its password kept their
session after an administrator ended all of the person's sessions.
"""

from __future__ import annotations

from django.contrib.sessions.backends import db


class SessionStore(db.SessionStore):
    def cycle_key(self) -> None:
        """A new key for the same data (as Django's), the note moved to it before the old
        row is deleted."""
        data = self._session
        key = self.session_key
        self.create()
        self._session_cache = data
        if key:
            _move_note(key, self.session_key)
            self.delete(key)

    async def acycle_key(self) -> None:
        from asgiref.sync import sync_to_async

        await sync_to_async(self.cycle_key)()


def _move_note(old: str, new: str) -> None:
    from clearhold.accounts.models import SignedInSession

    SignedInSession.objects.filter(session_id=old).update(session_id=new)
