"""The consultation log: responses per unit, objections with reasons, replies sent."""

urlpatterns: list = []
