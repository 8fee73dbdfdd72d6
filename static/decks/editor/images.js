// The deck's images: the list with each image's use, upload by picking or
// dropping files, replace, rename, describe and delete; and the images the
// deck names but lacks. An image's description is its alt text on every
// slide; a decorative one is drawn with an empty alt.

import { elementsOf } from "./elements.js";
import { listItem } from "./lines.js";

export class ImagesPanel {
  constructor(panel, { session, status, structure, api, urls }) {
    Object.assign(this, { session, status, structure, api, urls });
    Object.assign(
      this,
      elementsOf(panel, {
        input: "[data-image-input]",
        dropZone: "[data-drop-zone]",
        message: "[data-image-message]",
        list: "[data-image-list]",
        missing: "[data-missing-images]",
      }),
    );

    this.input.addEventListener("change", async () => {
      await this.upload([...this.input.files]);
      this.input.value = "";
    });
    const dropZone = this.dropZone;
    dropZone.addEventListener("dragover", (event) => {
      if (!event.dataTransfer.types.includes("Files")) return;
      event.preventDefault();
      dropZone.classList.add("drag-over");
    });
    dropZone.addEventListener("dragleave", () => dropZone.classList.remove("drag-over"));
    dropZone.addEventListener("drop", (event) => {
      if (!event.dataTransfer.files.length) return;
      event.preventDefault();
      dropZone.classList.remove("drag-over");
      this.upload([...event.dataTransfer.files]);
    });
    this.list.addEventListener("click", (event) => this.onClick(event));
    this.list.addEventListener("change", (event) => {
      if (!event.target.matches("[data-image-decorative]")) return;
      event.target.closest(".image-item").querySelector("[data-image-description]").disabled = event.target.checked;
    });
    // One file picker for "Replace": it uploads the file under the name of
    // the image whose button opened it.
    this.replaceInput = document.createElement("input");
    Object.assign(this.replaceInput, { type: "file", hidden: true, accept: this.input.accept });
    this.replaceInput.dataset.replaceInput = "";
    panel.append(this.replaceInput);
    this.replaceInput.addEventListener("change", async () => {
      const [file] = this.replaceInput.files;
      if (file && this.replacing) await this.upload([file], this.replacing);
      this.replaceInput.value = "";
      this.replacing = null;
    });
  }

  render() {
    const state = this.session.state;
    this.missing.replaceChildren(
      ...state.health.missing_images.map((name) =>
        listItem(`${name} is named by the deck but not uploaded.`, "missing-image"),
      ),
    );
    this.list.replaceChildren(...state.assets.map((asset) => imageItem(asset)));
  }

  /** Whether a save's answer changes what this panel shows: the images' uses, or the missing ones. */
  differ({ assets, health }) {
    const shown = (state) => JSON.stringify([state.assets, state.health.missing_images]);
    return shown({ assets, health }) !== shown(this.session.state);
  }

  async change(label, request) {
    this.message.textContent = "";
    const result = await this.structure.run(label, request, () => this.session.selectedId);
    if (this.status.kind === "error") this.message.textContent = this.status.text;
    return result;
  }

  /**
   * Uploads images pasted or dropped into the slide's text, through the same
   * endpoint and limits as any upload; resolves to the names they were stored
   * under (null if refused). A name the deck already has gets a number
   * (`image-2.png`), so a paste never replaces an image by chance.
   */
  async uploadInto(files) {
    const names = [];
    for (const file of files) {
      const taken = new Set(this.session.state.assets.map((asset) => asset.name));
      const result = await this.upload([file], freeName(file.name || "image.png", taken), "Uploading");
      if (!result) return names.length ? names : null;
      names.push(...result.names);
    }
    return names;
  }

  /** Uploads files under their own names, or one file under `name` (replacing that image, even in a folder). */
  upload(files, name = null, label = name ? "Replacing the image" : "Uploading") {
    if (!files.length) return;
    return this.change(label, () => {
      const form = new FormData();
      for (const file of files) form.append("images", file);
      if (name) form.append("name", name);
      form.append("version", this.session.state.version);
      return this.api.upload(this.urls.uploadImages, form);
    });
  }

  onClick(event) {
    const { session, api, urls } = this;
    const item = event.target.closest(".image-item");
    if (!item) return;
    const id = Number(item.dataset.imageId);
    const asset = session.state.assets.find((candidate) => candidate.id === id);
    if (event.target.matches("[data-replace-image]")) {
      this.replacing = asset.name;
      this.replaceInput.click();
    } else if (event.target.matches("[data-rename-image]")) {
      const name = item.querySelector("[data-image-name]").value.trim();
      if (name === asset.name) return;
      this.change("Renaming the image", () => api.post(urls.renameImage(id), { version: session.state.version, name }));
    } else if (event.target.matches("[data-describe-image]")) {
      const description = item.querySelector("[data-image-description]").value.trim();
      const decorative = item.querySelector("[data-image-decorative]").checked;
      this.change("Saving the description", () =>
        api.post(urls.describeImage(id), { version: session.state.version, description, decorative }),
      );
    } else if (event.target.matches("[data-delete-image]")) {
      const use = asset.used_on.length ? ` It is used on slide ${asset.used_on.join(", ")}.` : "";
      if (!window.confirm(`Delete ${asset.name}?${use}`)) return;
      this.change("Deleting the image", () => api.post(urls.deleteImage(id), { version: session.state.version }));
    }
  }
}

/** `name`, or it with the first number that makes it a name not in `taken`. */
export function freeName(name, taken) {
  if (!taken.has(name)) return name;
  const dot = name.lastIndexOf(".");
  const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ""];
  for (let number = 2; ; number++) {
    const candidate = `${stem}-${number}${extension}`;
    if (!taken.has(candidate)) return candidate;
  }
}

function imageItem(asset) {
  const item = document.createElement("li");
  item.className = "image-item";
  item.dataset.imageId = asset.id;
  const image = document.createElement("img");
  image.src = asset.url;
  image.alt = "";
  image.loading = "lazy";
  const name = document.createElement("input");
  name.value = asset.name;
  name.setAttribute("aria-label", `New name for ${asset.name}`);
  name.dataset.imageName = "";
  const rename = actionButton("Rename", "renameImage");
  const replace = actionButton("Replace", "replaceImage");
  replace.title = `Upload a new file as ${asset.name}`;
  const remove = actionButton("Delete", "deleteImage", "danger");
  const used = document.createElement("span");
  used.className = "image-use muted";
  used.textContent = asset.used_on.length
    ? `Used on slide${asset.used_on.length === 1 ? "" : "s"} ${asset.used_on.join(", ")}`
    : "Not used on any slide";
  const size = document.createElement("span");
  size.className = "muted";
  size.textContent = `${Math.max(1, Math.round(asset.size / 1024))} KB`;
  // The slides show a copy of a very large image; this is the file as uploaded.
  const original = document.createElement("a");
  original.href = asset.original_url;
  original.download = "";
  original.textContent = "Download";
  original.setAttribute("aria-label", `Download ${asset.name} as uploaded`);
  item.append(image, name, rename, replace, remove, used, size, original, describeFields(asset));
  return item;
}

/** What the image shows, for those who cannot see it; or that it only decorates. */
function describeFields(asset) {
  const fields = document.createElement("div");
  fields.className = "image-description";
  const id = `image-description-${asset.id}`;
  const label = document.createElement("label");
  label.htmlFor = id;
  label.textContent = `Description of ${asset.name}`;
  const description = document.createElement("input");
  Object.assign(description, { id, type: "text", value: asset.description, maxLength: 500, disabled: asset.decorative });
  description.placeholder = "What the image shows";
  description.dataset.imageDescription = "";
  const decorativeLabel = document.createElement("label");
  const decorative = document.createElement("input");
  Object.assign(decorative, { type: "checkbox", checked: asset.decorative });
  decorative.dataset.imageDecorative = "";
  decorativeLabel.append(decorative, " Decorative (screen readers skip it)");
  const save = actionButton("Save description", "describeImage");
  save.setAttribute("aria-label", `Save the description of ${asset.name}`);
  fields.append(label, description, decorativeLabel, save);
  return fields;
}

/** A button of an image's row; `action` names the data attribute the panel's click handler looks for. */
function actionButton(text, action, className = "secondary") {
  const button = document.createElement("button");
  button.type = "button";
  button.className = className;
  button.textContent = text;
  button.dataset[action] = "";
  return button;
}
