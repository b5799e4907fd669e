"""Running ClearHold for real: the production web server, the task worker and its heartbeat,
and the health and readiness answers a load balancer or an orchestrator asks for."""
