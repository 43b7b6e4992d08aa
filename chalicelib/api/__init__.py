"""Entry points: the websocket endpoint and the REST blueprints, thin over the services."""
