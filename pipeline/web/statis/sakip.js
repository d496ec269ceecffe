// Meja SAKIP: the build page polls the build's state once a second and shows its progress.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("build");
  if (!box) return;
  const message = document.getElementById("build-pesan");
  const stage = document.getElementById("build-tahap");
  const bar = document.getElementById("build-kemajuan");
  const done = document.getElementById("build-selesai");
  const start = document.getElementById("mulai-build");
  let watching = box.dataset.keadaan === "berjalan";
  async function poll() {
    try {
      const response = await fetch(box.dataset.url, { cache: "no-store", credentials: "same-origin" });
      if (!response.ok) return;
      const s = await response.json();
      stage.textContent = s.stage || "";
      bar.max = Math.max(s.total, 1);
      bar.value = s.done;
      if (s.state === "berjalan") {
        message.textContent = "Build periode " + s.periode + " sedang berjalan (dimulai oleh " + s.oleh + ").";
        if (start) start.disabled = true;
      } else if (s.state === "selesai") {
        message.textContent = "Build periode " + s.periode + " selesai (arsip #" + s.build_id + "). " + s.message;
        done.hidden = false;
        done.querySelector("a").href = "/berkas?periode=" + encodeURIComponent(s.periode);
        if (start) start.disabled = false;
        watching = false;
      } else if (s.state === "gagal") {
        message.textContent = "Build periode " + s.periode + " gagal: " + s.message;
        if (start) start.disabled = false;
        watching = false;
      }
    } finally {
      if (watching) setTimeout(poll, 1000);
    }
  }
  if (watching) poll();
});
