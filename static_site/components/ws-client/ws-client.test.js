import assert from "node:assert/strict";
import { afterEach, beforeEach, test } from "node:test";

import { ReconnectingSocket, backoffDelay, newId, socketUrl } from "./ws-client.js";

test("the backoff doubles from the base, half of it random, up to the cap", () => {
  const low = [0, 1, 2, 3, 10].map((n) => backoffDelay(n, 500, 30000, () => 0));
  const high = [0, 1, 2, 3, 10].map((n) => backoffDelay(n, 500, 30000, () => 0.999999));
  assert.deepEqual(low, [250, 500, 1000, 2000, 15000]);
  assert.deepEqual(high, [500, 1000, 2000, 4000, 30000]);
});

test("client message ids are distinct", () => {
  const ids = new Set(Array.from({ length: 100 }, () => newId()));
  assert.equal(ids.size, 100);
});

// A browser-like global scope: location, events, a document, and a WebSocket the test drives.
class FakeSocket {
  static OPEN = 1;
  static made = [];
  constructor(url) {
    this.url = url;
    this.readyState = 0;
    this.sent = [];
    FakeSocket.made.push(this);
  }
  send(data) {
    this.sent.push(data);
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = FakeSocket.OPEN;
    this.onopen();
  }
  receive(frame) {
    this.onmessage({ data: typeof frame === "string" ? frame : JSON.stringify(frame) });
  }
  drop() {
    this.readyState = 3;
    this.onclose();
  }
}

const saved = {};
beforeEach(() => {
  for (const name of ["location", "WebSocket", "document", "addEventListener", "removeEventListener"]) saved[name] = globalThis[name];
  const listeners = new Set();
  globalThis.location = new URL("https://guichet.example/chat.html");
  globalThis.WebSocket = FakeSocket;
  globalThis.document = { visibilityState: "visible", addEventListener() {}, removeEventListener() {} };
  globalThis.addEventListener = (type, fn) => listeners.add(fn);
  globalThis.removeEventListener = (type, fn) => listeners.delete(fn);
  FakeSocket.made = [];
});
afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete globalThis[name];
    else globalThis[name] = value;
  }
});

test("the socket URL is the page's origin at /ws unless the config names one, with the query added", () => {
  assert.equal(socketUrl({ wsUrl: null }), "wss://guichet.example/ws");
  assert.equal(
    socketUrl({ wsUrl: "wss://abc.execute-api.eu-west-3.amazonaws.com/api" }, { ticket: "t 1" }),
    "wss://abc.execute-api.eu-west-3.amazonaws.com/api?ticket=t+1"
  );
});

test("frames are parsed and handed over, pongs and unreadable frames kept inside", () => {
  const frames = [];
  const statuses = [];
  const socket = new ReconnectingSocket({ url: "wss://x/ws", onFrame: (f) => frames.push(f), onStatus: (s) => statuses.push(s) });
  socket.start();
  const ws = FakeSocket.made[0];
  ws.open();
  ws.receive({ type: "pong" });
  ws.receive("not json");
  ws.receive({ type: "queued", position: 2 });
  assert.deepEqual(frames, [{ type: "queued", position: 2 }]);
  assert.equal(socket.send({ action: "ping" }), true);
  socket.stop();
  assert.equal(socket.send({ action: "ping" }), false);
  assert.deepEqual(statuses, ["connecting", "open", "stopped"]);
});

test("a dropped socket comes back after a backoff, and each opening is reported", async () => {
  let opens = 0;
  const statuses = [];
  const socket = new ReconnectingSocket({
    url: () => "wss://x/ws",
    onOpen: () => (opens += 1),
    onStatus: (s) => statuses.push(s),
    baseDelayMs: 1,
    maxDelayMs: 2,
  });
  socket.start();
  FakeSocket.made[0].open();
  FakeSocket.made[0].drop();
  assert.equal(socket.isOpen(), false);
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(FakeSocket.made.length, 2);
  FakeSocket.made[1].open();
  assert.equal(opens, 2);
  assert.deepEqual(statuses, ["connecting", "open", "reconnecting", "reconnecting", "open"]);
  socket.stop();
});

test("handshakes refused in a row are counted until a socket opens", async () => {
  const socket = new ReconnectingSocket({ url: "wss://x/ws", baseDelayMs: 1, maxDelayMs: 1 });
  socket.start();
  FakeSocket.made[0].drop();
  await new Promise((resolve) => setTimeout(resolve, 10));
  FakeSocket.made[1].drop();
  assert.equal(socket.failuresBeforeOpen(), 2);
  await new Promise((resolve) => setTimeout(resolve, 10));
  FakeSocket.made[2].open();
  assert.equal(socket.failuresBeforeOpen(), 0);
  socket.stop();
});

test("a URL function answering null gives up: the socket stops", () => {
  const statuses = [];
  const socket = new ReconnectingSocket({ url: () => null, onStatus: (s) => statuses.push(s) });
  socket.start();
  assert.equal(FakeSocket.made.length, 0);
  assert.deepEqual(statuses, ["stopped"]);
});

test("a URL still being made (a ticket bought first) opens once ready; a failure retries, a stop forgets it", async () => {
  let asked = 0;
  const socket = new ReconnectingSocket({
    url: () => {
      asked += 1;
      return asked === 1 ? Promise.reject(new Error("network")) : Promise.resolve("wss://x/ws?ticket=t" + asked);
    },
    baseDelayMs: 1,
    maxDelayMs: 2,
  });
  socket.start();
  assert.equal(FakeSocket.made.length, 0);
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(FakeSocket.made.map((ws) => ws.url), ["wss://x/ws?ticket=t2"]);
  socket.stop();
  const late = new ReconnectingSocket({ url: () => Promise.resolve("wss://x/ws?ticket=late") });
  late.start();
  late.stop();
  await new Promise((resolve) => setTimeout(resolve, 5));
  assert.equal(FakeSocket.made.length, 1);
});
