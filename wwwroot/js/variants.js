// Product page: the variant follows the options at once. The choice form works without script (VariantChoice on the
// server); with it, this reads the variants from the page's JSON block (VariantScriptData) and updates the price,
// stock, SKU, image, the cart form's variant and the address, without a reload. Every word comes from the page. The
// SKUs are read from the page's JSON-LD, which lists the variants in the same order, once a choice is made.
(() => {
  const data = document.getElementById("variant-data");
  const form = document.getElementById("variant-choice");
  if (!data || !form) {
    return;
  }

  const { variants, options, prices, images, stock } = JSON.parse(data.textContent);
  // A variant: [id, price, image, stock wording, most a cart takes (0: none), value index per option].
  const valuesOf = (v) => v.slice(5).join(",");
  const byValues = new Map(variants.map((v, at) => [valuesOf(v), at]));
  let skus;
  const skuAt = (at) => {
    skus ??= JSON.parse(document.querySelector('script[type="application/ld+json"]').textContent).hasVariant.map((v) => v.sku);
    return skus[at];
  };
  const image = document.getElementById("variant-image");
  const price = document.getElementById("variant-price");
  const status = document.getElementById("variant-status");
  const skuLine = document.getElementById("variant-sku-line");
  const sku = document.getElementById("variant-sku");
  const cart = document.getElementById("add-to-cart");
  const radios = options.map((_, i) => [...form.querySelectorAll(`input[name="option${i + 1}"]`)]);
  form.querySelector("[data-choose]").hidden = true;

  const chosen = () => radios.map((group, i) => {
    const checked = group.find((r) => r.checked);
    return checked ? options[i].indexOf(checked.value) : -1;
  });

  const show = () => {
    const picked = chosen();
    const at = byValues.get(picked.join(","));
    if (at !== undefined) {
      const [id, priceAt, imageAt, stockAt, most] = variants[at];
      price.textContent = prices[priceAt];
      price.hidden = false;
      image.src = images[imageAt];
      image.alt = `${image.dataset.name} (${picked.map((v, i) => options[i][v]).join(" / ")})`;
      status.textContent = stock[stockAt];
      sku.textContent = skuAt(at);
      skuLine.hidden = false;
      if (cart) {
        cart.hidden = most === 0;
        cart.elements.variantId.value = most === 0 ? "" : id;
        const quantity = cart.elements.quantity;
        quantity.max = Math.max(1, most);
        quantity.value = Math.min(Number(quantity.value) || 1, Math.max(1, most));
      }

      history.replaceState(history.state, "", `?variant=${id}`);
    } else {
      price.hidden = true; // as the page without script shows a combination that does not exist: no price of its own
      image.alt = image.dataset.name;
      status.textContent = form.dataset.missing;
      skuLine.hidden = true;
      if (cart) {
        cart.hidden = true;
        cart.elements.variantId.value = "";
      }

      history.replaceState(history.state, "", `?${new URLSearchParams(new FormData(form))}`);
    }

    // Each value is marked with what choosing it would give, the other options kept.
    radios.forEach((group, i) => group.forEach((radio) => {
      const trial = picked.slice();
      trial[i] = options[i].indexOf(radio.value);
      const other = byValues.get(trial.join(","));
      radio.closest("label").querySelector(".choice-note").textContent =
        other === undefined ? form.dataset.unavailable : variants[other][4] === 0 ? form.dataset.soldOut : "";
    }));
  };

  form.addEventListener("change", show);
})();
