"""Closure powers and graduated enforcement: notices, service, hearings, orders, breaches."""
