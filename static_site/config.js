// Where the citizen pages and the console find the API. A deployment replaces this file.
// wsUrl null means the same origin: ws(s)://<host>/ws.
window.GUICHET_CONFIG = window.GUICHET_CONFIG || {apiBase: "/api", wsUrl: null};
