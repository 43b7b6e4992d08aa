"""The websocket contract: client frames in (actions), server frames out (types). See docs/protocol.md."""
