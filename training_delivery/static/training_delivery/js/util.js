// Small helpers shared by the trainer app's modules. Plain ES2019: old Android phones run it.

const config = JSON.parse(document.getElementById("trainer-app-config").textContent);

export function appConfig() {
  return config;
}

// "Refused: %(message)s" with {message: "…"}: the placeholders of the server's messages.
export function t(key, values) {
  const text = config.messages[key] || key;
  if (!values) return text;
  return text.replace(/%\((\w+)\)s/g, (match, name) =>
    Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : match
  );
}

// crypto.randomUUID needs Chrome 92 and a secure context; older phones get a version 4
// UUID from crypto.getRandomValues, which every browser with service workers has.
export function newUuid() {
  if (window.crypto && typeof window.crypto.randomUUID === "function") {
    return window.crypto.randomUUID();
  }
  const bytes = window.crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    hex.slice(12, 16),
    hex.slice(16, 20),
    hex.slice(20),
  ].join("-");
}

function pad(number) {
  return String(number).padStart(2, "0");
}

// The phone's own date: the session happened where the phone is, not in UTC.
export function isoDate(date) {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function today() {
  return isoDate(new Date());
}

export function nowTime() {
  const now = new Date();
  return `${pad(now.getHours())}:${pad(now.getMinutes())}`;
}

// Builds an element: el("li", {className: "x", onclick: f}, [child, "text"]).
export function el(tag, properties, children) {
  const element = document.createElement(tag);
  Object.keys(properties || {}).forEach((name) => {
    const value = properties[name];
    if (value === undefined || value === null || value === false) return;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (name === "dataset") Object.assign(element.dataset, value);
    else if (name in element && name !== "list") element[name] = value;
    else element.setAttribute(name, value === true ? "" : value);
  });
  (children || []).forEach((child) => {
    if (child === null || child === undefined || child === false) return;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  });
  return element;
}

// Element.replaceChildren, which phones before Chrome 86 lack.
export function fill(parent, ...children) {
  parent.textContent = "";
  parent.append(...children);
}

// Dates in the page's language with its own month names (Thai, Burmese…), day first
// outside the US: the site's English is international English ("Tue 6 Oct 2026"), as on
// its pages (decision 0020).
export function dateLocale(language = config.language) {
  return language === "en" ? "en-GB" : language;
}

export function formatDate(isoDay) {
  const [year, month, day] = isoDay.split("-").map(Number);
  return new Intl.DateTimeFormat(dateLocale(), {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
  }).format(new Date(year, month - 1, day));
}

export function formatTime(timestamp) {
  return new Intl.DateTimeFormat(dateLocale(), {
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
  }).format(new Date(timestamp));
}
