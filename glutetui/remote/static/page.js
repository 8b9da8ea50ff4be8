"use strict";
// The phone remote's page: draws each view the laptop sends, sends each tap back.
// Text from the laptop is only ever set as textContent, never parsed as markup.
(() => {
  const formKey = document.querySelector('meta[name="form-key"]').content;
  const STALL_MS = 13000; // about three missed heartbeats: the stream is dead
  const byId = (id) => document.getElementById(id);
  const body = document.body;

  let live = false; // a view arrived on the current stream
  let unpaired = false; // the laptop let this phone go: only a new code helps
  let source = null;
  let watchdog = 0;
  let retryTimer = 0;
  let attempts = 0;

  // --- drawing -----------------------------------------------------------------------

  function put(id, text) {
    const node = byId(id);
    if (node.textContent !== text) node.textContent = text;
  }

  function draw(v) {
    body.dataset.screen = v.screen;
    body.dataset.tone = v.tone || "none";
    body.classList.toggle("two-legged", v.two_legged);
    put("phase", v.phase);
    byId("phase").classList.toggle("long", v.phase.length > 9);
    put("exercise", v.exercise);
    put("side", v.side || "");
    put("time", v.time);
    put("time-label", v.time_label);
    put("reps", v.reps);
    put("reps-label", v.reps_label);
    byId("time-box").classList.toggle("none", !v.time);
    byId("reps-box").classList.toggle("none", !v.reps);
    put("program", v.program);
    put("next-planned", v.next_planned ? `Next planned: ${v.next_planned}` : "");
    byId("today").classList.toggle("named", v.program !== "");
    const pause = byId("pause");
    pause.dataset.intent = v.paused ? "resume" : "pause";
    put("pause", v.paused ? "Resume" : "Pause");
    for (const b of document.querySelectorAll('[data-intent="rate"]')) {
      b.setAttribute("aria-pressed", String(Number(b.dataset.effort) === v.effort));
    }
    for (const b of document.querySelectorAll('[data-intent="pain"]')) {
      b.setAttribute("aria-pressed", String(v.pain.includes(b.dataset.side)));
    }
    if (v.screen !== "workout") closeConfirm();
  }

  function setLive(on, title, text) {
    live = on;
    body.classList.toggle("offline", !on);
    put("status-text", on ? "Connected" : title);
    if (!on) {
      put("offline-title", title);
      put("offline-text", text);
      closeConfirm();
    }
    for (const b of document.querySelectorAll("button")) b.disabled = !on && !b.closest("#confirm");
  }

  // --- the live stream ---------------------------------------------------------------

  function connect() {
    clearTimeout(retryTimer);
    if (source) source.close();
    source = new EventSource("/events");
    source.addEventListener("view", (e) => {
      heard();
      attempts = 0;
      draw(JSON.parse(e.data));
      if (!live) setLive(true);
    });
    source.addEventListener("beat", heard);
    source.addEventListener("bye", () => {
      unpaired = true;
      stop();
      setLive(false, "Disconnected", "The laptop let this phone go. Scan the new code on its screen to connect again.");
    });
    source.addEventListener("error", () => {
      if (unpaired) return;
      lost();
      // A refused or failed stream is not retried by the browser: try again ourselves.
      if (source.readyState === EventSource.CLOSED) later();
    });
    heard();
  }

  function heard() {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => {
      // Nothing, not even a heartbeat: the connection died without saying so.
      lost();
      later();
    }, STALL_MS);
  }

  function lost() {
    if (!unpaired) {
      setLive(false, "Disconnected", "Looking for the laptop… the numbers come back as soon as it answers.");
    }
  }

  function later() {
    if (source) source.close();
    clearTimeout(retryTimer);
    attempts = Math.min(attempts + 1, 5);
    retryTimer = setTimeout(connect, 1000 * attempts);
  }

  function stop() {
    clearTimeout(watchdog);
    clearTimeout(retryTimer);
    if (source) source.close();
    source = null;
  }

  // --- taps --------------------------------------------------------------------------

  function intentOf(button) {
    const intent = { intent: button.dataset.intent };
    if (intent.intent === "add-rest") intent.seconds = 15;
    if (intent.intent === "rate") intent.effort = Number(button.dataset.effort);
    if (intent.intent === "pain") intent.side = button.dataset.side;
    return intent;
  }

  async function send(intent, button) {
    if (!live) return;
    if (button) {
      button.classList.add("sent");
      setTimeout(() => button.classList.remove("sent"), 250);
    }
    if (navigator.vibrate) navigator.vibrate(15);
    try {
      await fetch("/intent", {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Form-Key": formKey },
        body: JSON.stringify(intent),
        credentials: "same-origin",
        cache: "no-store",
      });
    } catch (_) {
      lost();
      later();
    }
  }

  function openConfirm() {
    byId("confirm").hidden = false;
    byId("confirm-no").focus();
  }

  function closeConfirm() {
    byId("confirm").hidden = true;
  }

  document.addEventListener("click", (e) => {
    const button = e.target.closest("button");
    if (!button || button.disabled) return;
    if (button.id === "end") openConfirm();
    else if (button.id === "confirm-no") closeConfirm();
    else if (button.id === "confirm-yes") {
      closeConfirm();
      send({ intent: "end" }, null);
    } else if (button.dataset.intent) send(intentOf(button), button);
  });

  // --- the phone's screen --------------------------------------------------------------

  let lock = null;
  async function keepAwake() {
    if (!("wakeLock" in navigator) || lock !== null || document.visibilityState !== "visible") return;
    try {
      lock = await navigator.wakeLock.request("screen");
      lock.addEventListener("release", () => { lock = null; });
    } catch (_) {
      lock = null; // refused (battery saver, no gesture yet): the next tap asks again
    }
  }
  byId("tip").hidden = "wakeLock" in navigator;

  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState !== "visible") return;
    keepAwake(); // the browser lets the lock go whenever the page is hidden
    if (!live && !unpaired) connect(); // a phone that slept may have lost the stream
  });
  document.addEventListener("pointerdown", keepAwake);
  window.addEventListener("online", () => { if (!live && !unpaired) connect(); });

  setLive(false, "Connecting…", "Looking for the laptop…");
  keepAwake();
  connect();
})();
