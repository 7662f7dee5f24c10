// Passkeys: one of the two places ShopWeb needs script (with the product page's variants.js). A form marked
// data-passkey asks the server for WebAuthn options, lets the browser create or use a passkey, puts the answer in the
// form's CredentialJson field and submits it.
(() => {
  for (const form of document.querySelectorAll("form[data-passkey]")) {
    form.hidden = false; // the pages hide them for a browser without script, where they could only fail
    const status = form.querySelector("[data-passkey-status]");
    form.addEventListener("submit", async (event) => {
      if (form.dataset.ready === "yes") {
        return;
      }

      event.preventDefault();
      if (!window.PublicKeyCredential || !PublicKeyCredential.parseCreationOptionsFromJSON) {
        status.textContent = "This browser cannot use passkeys.";
        return;
      }

      try {
        const token = form.querySelector("input[name=__RequestVerificationToken]").value;
        const response = await fetch(form.dataset.optionsUrl, {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ __RequestVerificationToken: token }),
        });
        if (response.redirected) {
          // Sent to "Confirm it's you" (the sign-in is too old to change passkeys): go there, and come back after.
          window.location.assign(response.url);
          return;
        }

        if (!response.ok) {
          throw new Error("options");
        }

        const options = await response.json();
        const credential = form.dataset.passkey === "create"
          ? await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) })
          : await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) });
        form.querySelector("input[name=CredentialJson]").value = JSON.stringify(credential.toJSON());
        form.dataset.ready = "yes";
        form.requestSubmit(event.submitter);
      } catch {
        status.textContent = "The passkey was not used. You can try again.";
      }
    });
  }
})();
