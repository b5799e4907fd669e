"""The API's routers, one module per area the web has."""
