// Photos are made smaller on the phone before they are kept: a phone camera's 4 to 12 MB
// picture becomes a JPEG of a few hundred kilobytes, about 1600 pixels on its long side,
// which is plenty for a report and costs a tenth of the data to send.

const LONG_SIDE = 1600;
const QUALITY = 0.82;

function imageLoad(file) {
  return new Promise((resolve, reject) => {
    const url = URL.createObjectURL(file);
    const image = new Image();
    image.onload = () => {
      URL.revokeObjectURL(url);
      resolve(image);
    };
    image.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new Error("not an image"));
    };
    image.src = url;
  });
}

async function decode(file) {
  if (typeof createImageBitmap === "function") {
    try {
      // Turned the way the camera held it (EXIF orientation).
      return await createImageBitmap(file, { imageOrientation: "from-image" });
    } catch (unsupported) {
      // Older browsers refuse the options, some formats: the <img> way below.
    }
  }
  return imageLoad(file);
}

// A JPEG Blob of the picture in `file`; rejects when the file is not a picture.
export async function photoShrink(file) {
  const picture = await decode(file);
  const width = picture.width || picture.naturalWidth;
  const height = picture.height || picture.naturalHeight;
  if (!width || !height) throw new Error("not an image");
  const scale = Math.min(1, LONG_SIDE / Math.max(width, height));
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const context = canvas.getContext("2d");
  // A transparent PNG would turn black in a JPEG.
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(picture, 0, 0, canvas.width, canvas.height);
  if (typeof picture.close === "function") picture.close();
  return new Promise((resolve, reject) => {
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error("could not encode"))),
      "image/jpeg",
      QUALITY
    );
  });
}
