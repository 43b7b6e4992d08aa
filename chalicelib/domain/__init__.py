"""The domain: plain Python, no AWS import. Conversations, queue, agents, assignment, waits."""
