/* What the console knows: the officer, their chosen status, the queue snapshot and their conversations. */

export const STATUS_KEY = "guichet.agent.status";
export const DEFAULT_CAPACITY = 3;

/** The state of a console with nobody signed in. */
export function freshConsoleState() {
  return {
    token: null,
    agent: null, // {agent_id, display_name, status, capacity, active_count}, from the server
    desiredStatus: "away", // what the officer chose: restored after every reconnection
    topics: {}, // id → label
    waiting: [], // the queue's first conversations, in serving order (the latest snapshot)
    waitingTotal: 0,
    waitingVersion: 0,
    conversations: {}, // id → conversation (see conversations.js)
    order: [], // conversation ids, in tab order
    activeId: null,
    linkUp: false, // while the console's own link is down, the citizens' presence is unknown
    replaced: false, // a newer console of the same officer took over
  };
}

/** Whether a waiting-list snapshot is to be shown, given the version shown (an older one arriving late is not). */
export function isNewerSnapshot(frame, shownVersion) {
  return !(frame.version < shownVersion);
}

/** How many conversations are open (not closed) among the console's. */
export function openCount(state) {
  return state.order.filter((id) => state.conversations[id].status !== "closed").length;
}

/** The officer's capacity, 3 until the server says. */
export function capacityOf(state) {
  return state.agent ? state.agent.capacity : DEFAULT_CAPACITY;
}

export function sessionRead(key) {
  try {
    return globalThis.sessionStorage.getItem(key);
  } catch (ignored) {
    return null;
  }
}

export function sessionWrite(key, value) {
  try {
    if (value == null) globalThis.sessionStorage.removeItem(key);
    else globalThis.sessionStorage.setItem(key, value);
  } catch (ignored) {
    /* storage unavailable: the console still works until the page closes */
  }
}
