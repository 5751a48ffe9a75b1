// Walking a plot with the phone's GPS (issue 20, point 2), offline like sessions: the
// trainer stands at each corner of the plot and records it; the closed boundary is kept
// on the phone (IndexedDB store "plots") and sent to /api/v1/plots/ when there is a
// connection, with an id made here, so a plot sent twice is stored once (decision 0012).
//
// A plot record: {uuid, payload (exactly what is uploaded), status, message, areaHa,
// flagged, summary: {farmer, group}, createdAt}. The screen and the sentences come from
// the server's supply base (config.plots, config.messages); without it the app shows
// no plot screen at all.

import { plotsUpload } from "./api.js";
import { ON_SERVER, REFUSED, SAVED, groupsAll, rosterOf } from "./data.js";
import { getAll, put, transact, result } from "./db.js";
import { appConfig, el, fill, newUuid, t } from "./util.js";

const config = appConfig();
const $ = (id) => document.getElementById(id);
// A corner fixed less precisely than this is refused: the plot would be mostly error.
const WORST_ACCURACY_M = 50;

export function plotsEnabled() {
  return Boolean(config.plots && config.api.plots);
}

export function plotsAll() {
  return getAll("plots").then((plots) => plots.sort((a, b) => b.createdAt - a.createdAt));
}

// About the area, for the trainer's eye only (the server measures it on the ellipsoid):
// the shoelace formula on metres east and north of the first corner.
export function roughAreaHa(points) {
  if (points.length < 3) return 0;
  const [lon0, lat0] = points[0];
  const east = 111320 * Math.cos((lat0 * Math.PI) / 180);
  const north = 110540;
  const xy = points.map(([lon, lat]) => [(lon - lon0) * east, (lat - lat0) * north]);
  let twice = 0;
  xy.forEach(([x1, y1], index) => {
    const [x2, y2] = xy[(index + 1) % xy.length];
    twice += x1 * y2 - x2 * y1;
  });
  return Math.abs(twice) / 2 / 10000;
}

let walk = null; // {points: [[lon, lat]], accuracy}

function position() {
  return new Promise((resolve, reject) => {
    if (!navigator.geolocation) {
      reject(new Error(t("walkNoGps")));
      return;
    }
    navigator.geolocation.getCurrentPosition(resolve, (error) => reject(new Error(error.message || t("walkNoGps"))), {
      enableHighAccuracy: true,
      timeout: 30000,
      maximumAge: 0,
    });
  });
}

// The label names its control by id (not by wrapping it), so the control's accessible
// name is the label alone, not the label and every option.
function label(text, control) {
  return el("div", { className: "field" }, [el("label", { className: "field__label", htmlFor: control.id }, [text]), control]);
}

function cornersShow() {
  const count = walk.points.length;
  $("walk-corners").textContent = t("walkCorners", { count });
  $("walk-area").textContent = count >= 3 ? t("walkArea", { area: roughAreaHa(walk.points).toFixed(2) }) : "";
  $("walk-undo").disabled = count === 0;
}

async function farmersShow(groupId) {
  const farmers = (await rosterOf(groupId)).filter((farmer) => !farmer.removed);
  farmers.sort((a, b) => String(a.member_code).localeCompare(String(b.member_code)));
  fill(
    $("walk-farmer"),
    el("option", { value: "" }, ["—"]),
    ...farmers.map((farmer) =>
      el("option", { value: String(farmer.id) }, [[farmer.member_code, farmer.name].filter(Boolean).join(" · ")])
    )
  );
}

async function cornerRecord() {
  const status = $("walk-status");
  status.textContent = t("locating");
  status.classList.remove("notice--error");
  try {
    const found = await position();
    const { longitude, latitude, accuracy } = found.coords;
    if (accuracy && accuracy > WORST_ACCURACY_M) {
      status.textContent = t("walkInaccurate", { metres: Math.round(accuracy) });
      status.classList.add("notice--error");
      return;
    }
    walk.points.push([Number(longitude.toFixed(7)), Number(latitude.toFixed(7))]);
    status.textContent = accuracy ? t("walkAccuracy", { metres: Math.round(accuracy) }) : "";
    cornersShow();
  } catch (error) {
    status.textContent = `${t("walkNoGps")} ${error.message || ""}`.trim();
    status.classList.add("notice--error");
  }
}

async function plotSave(onSaved) {
  const error = $("walk-error");
  const farmerId = Number($("walk-farmer").value);
  const problems = [];
  if (!farmerId) problems.push(t("walkFarmerRequired"));
  if (walk.points.length < 3) problems.push(t("walkTooFew"));
  error.textContent = problems.join(" ");
  error.hidden = !problems.length;
  if (problems.length) return;
  const farmerOption = $("walk-farmer").selectedOptions[0];
  const groupOption = $("walk-group").selectedOptions[0];
  const uuid = newUuid();
  const ring = walk.points.concat([walk.points[0]]);
  const record = {
    uuid,
    status: SAVED,
    message: "",
    areaHa: null,
    flagged: false,
    createdAt: Date.now(),
    summary: { farmer: farmerOption.textContent, group: groupOption.textContent },
    payload: {
      id: uuid,
      farmer: farmerId,
      name: $("walk-name").value.trim(),
      commodity: $("walk-crop").value,
      tenure: $("walk-tenure").value,
      points: ring,
    },
  };
  await put("plots", record);
  walk = null;
  onSaved();
}

function statusText(plot) {
  if (plot.status === ON_SERVER) {
    const parts = [t("statusOnServer")];
    if (plot.areaHa) parts.push(`${plot.areaHa} ha`);
    if (plot.flagged) parts.push(t("plotFlagged"));
    return parts.join(" · ");
  }
  if (plot.status === REFUSED) return t("statusRefused", { message: plot.message });
  return t("statusSaved");
}

async function plotListShow() {
  const plots = await plotsAll();
  const items = plots.map((plot) =>
    el("li", { className: `session session--${plot.status.replace("_", "-")}`, dataset: { uuid: plot.uuid } }, [
      el("p", { className: "session__title" }, [plot.payload.name || plot.summary.farmer]),
      el("p", { className: "session__meta" }, [`${plot.summary.group} · ${plot.summary.farmer}`]),
      el("p", { className: `status status--${plot.status.replace("_", "-")}` }, [statusText(plot)]),
    ])
  );
  fill($("walk-list"), ...(items.length ? items : [el("li", { className: "muted" }, [t("noPlots")])]));
}

// The screen: built here rather than in the shell, so the shell carries no plot words
// when the site has no supply base.
export async function plotWalkShow(onSaved) {
  $("walk-title").textContent = t("walkTitle");
  walk = walk || { points: [] };
  const groups = await groupsAll();
  const body = $("walk-body");
  const tenure = el(
    "select",
    { id: "walk-tenure" },
    config.plots.tenures.map(([value, text]) => el("option", { value }, [text]))
  );
  tenure.value = "unknown";
  const crop = el(
    "select",
    { id: "walk-crop" },
    [el("option", { value: "" }, ["—"])].concat(config.plots.commodities.map(([value, text]) => el("option", { value }, [text])))
  );
  fill(
    body,
    el("p", { className: "muted" }, [t("walkIntro")]),
    label(
      t("walkGroup"),
      el(
        "select",
        { id: "walk-group", onchange: (event) => farmersShow(Number(event.target.value)) },
        groups.map((group) => el("option", { value: String(group.id) }, [group.name]))
      )
    ),
    label(t("walkFarmer"), el("select", { id: "walk-farmer" }, [])),
    label(t("walkName"), el("input", { id: "walk-name", type: "text", maxLength: 120 }, [])),
    label(t("walkCrop"), crop),
    label(t("walkTenure"), tenure),
    el("p", { id: "walk-status", className: "notice", role: "status", ariaLive: "polite" }, []),
    el("p", { id: "walk-corners" }, []),
    el("p", { id: "walk-area", className: "muted" }, []),
    el("div", { className: "actions" }, [
      el("button", { type: "button", id: "walk-corner", className: "button", onclick: cornerRecord }, [t("walkCorner")]),
      el(
        "button",
        {
          type: "button",
          id: "walk-undo",
          className: "button button--secondary",
          onclick: () => {
            walk.points.pop();
            cornersShow();
          },
        },
        [t("walkUndo")]
      ),
    ]),
    el("p", { id: "walk-error", className: "notice notice--error", hidden: true }, []),
    el("div", { className: "actions" }, [
      el("button", { type: "button", id: "walk-save", className: "button", onclick: () => plotSave(onSaved) }, [t("walkSave")]),
      el("a", { href: "#", className: "button button--secondary" }, [t("walkBack")]),
    ]),
    el("h2", {}, [t("plotsOnPhone")]),
    el("ul", { id: "walk-list", className: "session-list" }, [])
  );
  if (groups.length) await farmersShow(groups[0].id);
  cornersShow();
  await plotListShow();
}

// Sync: plots saved on this phone go up in batches; each gets the server's answer.
// `unexpected(response)` is sync.js's handling of an answer that is no answer (signed
// out, a server error): it throws, and the plots wait for the next run.
export async function plotsSend(token, unexpected) {
  if (!plotsEnabled()) return;
  const waiting = (await plotsAll()).filter((plot) => plot.status === SAVED);
  const size = config.limits.uploadBatch;
  for (let start = 0; start < waiting.length; start += size) {
    const batch = waiting.slice(start, start + size);
    const response = await plotsUpload(
      token,
      batch.map((plot) => plot.payload)
    );
    if (response.status !== 200 || !response.data || !Array.isArray(response.data.results)) {
      unexpected(response);
    }
    await transact(["plots"], "readwrite", async (stores) => {
      for (const answer of response.data.results) {
        const plot = await result(stores.plots.get(answer.id));
        if (!plot) continue;
        if (answer.status === "accepted" || answer.status === "already_known") {
          Object.assign(plot, { status: ON_SERVER, areaHa: answer.area_ha, flagged: Boolean(answer.flagged), message: "" });
        } else {
          const messages = Object.values(answer.errors || {}).flat();
          Object.assign(plot, { status: REFUSED, message: messages.join(" ") });
        }
        stores.plots.put(plot);
      }
    });
  }
}
