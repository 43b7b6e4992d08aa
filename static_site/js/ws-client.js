/*
 * Guichet's shared websocket client: one socket that comes back by itself.
 *
 * - Reconnects with exponential backoff and jitter (so a thousand phones do not return at once).
 * - Sends {"action":"ping"} every 5 minutes: API Gateway closes a socket idle for 10 minutes.
 *   A ping left without a pong for 20 s means the socket is dead: it is replaced.
 * - Replaces the socket before API Gateway's 2-hour limit cuts it.
 * - When the browser comes back online or the page becomes visible again: reconnects at once,
 *   or pings an open-looking socket to find out whether it survived (phones sleep).
 * - When the browser says it went offline: pings at once and gives the socket 5 s to answer, so a
 *   cut is noticed (and shown) in seconds rather than at the next heartbeat.
 *
 * The page decides what to say on each (re)connection (resume, sync) through `onOpen`.
 */
(function (global) {
  "use strict";

  var HEARTBEAT_MS = 5 * 60 * 1000;
  var PONG_TIMEOUT_MS = 20 * 1000;
  var OFFLINE_PONG_TIMEOUT_MS = 5 * 1000;
  var MAX_AGE_MS = 110 * 60 * 1000;
  var BASE_DELAY_MS = 500;
  var MAX_DELAY_MS = 30 * 1000;

  /** The websocket URL from the page's config: wsUrl, or ws(s)://<this host>/ws. */
  function socketUrl(config, query) {
    var base = config && config.wsUrl;
    if (!base) {
      var scheme = global.location.protocol === "https:" ? "wss:" : "ws:";
      base = scheme + "//" + global.location.host + "/ws";
    }
    var url = new URL(base, global.location.href);
    Object.keys(query || {}).forEach(function (key) {
      url.searchParams.set(key, query[key]);
    });
    return url.toString();
  }

  /** Delay before reconnection attempt n (0-based): half fixed, half random, doubling up to a cap. */
  function backoffDelay(attempt, baseMs, maxMs, random) {
    var ceiling = Math.min(maxMs, baseMs * Math.pow(2, attempt));
    return Math.round(ceiling / 2 + (random || Math.random)() * (ceiling / 2));
  }

  /** A random id for client_msg_id (crypto.randomUUID needs a secure context; fall back to random bytes). */
  function newId() {
    if (global.crypto && typeof global.crypto.randomUUID === "function") {
      return global.crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);
    global.crypto.getRandomValues(bytes);
    return Array.prototype.map
      .call(bytes, function (b) {
        return (b < 16 ? "0" : "") + b.toString(16);
      })
      .join("");
  }

  /**
   * options.url      string, or function returning the URL (or null to give up) at each attempt
   * options.onOpen   called on every successful (re)connection
   * options.onFrame  called with each parsed server frame (pongs are kept here)
   * options.onStatus called with "connecting" | "open" | "reconnecting" | "stopped" and {attempt, delayMs}
   */
  function ReconnectingSocket(options) {
    this._url = options.url;
    this._onOpen = options.onOpen || function () {};
    this._onFrame = options.onFrame || function () {};
    this._onStatus = options.onStatus || function () {};
    this._heartbeatMs = options.heartbeatMs || HEARTBEAT_MS;
    this._pongTimeoutMs = options.pongTimeoutMs || PONG_TIMEOUT_MS;
    this._offlinePongTimeoutMs = options.offlinePongTimeoutMs || OFFLINE_PONG_TIMEOUT_MS;
    this._maxAgeMs = options.maxAgeMs || MAX_AGE_MS;
    this._baseDelayMs = options.baseDelayMs || BASE_DELAY_MS;
    this._maxDelayMs = options.maxDelayMs || MAX_DELAY_MS;
    this._ws = null;
    this._attempt = 0;
    this._failuresBeforeOpen = 0;
    this._stopped = true;
    this._timers = {};
    this._wake = this.wake.bind(this);
    this._onOffline = function () {
      if (this.isOpen()) this._probe(this._ws, this._offlinePongTimeoutMs);
    }.bind(this);
    this._onVisible = function () {
      if (global.document.visibilityState === "visible") this.wake();
    }.bind(this);
  }

  ReconnectingSocket.prototype.start = function () {
    if (!this._stopped) return;
    this._stopped = false;
    global.addEventListener("online", this._wake);
    global.addEventListener("offline", this._onOffline);
    global.document.addEventListener("visibilitychange", this._onVisible);
    this._connect();
  };

  /** Close for good (logout, page leaving). */
  ReconnectingSocket.prototype.stop = function () {
    this._stopped = true;
    global.removeEventListener("online", this._wake);
    global.removeEventListener("offline", this._onOffline);
    global.document.removeEventListener("visibilitychange", this._onVisible);
    this._clearTimers();
    clearTimeout(this._timers.retry);
    var ws = this._ws;
    this._ws = null;
    if (ws) {
      try {
        ws.close(1000, "bye");
      } catch (ignored) {
        /* already closing */
      }
    }
    this._onStatus("stopped", {});
  };

  ReconnectingSocket.prototype.isOpen = function () {
    return !!this._ws && this._ws.readyState === global.WebSocket.OPEN;
  };

  /** How many attempts in a row failed before a socket opened (a refused handshake looks like this). */
  ReconnectingSocket.prototype.failuresBeforeOpen = function () {
    return this._failuresBeforeOpen;
  };

  /** Send one frame if the socket is open; false means "not sent, try again after reconnecting". */
  ReconnectingSocket.prototype.send = function (frame) {
    if (!this.isOpen()) return false;
    this._ws.send(JSON.stringify(frame));
    return true;
  };

  /**
   * The network is back or the page is visible again: reconnect now if the socket is down,
   * or check with a ping that an open-looking socket is still alive (phones sleep).
   */
  ReconnectingSocket.prototype.wake = function () {
    if (this.isOpen()) this._probe(this._ws);
    else this.reconnectNow();
  };

  /** Skip the backoff wait. */
  ReconnectingSocket.prototype.reconnectNow = function () {
    if (this._stopped || this._ws) return;
    clearTimeout(this._timers.retry);
    this._attempt = 0;
    this._connect();
  };

  ReconnectingSocket.prototype._connect = function () {
    clearTimeout(this._timers.retry);
    if (this._stopped) return;
    var url = typeof this._url === "function" ? this._url() : this._url;
    if (!url) {
      this.stop();
      return;
    }
    this._onStatus(this._attempt === 0 && !this._everOpened ? "connecting" : "reconnecting", {
      attempt: this._attempt,
    });
    var ws;
    try {
      ws = new global.WebSocket(url);
    } catch (err) {
      this._retry();
      return;
    }
    var self = this;
    var opened = false;
    this._ws = ws;
    ws.onopen = function () {
      if (ws !== self._ws) return;
      opened = true;
      self._everOpened = true;
      self._attempt = 0;
      self._failuresBeforeOpen = 0;
      self._startTimers(ws);
      self._onStatus("open", {});
      self._onOpen();
    };
    ws.onmessage = function (event) {
      if (ws !== self._ws) return;
      var frame;
      try {
        frame = JSON.parse(event.data);
      } catch (ignored) {
        return;
      }
      if (frame && frame.type === "pong") {
        clearTimeout(self._timers.pong);
        self._timers.pong = null;
        return;
      }
      self._onFrame(frame);
    };
    ws.onclose = function () {
      if (ws !== self._ws) return;
      self._clearTimers();
      self._ws = null;
      if (!opened) self._failuresBeforeOpen += 1;
      if (!self._stopped) self._retry();
    };
    ws.onerror = function () {
      /* a close event always follows */
    };
  };

  ReconnectingSocket.prototype._retry = function () {
    var delay = backoffDelay(this._attempt, this._baseDelayMs, this._maxDelayMs);
    this._attempt += 1;
    this._onStatus("reconnecting", { attempt: this._attempt, delayMs: delay });
    this._timers.retry = setTimeout(this._connect.bind(this), delay);
  };

  ReconnectingSocket.prototype._startTimers = function (ws) {
    var self = this;
    this._timers.heartbeat = setInterval(function () {
      self._probe(ws);
    }, this._heartbeatMs);
    this._timers.maxAge = setTimeout(function () {
      self._replace(ws);
    }, this._maxAgeMs);
  };

  /** Ping; a socket that does not answer in time (pongTimeoutMs unless given) is dead and gets replaced. */
  ReconnectingSocket.prototype._probe = function (ws, timeoutMs) {
    if (ws !== this._ws || ws.readyState !== global.WebSocket.OPEN) return;
    var self = this;
    var wait = timeoutMs || this._pongTimeoutMs;
    var deadline = Date.now() + wait;
    ws.send('{"action":"ping"}');
    // Already waiting for an answer: keep the earlier deadline unless this one is sooner.
    if (this._timers.pong && this._timers.pongDeadline <= deadline) return;
    clearTimeout(this._timers.pong);
    this._timers.pongDeadline = deadline;
    this._timers.pong = setTimeout(function () {
      self._replace(ws);
    }, wait);
  };

  /** Drop this socket (dead or too old) and open a fresh one at once. */
  ReconnectingSocket.prototype._replace = function (ws) {
    if (ws !== this._ws) return;
    this._clearTimers();
    this._ws = null;
    try {
      ws.close(1000, "renew");
    } catch (ignored) {
      /* already closed */
    }
    this._attempt = 0;
    this._connect();
  };

  ReconnectingSocket.prototype._clearTimers = function () {
    clearInterval(this._timers.heartbeat);
    clearTimeout(this._timers.pong);
    clearTimeout(this._timers.maxAge);
    this._timers.pong = null;
  };

  global.GuichetWs = {
    ReconnectingSocket: ReconnectingSocket,
    socketUrl: socketUrl,
    backoffDelay: backoffDelay,
    newId: newId,
  };
})(window);
