"use strict";
// The console's only script: keyboard and scroll comfort, the tab title count and a
// notification for new waiting conversations. Pages and data come from the server (htmx);
// nothing here builds HTML.
(() => {
  const baseTitle = document.title;
  let lastWaiting = null;

  function waitingCount() {
    return document.querySelectorAll("#conversations .unread:not([hidden])").length;
  }

  function showWaiting() {
    const waiting = waitingCount();
    document.title = waiting ? `(${waiting}) ${baseTitle}` : baseTitle;
    if (lastWaiting !== null && waiting > lastWaiting && document.hidden && window.Notification
        && Notification.permission === "granted") {
      new Notification(baseTitle, { body: `${waiting}`, tag: "desk-inbox" });
    }
    lastWaiting = waiting;
  }

  function markSelected() {
    const open = document.getElementById("thread-view");
    const id = open ? open.dataset.conversation : null;
    document.querySelectorAll("#conversations .conversation").forEach(link =>
      link.classList.toggle("selected", link.dataset.id === id));
  }

  function scrollThread() {
    const thread = document.getElementById("thread");
    if (thread) thread.scrollTop = thread.scrollHeight;
  }

  function afterSwap() {
    showWaiting();
    markSelected();
    scrollThread();
  }

  // Enter sends, Shift+Enter is a new line (not while an IME is composing).
  document.addEventListener("keydown", event => {
    if (event.target.id !== "reply" || event.key !== "Enter" || event.shiftKey
        || event.isComposing) return;
    event.preventDefault();
    event.target.form.requestSubmit();
  });

  document.addEventListener("htmx:afterRequest", event => {
    const form = event.detail.elt;
    if (form.id === "composer" && event.detail.successful) {
      form.reset();
      const reply = document.getElementById("reply");
      reply.value = "";  // a canned reply was the box's default text: reset would keep it
      reply.focus();
    }
  });

  document.addEventListener("click", () => {
    if (window.Notification && Notification.permission === "default") {
      Notification.requestPermission();
    }
  }, { once: true });

  document.addEventListener("htmx:afterSettle", afterSwap);
  document.addEventListener("DOMContentLoaded", afterSwap);
})();
