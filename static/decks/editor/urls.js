// The editor's addresses, as the page gives them in data-* attributes. Those
// that name a slide or an image carry a named placeholder ({slide_id},
// {asset_id}) that is filled in here.

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (placeholder, name) => {
    if (!(name in values)) throw new Error(`No value for ${placeholder} in ${template}`);
    return encodeURIComponent(values[name]);
  });
}

export function editorUrls(root) {
  const urls = root.dataset;
  return {
    state: urls.stateUrl,
    text: urls.textUrl,
    saveText: urls.saveTextUrl,
    preview: urls.previewUrl,
    measure: urls.measureUrl,
    recordMeasures: urls.recordMeasuresUrl,
    addSlide: urls.addSlideUrl,
    reorderSlides: urls.reorderSlidesUrl,
    uploadImages: urls.uploadImagesUrl,
    terminals: urls.terminalsUrl,
    writeTerminalOnce: urls.writeTerminalOnceUrl,
    saveSlide: (id) => fill(urls.saveSlideUrl, { slide_id: id }),
    duplicateSlide: (id) => fill(urls.duplicateSlideUrl, { slide_id: id }),
    deleteSlide: (id) => fill(urls.deleteSlideUrl, { slide_id: id }),
    renameImage: (id) => fill(urls.renameImageUrl, { asset_id: id }),
    describeImage: (id) => fill(urls.describeImageUrl, { asset_id: id }),
    deleteImage: (id) => fill(urls.deleteImageUrl, { asset_id: id }),
    saveLook: urls.saveLookUrl,
    previewLook: urls.previewLookUrl,
    uploadFonts: urls.uploadFontsUrl,
    deleteFont: (id) => fill(urls.deleteFontUrl, { asset_id: id }),
  };
}
