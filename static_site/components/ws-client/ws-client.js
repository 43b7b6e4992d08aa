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
 *
 * An ES module: `import { ReconnectingSocket, socketUrl, newId } from "/components/ws-client/ws-client.js"`.
 */
const HEARTBEAT_MS = 5 * 60 * 1000;
const PONG_TIMEOUT_MS = 20 * 1000;
const OFFLINE_PONG_TIMEOUT_MS = 5 * 1000;
const MAX_AGE_MS = 110 * 60 * 1000;
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 30 * 1000;

/** The websocket URL from the page's config: wsUrl, or ws(s)://<this host>/ws. */
export function socketUrl(config, query) {
  let base = config && config.wsUrl;
  if (!base) {
    const scheme = globalThis.location.protocol === "https:" ? "wss:" : "ws:";
    base = scheme + "//" + globalThis.location.host + "/ws";
  }
  const url = new URL(base, globalThis.location.href);
  Object.keys(query || {}).forEach(function (key) {
    url.searchParams.set(key, query[key]);
  });
  return url.toString();
}

/** Delay before reconnection attempt n (0-based): half fixed, half random, doubling up to a cap. */
export function backoffDelay(attempt, baseMs, maxMs, random) {
  const ceiling = Math.min(maxMs, baseMs * Math.pow(2, attempt));
  return Math.round(ceiling / 2 + (random || Math.random)() * (ceiling / 2));
}

/** A random id for client_msg_id (crypto.randomUUID needs a secure context; fall back to random bytes). */
export function newId() {
  if (globalThis.crypto && typeof globalThis.crypto.randomUUID === "function") {
    return globalThis.crypto.randomUUID();
  }
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.prototype.map
    .call(bytes, function (b) {
      return (b < 16 ? "0" : "") + b.toString(16);
    })
    .join("");
}

/**
 * options.url      string, or function returning the URL (or null to give up) at each attempt, or a promise
 *                  of it (the officer's console buys a single-use ticket first)
 * options.onOpen   called on every successful (re)connection
 * options.onFrame  called with each parsed server frame (pongs are kept here)
 * options.onStatus called with "connecting" | "open" | "reconnecting" | "stopped" and {attempt, delayMs}
 */
export class ReconnectingSocket {
  constructor(options) {
    this._url = options.url;
    this._onOpen = options.onOpen || (() => {});
    this._onFrame = options.onFrame || (() => {});
    this._onStatus = options.onStatus || (() => {});
    this._heartbeatMs = options.heartbeatMs || HEARTBEAT_MS;
    this._pongTimeoutMs = options.pongTimeoutMs || PONG_TIMEOUT_MS;
    this._offlinePongTimeoutMs = options.offlinePongTimeoutMs || OFFLINE_PONG_TIMEOUT_MS;
    this._maxAgeMs = options.maxAgeMs || MAX_AGE_MS;
    this._baseDelayMs = options.baseDelayMs || BASE_DELAY_MS;
    this._maxDelayMs = options.maxDelayMs || MAX_DELAY_MS;
    this._ws = null;
    this._attempt = 0;
    this._failuresBeforeOpen = 0;
    this._everOpened = false;
    this._stopped = true;
    this._timers = {};
    this._wake = () => this.wake();
    this._onOffline = () => {
      if (this.isOpen()) this._probe(this._ws, this._offlinePongTimeoutMs);
    };
    this._onVisible = () => {
      if (globalThis.document.visibilityState === "visible") this.wake();
    };
  }

  start() {
    if (!this._stopped) return;
    this._stopped = false;
    globalThis.addEventListener("online", this._wake);
    globalThis.addEventListener("offline", this._onOffline);
    globalThis.document.addEventListener("visibilitychange", this._onVisible);
    this._connect();
  }

  /** Close for good (logout, page leaving). */
  stop() {
    this._stopped = true;
    globalThis.removeEventListener("online", this._wake);
    globalThis.removeEventListener("offline", this._onOffline);
    globalThis.document.removeEventListener("visibilitychange", this._onVisible);
    this._clearTimers();
    clearTimeout(this._timers.retry);
    const ws = this._ws;
    this._ws = null;
    if (ws) {
      try {
        ws.close(1000, "bye");
      } catch (ignored) {
        /* already closing */
      }
    }
    this._onStatus("stopped", {});
  }

  isOpen() {
    return !!this._ws && this._ws.readyState === globalThis.WebSocket.OPEN;
  }

  /** How many attempts in a row failed before a socket opened (a refused handshake looks like this). */
  failuresBeforeOpen() {
    return this._failuresBeforeOpen;
  }

  /** Send one frame if the socket is open; false means "not sent, try again after reconnecting". */
  send(frame) {
    if (!this.isOpen()) return false;
    this._ws.send(JSON.stringify(frame));
    return true;
  }

  /**
   * The network is back or the page is visible again: reconnect now if the socket is down,
   * or check with a ping that an open-looking socket is still alive (phones sleep).
   */
  wake() {
    if (this.isOpen()) this._probe(this._ws);
    else this.reconnectNow();
  }

  /** Skip the backoff wait. */
  reconnectNow() {
    if (this._stopped || this._ws) return;
    clearTimeout(this._timers.retry);
    this._attempt = 0;
    this._connect();
  }

  _connect() {
    clearTimeout(this._timers.retry);
    if (this._stopped) return;
    const url = typeof this._url === "function" ? this._url() : this._url;
    if (url && typeof url.then === "function") {
      // The URL is being made (the officer's console buys a single-use ticket first): open once it is.
      const attempt = (this._pending = {});
      url.then(
        (ready) => attempt === this._pending && !this._stopped && this._open(ready),
        () => attempt === this._pending && !this._stopped && this._retry(),
      );
      return;
    }
    this._open(url);
  }

  _open(url) {
    this._pending = null;
    if (!url) {
      this.stop();
      return;
    }
    this._onStatus(this._attempt === 0 && !this._everOpened ? "connecting" : "reconnecting", {
      attempt: this._attempt,
    });
    let ws;
    try {
      ws = new globalThis.WebSocket(url);
    } catch (err) {
      this._retry();
      return;
    }
    let opened = false;
    this._ws = ws;
    ws.onopen = () => {
      if (ws !== this._ws) return;
      opened = true;
      this._everOpened = true;
      this._attempt = 0;
      this._failuresBeforeOpen = 0;
      this._startTimers(ws);
      this._onStatus("open", {});
      this._onOpen();
    };
    ws.onmessage = (event) => {
      if (ws !== this._ws) return;
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch (ignored) {
        return;
      }
      if (frame && frame.type === "pong") {
        clearTimeout(this._timers.pong);
        this._timers.pong = null;
        return;
      }
      this._onFrame(frame);
    };
    ws.onclose = () => {
      if (ws !== this._ws) return;
      this._clearTimers();
      this._ws = null;
      if (!opened) this._failuresBeforeOpen += 1;
      if (!this._stopped) this._retry();
    };
    ws.onerror = () => {
      /* a close event always follows */
    };
  }

  _retry() {
    const delay = backoffDelay(this._attempt, this._baseDelayMs, this._maxDelayMs);
    this._attempt += 1;
    this._onStatus("reconnecting", { attempt: this._attempt, delayMs: delay });
    this._timers.retry = setTimeout(() => this._connect(), delay);
  }

  _startTimers(ws) {
    this._timers.heartbeat = setInterval(() => this._probe(ws), this._heartbeatMs);
    this._timers.maxAge = setTimeout(() => this._replace(ws), this._maxAgeMs);
  }

  /** Ping; a socket that does not answer in time (pongTimeoutMs unless given) is dead and gets replaced. */
  _probe(ws, timeoutMs) {
    if (ws !== this._ws || ws.readyState !== globalThis.WebSocket.OPEN) return;
    const wait = timeoutMs || this._pongTimeoutMs;
    const deadline = Date.now() + wait;
    ws.send('{"action":"ping"}');
    // Already waiting for an answer: keep the earlier deadline unless this one is sooner.
    if (this._timers.pong && this._timers.pongDeadline <= deadline) return;
    clearTimeout(this._timers.pong);
    this._timers.pongDeadline = deadline;
    this._timers.pong = setTimeout(() => this._replace(ws), wait);
  }

  /** Drop this socket (dead or too old) and open a fresh one at once. */
  _replace(ws) {
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
  }

  _clearTimers() {
    clearInterval(this._timers.heartbeat);
    clearTimeout(this._timers.pong);
    clearTimeout(this._timers.maxAge);
    this._timers.pong = null;
  }
}
