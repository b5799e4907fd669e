"""The bottom toolkit every Django app may use: safe CSV streaming, upload limits, form helpers,
charts, navigation and the CLI's Django start-up. It imports nothing of ClearHold's apps, so an
app can use it without reaching up into the site (``clearhold.web``: settings, URLs, demo)."""
