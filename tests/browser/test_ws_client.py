"""The shared websocket client in a real page: backoff bounds, heartbeat, renewal before API Gateway's 2 h."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_backoff_doubles_with_jitter_up_to_a_cap(local_stack, contexts):
    page = contexts.new_page({"width": 390, "height": 844})
    page.goto(f"{local_stack.base_url}/chat.html")
    bounds = page.evaluate(
        """async () => {
            const GuichetWs = await import("/components/ws-client/ws-client.js");
            return [0, 1, 2, 3, 10].map((n) => [
                GuichetWs.backoffDelay(n, 500, 30000, () => 0),
                GuichetWs.backoffDelay(n, 500, 30000, () => 0.999999),
            ]);
        }"""
    )
    assert bounds == [[250, 500], [500, 1000], [1000, 2000], [2000, 4000], [15000, 30000]]


def test_the_client_pings_keeps_pongs_to_itself_and_renews_an_old_socket(local_stack, contexts):
    page = contexts.new_page({"width": 390, "height": 844})
    page.goto(f"{local_stack.base_url}/index.html")
    result = page.evaluate(
        """async () => {
          const GuichetWs = await import("/components/ws-client/ws-client.js");
          return new Promise((resolve) => {
            const sent = [], frames = [], statuses = [];
            let opens = 0;
            const nativeSend = WebSocket.prototype.send;
            WebSocket.prototype.send = function (data) { sent.push(data); return nativeSend.call(this, data); };
            const socket = new GuichetWs.ReconnectingSocket({
                url: GuichetWs.socketUrl({ wsUrl: null }),
                heartbeatMs: 150,
                maxAgeMs: 700,
                onOpen: () => { opens += 1; },
                onFrame: (frame) => frames.push(frame.type),
                onStatus: (status) => statuses.push(status),
            });
            socket.start();
            setTimeout(() => {
                socket.stop();
                WebSocket.prototype.send = nativeSend;
                resolve({ sent, frames, statuses, opens });
            }, 1100);
          });
        }"""
    )
    assert result["sent"] and set(result["sent"]) == {'{"action":"ping"}'}
    assert result["frames"] == []  # pongs stay inside the client
    assert result["opens"] == 2  # renewed once, before the maximum age, without waiting for a backoff
    assert result["statuses"][0] == "connecting" and result["statuses"][-1] == "stopped"
