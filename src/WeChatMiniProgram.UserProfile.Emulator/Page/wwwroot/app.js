// The emulator's page: plain JavaScript over the emulator's own HTTP endpoints, no build step, no network.
// Data from the emulator is only ever set as text (textContent), never as HTML.
"use strict";

const $ = (selector) => document.querySelector(selector);

async function call(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* the body says what went wrong */ }
  return { status: response.status, json, text };
}

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text ?? "";
  if (className) td.className = className;
  return td;
}

// An avatar: the picture when it loads, the nickname's first letter when it cannot (offline, or no URL).
function avatar(target, userInfo) {
  target.replaceChildren();
  target.textContent = [...(userInfo.nickName || "?")][0];
  const url = userInfo.avatarUrl || "";
  if (/^https?:\/\//i.test(url)) {
    const img = document.createElement("img");
    img.alt = "";
    img.referrerPolicy = "no-referrer";
    img.addEventListener("load", () => target.replaceChildren(img));
    img.src = url;
  }
}

function fillSelect(select, values) {
  const previous = select.value;
  select.replaceChildren(...values.map(([value, label]) => new Option(label, value)));
  if (values.some(([value]) => value === previous)) select.value = previous;
}

// ---- apps and users ----
async function loadApps() {
  const { json } = await call("GET", "/emulator/apps");
  const body = $("#apps tbody");
  body.replaceChildren();
  for (const app of json) {
    const row = body.insertRow();
    cell(row, app.appid);
    cell(row, app.name);
    cell(row, app.issueUnionId ? "yes" : "no");
    cell(row, app.baseLibrary);
  }
  fillSelect($("#phone-app"), json.map((app) => [app.appid, `${app.name} (${app.appid})`]));
}

const genders = ["unknown", "male", "female"];
let users = [];

async function loadUsers() {
  users = (await call("GET", "/emulator/users")).json;
  const body = $("#users tbody");
  body.replaceChildren();
  for (const { user, blocked, userInfo } of users) {
    const row = body.insertRow();
    const picture = document.createElement("span");
    picture.className = "avatar";
    avatar(picture, userInfo);
    row.insertCell().append(picture);
    cell(row, blocked ? `${user} (blocked: 40226)` : user);
    cell(row, userInfo.nickName);
    cell(row, genders[userInfo.gender] ?? String(userInfo.gender));
    cell(row, userInfo.language);
    cell(row, [userInfo.city, userInfo.province, userInfo.country].filter(Boolean).join(", "));
    const edit = document.createElement("button");
    edit.type = "button";
    edit.textContent = "Edit";
    edit.setAttribute("aria-label", `Edit ${user}`);
    edit.addEventListener("click", () => editUser(user, userInfo, blocked));
    row.insertCell().append(edit);
  }
  fillSelect($("#phone-user"), users.map(({ user, userInfo }) => [user, `${user} · ${userInfo.nickName}`]));
  offerNickname();
}

function editUser(user, userInfo, blocked) {
  const form = $("#user-form");
  form.elements.user.value = user;
  form.elements.blocked.checked = Boolean(blocked);
  for (const name of ["nickName", "gender", "language", "city", "province", "country", "avatarUrl"]) {
    form.elements[name].value = String(userInfo[name] ?? "");
  }
  form.elements.nickName.focus();
}

$("#user-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  const userInfo = {
    nickName: form.elements.nickName.value,
    gender: Number(form.elements.gender.value),
    language: form.elements.language.value,
    city: form.elements.city.value,
    province: form.elements.province.value,
    country: form.elements.country.value,
    avatarUrl: form.elements.avatarUrl.value,
    blocked: form.elements.blocked.checked,
  };
  const user = form.elements.user.value;
  const { status, json, text } = await call("PUT", `/emulator/users/${encodeURIComponent(user)}`, userInfo);
  $("#user-status").textContent = status === 200 ? `Saved ${user}.` : (json?.message ?? text);
  if (status === 200) await loadUsers();
});

// ---- the phone ----
$("#login").addEventListener("click", async () => {
  const { status, json, text } = await call("POST", "/emulator/login", { appid: $("#phone-app").value, user: $("#phone-user").value });
  $("#code").textContent = status === 200 ? json.code : (json?.message ?? text);
});

$("#get-profile").addEventListener("click", async () => {
  $("#result").textContent = "Waiting for the user to answer the prompt…";
  const { json, text } = await call("POST", "/emulator/getUserProfile", {
    appid: $("#phone-app").value,
    user: $("#phone-user").value,
    desc: $("#desc").value,
    lang: $("#lang").value,
    consent: "ask",
  });
  $("#result").textContent = json ? JSON.stringify(json, null, 2) : text;
});

// ---- 头像昵称填写: the avatar and nickname, sent to the backend by the phone ----
function offerNickname() {
  const user = users.find(({ user }) => user === $("#phone-user").value);
  const offer = $("#offer-nickname");
  offer.textContent = user ? `Use WeChat nickname: ${user.userInfo.nickName}` : "";
  offer.hidden = !user;
}

$("#phone-user").addEventListener("change", offerNickname);
$("#offer-nickname").addEventListener("click", () => {
  const user = users.find(({ user }) => user === $("#phone-user").value);
  if (user) $("#fill-in").elements.nickName.value = user.userInfo.nickName;
});

async function chosenAvatar(form) {
  const choice = form.elements.avatar.value;
  if (choice === "none") return undefined;
  if (choice !== "file") return { builtin: choice };
  const file = form.elements.file.files[0];
  if (!file) return undefined;
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { base64: btoa(binary), fileName: file.name, contentType: file.type || "application/octet-stream" };
}

$("#fill-in").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  $("#fill-in-result").textContent = "Sending…";
  const nickName = form.elements.nickName.value;
  const { json, text } = await call("POST", "/emulator/fill-in", {
    appid: $("#phone-app").value,
    user: $("#phone-user").value,
    backend: form.elements.backend.value,
    nickName: nickName === "" ? undefined : nickName,
    avatar: await chosenAvatar(form),
  });
  $("#fill-in-result").textContent = json?.steps
    ? json.steps.map((step) => `${step.step}: ${step.status ?? "unreachable"} ${step.answer}`).join("\n")
    : (json?.message ?? text);
});

// ---- the consent prompt: the oldest waiting one, as a phone shows one at a time ----
let shownPrompt = null;

function showPrompt(prompts) {
  const dialog = $("#prompt");
  const prompt = prompts[0];
  if (!prompt) {
    dialog.hidden = true;
    shownPrompt = null;
    return;
  }
  $("#prompt-queue").textContent = prompts.length > 1 ? `${prompts.length - 1} more waiting` : "";
  if (shownPrompt === prompt.id) return;
  shownPrompt = prompt.id;
  $("#prompt-app").textContent = prompt.appName;
  $("#prompt-desc").textContent = prompt.desc;
  $("#prompt-nickname").textContent = prompt.userInfo.nickName;
  avatar($("#prompt-avatar"), prompt.userInfo);
  dialog.dataset.promptId = String(prompt.id);
  dialog.hidden = false;
}

async function answer(value) {
  const id = $("#prompt").dataset.promptId;
  $("#prompt").hidden = true;
  shownPrompt = null;
  await call("POST", `/emulator/prompts/${id}`, { answer: value });
  await pollPrompts(false);
}

$("#allow").addEventListener("click", () => answer("allow"));
$("#deny").addEventListener("click", () => answer("deny"));

async function pollPrompts(again = true) {
  try {
    showPrompt((await call("GET", "/emulator/prompts")).json ?? []);
  } catch { /* the emulator stopped; keep trying */ }
  if (again) setTimeout(pollPrompts, 400);
}

// ---- the call log and the clock ----
let lastCalls = "";

async function pollCalls() {
  try {
    const { text, json } = await call("GET", "/emulator/calls?last=100");
    if (text !== lastCalls) {
      lastCalls = text;
      const body = $("#calls tbody");
      body.replaceChildren();
      json.slice().reverse().forEach((entry, index) => {
        const row = body.insertRow();
        cell(row, String(json.length - index));
        cell(row, entry.api);
        cell(row, entry.appid);
        cell(row, String(entry.errcode), entry.errcode === 0 ? "" : "error");
        cell(row, entry.forceRefresh === undefined || entry.forceRefresh === null ? "" : String(entry.forceRefresh));
      });
    }
    await readClock(0);
  } catch { /* the emulator stopped; keep trying */ }
  setTimeout(pollCalls, 1000);
}

let lastPushes = "";

async function pollPushes() {
  try {
    const { text, json } = await call("GET", "/emulator/pushes?last=100");
    if (text !== lastPushes) {
      lastPushes = text;
      const body = $("#pushes tbody");
      body.replaceChildren();
      json.slice().reverse().forEach((push) => {
        const row = body.insertRow();
        cell(row, push.event);
        cell(row, push.traceId);
        cell(row, String(push.attempt));
        cell(row, push.status === null ? "—" : String(push.status));
        cell(row, push.acknowledged ? "yes" : "no", push.acknowledged ? "" : "error");
        cell(row, push.note);
      });
    }
  } catch { /* the emulator stopped; keep trying */ }
  setTimeout(pollPushes, 1000);
}

async function readClock(seconds) {
  const { json } = await call("POST", "/emulator/clock", { advanceSeconds: seconds });
  $("#now").textContent = new Date(json.now * 1000).toISOString().replace("T", " ").replace(".000Z", " UTC");
}

$("#clock").addEventListener("submit", async (event) => {
  event.preventDefault();
  await readClock(Math.max(0, Math.floor(Number($("#advance").value) || 0)));
});

loadApps();
loadUsers();
pollPrompts();
pollCalls();
pollPushes();
