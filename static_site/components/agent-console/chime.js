/*
 * The alert sound: a short two-note chime made with the Web Audio API (no sound file to host). Browsers
 * let a page make sound only after the person used it, so the audio context is opened on the first
 * click or key press and reused.
 */

export function createChime(win = globalThis) {
  let context = null;

  function audio() {
    const Context = win.AudioContext || win.webkitAudioContext;
    if (!Context) return null;
    if (!context) context = new Context();
    if (context.state === "suspended" && context.resume) context.resume().catch(() => {});
    return context;
  }

  /** Open the audio context on the person's first gesture, so later alerts can sound. */
  function install(doc = win.document) {
    const unlock = () => {
      audio();
      doc.removeEventListener("pointerdown", unlock, true);
      doc.removeEventListener("keydown", unlock, true);
    };
    doc.addEventListener("pointerdown", unlock, true);
    doc.addEventListener("keydown", unlock, true);
  }

  /** Play the chime (about a third of a second); false where the browser has no Web Audio. */
  function play() {
    const a = audio();
    if (!a) return false;
    const start = a.currentTime;
    const gain = a.createGain();
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.25, start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.32);
    gain.connect(a.destination);
    const tone = a.createOscillator();
    tone.type = "sine";
    tone.frequency.setValueAtTime(880, start);
    tone.frequency.setValueAtTime(660, start + 0.12);
    tone.connect(gain);
    tone.start(start);
    tone.stop(start + 0.34);
    return true;
  }

  return { install, play };
}
