"""The practice write-up, prefilled from the problem and edited before export."""

urlpatterns: list = []
