"use strict";
// Staff handoff console. Every piece of data goes into the page through textContent.
(() => {
  const $ = id => document.getElementById(id);
  const INBOX_POLL_MS = 4000;
  const THREAD_POLL_MS = 3000;
  const PAGE_SIZE = 100;
  const AUTHORS = { citizen: "民眾 Citizen", bot: "機器人 Bot", staff: "服務人員 Staff", system: "系統 System" };
  const CHANNELS = { line: "LINE", telegram: "Telegram", web: "Web" };
  const taipeiTime = new Intl.DateTimeFormat("zh-TW", {
    timeZone: "Asia/Taipei", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", hour12: false,
  });
  const state = { selected: null, lastId: 0, seen: new Set(), timers: [] };

  class SignedOut extends Error {}

  async function api(path, options = {}) {
    const response = await fetch(path, {
      credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      ...options,
    });
    if (response.status === 401) throw new SignedOut();
    const body = response.status === 204 ? null : await response.json().catch(() => null);
    if (!response.ok) throw new Error((body && body.message) || "HTTP " + response.status);
    return body;
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function formatTime(value) {
    if (!value) return "";
    const utc = /(Z|[+-]\d\d:\d\d)$/.test(value) ? value : value + "Z";
    return taipeiTime.format(new Date(utc));
  }

  function showError(id, text) {
    const box = $(id);
    box.textContent = text || "";
    box.hidden = !text;
  }

  function handle(error) {
    if (error instanceof SignedOut) {
      showLogin("登入已逾時，請重新登入。 / Your session ended, please sign in again.");
      return;
    }
    showError("thread-error", error.message);
  }

  // --- sign-in -------------------------------------------------------------

  function stopPolling() {
    state.timers.forEach(clearInterval);
    state.timers = [];
  }

  function showLogin(message) {
    stopPolling();
    clearSelection();
    $("conversations").replaceChildren();
    $("staff-name").textContent = "";
    $("who").hidden = true;
    $("desk-view").hidden = true;
    $("login-view").hidden = false;
    showError("login-error", message);
    $("email").focus();
  }

  function showDesk(staff) {
    $("staff-name").textContent = staff.display_name;
    $("who").hidden = false;
    $("login-view").hidden = true;
    $("desk-view").hidden = false;
    showError("login-error", "");
    refreshInbox();
    state.timers.push(setInterval(refreshInbox, INBOX_POLL_MS));
    state.timers.push(setInterval(pollThread, THREAD_POLL_MS));
  }

  async function signIn(event) {
    event.preventDefault();
    $("login-button").disabled = true;
    try {
      const response = await fetch("/api/auth/login", {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ email: $("email").value.trim(), password: $("password").value }),
      });
      $("password").value = "";
      if (response.status === 401 || response.status === 422) {
        showError("login-error", "電子郵件或密碼錯誤。 / Wrong e-mail or password.");
        return;
      }
      if (!response.ok) throw new Error("HTTP " + response.status);
      showDesk((await response.json()).staff);
    } catch (error) {
      showError("login-error", "無法登入，請稍後再試。 / Could not sign in, please try again.");
    } finally {
      $("login-button").disabled = false;
    }
  }

  async function signOut() {
    await fetch("/api/auth/logout", { method: "POST", credentials: "same-origin" }).catch(() => null);
    showLogin("");
  }

  // --- conversation list ---------------------------------------------------

  function conversationItem(conversation) {
    const button = element("button", "conversation");
    button.type = "button";
    button.dataset.id = conversation.id;
    if (conversation.id === state.selected?.id) button.classList.add("selected");
    const badge = element("span", "badge " + conversation.channel, CHANNELS[conversation.channel] || conversation.channel);
    button.append(badge, element("span", "name", conversation.citizen_label));
    const unread = element("span", "unread", conversation.unread ? String(conversation.unread) : "");
    unread.hidden = !conversation.unread;
    button.append(unread, element("span", "time", formatTime(conversation.last_message_at)));
    button.addEventListener("click", () => select(conversation));
    const item = element("li");
    item.append(button);
    return item;
  }

  async function refreshInbox() {
    try {
      const conversations = await api("/api/conversations/inbox");
      $("conversations").replaceChildren(...conversations.map(conversationItem));
      $("inbox-empty").hidden = conversations.length > 0;
      if (state.selected && !conversations.some(c => c.id === state.selected.id)) clearSelection();
    } catch (error) {
      if (error instanceof SignedOut) handle(error);
    }
  }

  // --- the selected thread -------------------------------------------------

  function clearSelection() {
    state.selected = null;
    state.lastId = 0;
    state.seen.clear();
    $("thread").replaceChildren();
    $("case-list").replaceChildren();
    $("thread-view").hidden = true;
    $("cases-pane").hidden = true;
    $("no-selection").hidden = false;
  }

  function select(conversation) {
    clearSelection();
    state.selected = conversation;
    $("thread-channel").textContent = CHANNELS[conversation.channel] || conversation.channel;
    $("thread-channel").className = "badge " + conversation.channel;
    $("thread-citizen").textContent = conversation.citizen_label;
    $("thread-reason").textContent = conversation.handoff_reason || "";
    $("no-selection").hidden = true;
    $("thread-view").hidden = false;
    $("cases-pane").hidden = false;
    showError("thread-error", "");
    document.querySelectorAll(".conversation").forEach(b =>
      b.classList.toggle("selected", b.dataset.id === String(conversation.id)));
    pollThread();
    loadCases(conversation.id);
    $("reply").focus();
  }

  function renderMessage(message) {
    if (state.seen.has(message.id)) return;
    state.seen.add(message.id);
    state.lastId = Math.max(state.lastId, message.id);
    if (!message.text) return;
    const bubble = element("div", "msg " + message.author);
    bubble.dataset.id = message.id;
    const who = (AUTHORS[message.author] || message.author) + " · " + formatTime(message.created_at);
    bubble.append(element("span", "who", who), document.createTextNode(message.text));
    const thread = $("thread");
    thread.append(bubble);
    thread.scrollTop = thread.scrollHeight;
  }

  async function pollThread() {
    const id = state.selected?.id;
    if (!id) return;
    try {
      for (;;) {
        const found = await api(`/api/conversations/${id}/messages?after=${state.lastId}`);
        if (state.selected?.id !== id) return;
        found.forEach(renderMessage);
        if (found.length < PAGE_SIZE) return;
      }
    } catch (error) {
      handle(error);
    }
  }

  function caseItem(found) {
    const item = element("li", "case");
    item.append(
      element("span", "number", found.number),
      element("span", "status", found.status_label_zh + " " + found.status_label_en),
      element("span", "business", found.business_name),
      element("span", "muted", found.next_step_zh),
    );
    return item;
  }

  async function loadCases(id) {
    try {
      const cases = await api(`/api/conversations/${id}/cases`);
      if (state.selected?.id !== id) return;
      $("case-list").replaceChildren(...cases.map(caseItem));
      $("cases-empty").hidden = cases.length > 0;
    } catch (error) {
      handle(error);
    }
  }

  async function sendReply(event) {
    event.preventDefault();
    const id = state.selected?.id;
    const text = $("reply").value.trim();
    if (!id || !text) return;
    $("send").disabled = true;
    try {
      const body = JSON.stringify({ text });
      renderMessage(await api(`/api/conversations/${id}/messages`, { method: "POST", body }));
      $("reply").value = "";
      showError("thread-error", "");
      refreshInbox();
    } catch (error) {
      handle(error);
    } finally {
      $("send").disabled = false;
      $("reply").focus();
    }
  }

  async function handBack() {
    const id = state.selected?.id;
    if (!id) return;
    try {
      await api(`/api/conversations/${id}/handback`, { method: "POST" });
      clearSelection();
      await refreshInbox();
    } catch (error) {
      handle(error);
    }
  }

  function replyKeys(event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      $("composer").requestSubmit();
    }
  }

  async function start() {
    $("login-form").addEventListener("submit", signIn);
    $("logout").addEventListener("click", signOut);
    $("composer").addEventListener("submit", sendReply);
    $("reply").addEventListener("keydown", replyKeys);
    $("handback").addEventListener("click", handBack);
    try {
      showDesk(await api("/api/auth/me"));
    } catch (error) {
      showLogin("");
    }
  }

  start();
})();
