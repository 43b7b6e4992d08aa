/*
 * What the widget knows about the citizen's chat. One plain object, replaced by a fresh one when the
 * citizen goes back to the topics (resetState) or leaves by the quick exit.
 */

/** The state of a widget with no conversation. */
export function freshState() {
  return {
    open: false, // the panel is open (always, in the chat page)
    exited: false, // the quick exit ran: the widget does nothing more on this page
    topics: null, // id → {id, label, label_en}, once loaded
    topicsLoading: false,
    topicId: null, // the conversation's topic
    suggestedTopic: null, // the topic a link asked for (data-open-chat, #chat=…)
    focusSuggestion: false, // give the suggested topic focus when it appears
    answering: null, // whether officers answer now (GET /api/availability); null: unknown
    conversationId: null,
    resumeToken: null,
    status: null, // "waiting" | "assigned" | "closed", as the server says
    waitUnknown: false, // waiting, and no officer is available to give an estimate
    queueVersion: null, // the newest queue-state version seen
    linkLost: false,
    connectedTimer: null,
    agentOffline: false, // the officer's console dropped (agent_presence)
    agentPresenceTimer: null,
    onClosed: null, // the quick exit waits for the server's "closed" through this
    agentName: null,
    startTopic: null, // a start sent or to send: the topic it asks for
    startId: null, // … and its start_id (the same on every try)
    ready: false, // the socket is open and the conversation started or resumed on it
    resumedOnce: false, // a start or resume answered since the page loaded
    closedShown: false,
    surveyInFlight: false,
    surveyDone: false,
    pending: [], // the citizen's messages not acknowledged yet: {id, text, node}
    unread: 0, // the officer's messages arrived while the panel was collapsed
    replayUpTo: null, // the last message id seen before this page: what replays is not new
    lastTypingSentAt: 0,
    typingTimer: null,
    availabilityTimer: null,
    opener: null, // what opened the panel: it gets focus back on collapse
  };
}

/** A fresh state that keeps what outlives a conversation: the topics, whether the panel is open, its opener. */
export function resetState(previous) {
  const next = freshState();
  next.topics = previous.topics;
  next.open = previous.open;
  next.opener = previous.opener;
  return next;
}

/** Whether the citizen has a conversation (or is starting one). */
export function hasConversation(state) {
  return !!(state.conversationId || state.startTopic);
}
